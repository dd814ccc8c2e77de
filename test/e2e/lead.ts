// The lead's console in the e2e: the top bar's switch, then a room's tab.
import { expect, type Locator, type Page } from '@playwright/test';
import type { ConsoleRoom } from '../../renderer/lead/console/LeadConsole.js';

/** Opens the web host at 1280×800 and signs in the demo lead 王丽 (lead01). */
export async function signInLead(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  await page.getByTestId('login-username').fill('lead01');
  await page.getByTestId('login-password').fill('demo-pass-1');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('agent-name')).toHaveText('王丽');
}

/** The console's tab of a room (with `data-count`), the console brought to the front first. */
export async function consoleTab(page: Page, room: ConsoleRoom): Promise<Locator> {
  await page.locator('[data-testid="view-switch"][data-view="console"]').click();
  return page.locator(`[data-testid="console-tab"][data-room="${room}"]`);
}

/** Opens a room of the console; returns the room. A room the console lacks fails at once. */
export async function openRoom(page: Page, room: ConsoleRoom): Promise<Locator> {
  const tab = await consoleTab(page, room);
  await expect(tab, `the console has a ${room} room`).toBeVisible();
  await tab.click();
  return page.locator(`[data-testid="console-room"][data-room="${room}"]`);
}

/** Back to the lead's own phone and panel. */
export async function openDesk(page: Page): Promise<void> {
  await page.locator('[data-testid="view-switch"][data-view="desk"]').click();
}
