// What the lead does in the console, through the hooks of each room — one place for the
// selectors, so the scenarios in lead-console.spec.ts read like the lead's shift. Forms inside a
// room (an outcome, an answer, a police case number, a lift's reason) use the rooms' own hooks.
import type { Locator, Page } from '@playwright/test';
import { expect, KAMAILIO_MISSING, POSTGRES_MISSING, test } from './fixtures-floor.js';
import { openRoom } from './lead.js';

/**
 * The opening of each console spec file: skipped where Kamailio or PostgreSQL is missing, the
 * file's timeout (three web hosts, two records services and calls on a small machine), and a hook
 * a room lacks failing its step in seconds, not at the test's timeout.
 */
export function consoleSpec(timeoutMs: number): void {
  test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');
  test.skip(POSTGRES_MISSING !== null, POSTGRES_MISSING ?? '');
  test.setTimeout(timeoutMs);
  test.use({ actionTimeout: 15_000 });
}

/** How fast the lead's floor must follow a desk (issue's "within a second"). */
export const FOLLOW_MS = 1_000;
/** A desk that stops reporting shows offline within this (server: silent over 25 s). */
export const OFFLINE_MS = 30_000;
/** A push through the other instance, the room's re-fetch and a render, on a loaded machine. */
export const ROOM_MS = 15_000;

export const floorAgent = (room: Locator, username: string): Locator =>
  room.locator(`[data-testid="floor-agent"][data-username="${username}"]`);

export const alertItem = (room: Locator, kind: string): Locator =>
  room.locator(`[data-testid="alert-item"][data-kind="${kind}"]`);

export const fraudStep = (scope: Locator, step: string): Locator =>
  scope.locator(`[data-testid="fraud-step"][data-step="${step}"]`);

/** The queue figures as numbers, from the room's `queue-stats` attributes. */
export async function queueFigures(room: Locator) {
  const stats = room.getByTestId('queue-stats');
  const read = async (name: string) => Number(await stats.getAttribute(name));
  return {
    offered: await read('data-offered'),
    answered: await read('data-answered'),
    abandoned: await read('data-abandoned'),
    longestWaitMs: await read('data-longest-wait-ms'),
    longestWaitTodayMs: await read('data-longest-wait-today-ms'),
  };
}

/** Opens an alert's details: the Art. 18 checklist shows inline in a suspected fraud's item. */
export async function openAlert(item: Locator): Promise<void> {
  await expect(item.getByTestId('fraud-step').first()).toBeVisible();
}

/** Ticks one emergency step (Art. 18), with the police case number where it needs one. */
export async function tickFraudStep(
  item: Locator,
  step: string,
  caseNumber?: string,
): Promise<void> {
  const row = fraudStep(item, step);
  if (caseNumber !== undefined) await row.getByTestId('fraud-case-number').fill(caseNumber);
  await row.getByTestId('fraud-step-record').click();
  await expect(row).toHaveAttribute('data-done', 'true', { timeout: ROOM_MS });
  if (caseNumber !== undefined) await expect(row).toContainText(caseNumber);
}

/** Acknowledges, then resolves an alert with a note on the outcome; the item follows each time. */
export async function ackAndResolve(item: Locator, note: string): Promise<void> {
  await item.getByTestId('alert-ack').click();
  await expect(item).toHaveAttribute('data-status', 'acknowledged', { timeout: ROOM_MS });
  await item.getByTestId('alert-note').fill(note);
  await item.getByTestId('alert-resolve').click();
  await expect(item).toHaveAttribute('data-status', 'resolved', { timeout: ROOM_MS });
  await expect(item).toContainText(note);
}

/** Answers a complaint: the response text, how the customer was told, then the answer button. */
export async function answerComplaint(item: Locator, text: string, toldBy = 'phone') {
  await item.getByTestId('complaint-answer-text').fill(text);
  await item.getByTestId('complaint-told-by').selectOption(toldBy);
  await item.getByTestId('complaint-answer').click();
}

/** Lifts a password lock from its alert: the room's lock panel takes the reason (Art. 6). */
export async function unlockFromAlert(alerts: Locator, item: Locator, reason: string) {
  await item.getByTestId('password-unlock').click();
  const form = alerts.getByTestId('lock-panel').getByTestId('lock-lift-form').first();
  await form.getByTestId('lock-reason').fill(reason);
  await form.getByTestId('lock-lift').click();
  // Done: the panel drops the form it opened for the alert.
  await expect(form).toHaveCount(0, { timeout: ROOM_MS });
}

/** What the axe report says of @axe-core/playwright's result, as far as this file reads it. */
interface AxeResults {
  violations: {
    id: string;
    impact?: string | null;
    help: string;
    nodes: { target: unknown[] }[];
  }[];
}
interface AxeBuilderLike {
  include(selector: string): AxeBuilderLike;
  withTags(tags: string[]): AxeBuilderLike;
  analyze(): Promise<AxeResults>;
}
// A devDependency the console's checks need (npm install --save-dev @axe-core/playwright);
// imported here when a room is checked, so the other scenarios run without it.
const AXE_PACKAGE = '@axe-core/playwright';

/** Serious and critical WCAG 2.1 A/AA violations inside `selector`, one line each. */
export async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  let AxeBuilder: new (options: { page: Page }) => AxeBuilderLike;
  try {
    ({ default: AxeBuilder } = (await import(AXE_PACKAGE)) as {
      default: typeof AxeBuilder;
    });
  } catch {
    throw new Error(`${AXE_PACKAGE} is not installed: npm install --save-dev ${AXE_PACKAGE}`);
  }
  const results = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** Opens `room` and waits for it. */
export async function room(page: Page, name: Parameters<typeof openRoom>[1]): Promise<Locator> {
  const shown = await openRoom(page, name);
  await expect(shown).toBeVisible();
  return shown;
}
