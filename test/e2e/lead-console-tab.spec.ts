// A lead's second monitor under the web host: the top bar opens the console in a tab of its own
// (`?view=console`), signed in as the same lead, with the console only — the phone stays in the
// desk's tab, so the SIP account never registers twice.
import { expect, test } from './fixtures.js';
import { signInLead } from './lead.js';

test('the console opens in a tab of its own, without a second phone', async ({ page, web }) => {
  await signInLead(page, web.url);

  const opened = page.context().waitForEvent('page');
  await page.getByTestId('console-new-window').click();
  const tab = await opened;
  await tab.waitForLoadState();
  expect(new URL(tab.url()).searchParams.get('view')).toBe('console');
  await expect(tab.getByTestId('agent-name')).toHaveText('王丽');
  await expect(tab.getByTestId('lead-console')).toBeVisible();
  await expect(tab.getByTestId('console-room').first()).toBeVisible();
  // The console tab has no phone of its own (no desk to switch to) and offers no further tab.
  await expect(tab.locator('#softphone-title')).toHaveCount(0);
  await expect(tab.getByTestId('view-switch')).toHaveCount(0);
  await expect(tab.getByTestId('console-new-window')).toHaveCount(0);
  // The desk's tab keeps its phone.
  await expect(page.locator('#softphone-title')).toHaveCount(1);
});
