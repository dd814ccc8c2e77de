// The training line on a fresh install (Art. 9): the web host with no SIP flags and no records URL
// (the embedded records service, a fresh data dir). A new agent signs in with the demo account the
// sign-in screen shows, starts the training line, the simulated customer's call rings and pops,
// audio flows both ways between the two real peer connections in the page, the agent runs an
// enquiry and a large loan to "verified" while the customer keys its own digits, and is scored; a
// call done wrong fails, naming the article. Screenshots of the banner, the call and the report.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { BusinessType } from '../../common/policy.js';
import type { AgentLine } from '../../common/training.js';
import { journalEntries } from '../support/journal.js';
import { expectNoSeriousViolations } from './axe.js';
import { openRoom } from './lead.js';
import { expect, startProcess, test as base, type Started } from './fixtures.js';
import { lastSignIn } from './training-helpers.js';
import { chooseBusinessType, panel, startSecureEntry } from './verify-helpers.js';

const SCREENS = path.resolve(import.meta.dirname, '../../.tmp/screens');

const test = base.extend<{ page: Page }, { desk: Started }>({
  desk: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      // --demo, no --records, no --sip-*: what `npm run web` gives a new user.
      const web = await startProcess('dist/web/cli.js', ['--demo']);
      await use(web);
      await web.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  page: async ({ browser }, use) => {
    const context = await browser.newContext({ permissions: ['microphone'] });
    await context.addInitScript(capturePeerConnections);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(page);
    await context.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

declare global {
  interface Window {
    __e2ePeerConnections?: RTCPeerConnection[];
  }
}

/** Keeps every RTCPeerConnection of the page (the agent's and the simulated customer's). */
function capturePeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const captured: RTCPeerConnection[] = [];
  window.__e2ePeerConnections = captured;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      captured.push(this);
    }
  };
}

/** Audio bytes received by each open peer connection. */
const inboundBytes = (page: Page): Promise<number[]> =>
  page.evaluate(async () => {
    const out: number[] = [];
    for (const pc of window.__e2ePeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      let received = 0;
      (await pc.getStats()).forEach(
        (s: { type: string; kind?: string; bytesReceived?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.bytesReceived ?? 0;
        },
      );
      out.push(received);
    }
    return out;
  });

async function signIn(page: Page, url: string, username: string, language: 'zh-CN' | 'en') {
  await page.goto(url);
  await lastSignIn(page, username, language);
}

const say = (page: Page, line: AgentLine) =>
  page.locator(`[data-testid="training-say"][data-line="${line}"]`).click();

const caption = (page: Page) => page.getByTestId('training-caption');

async function startScenario(page: Page, scenario: string) {
  await page.getByTestId('training-start').click();
  await page.locator(`[data-testid="training-scenario"] [data-scenario="${scenario}"]`).click();
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('training-banner')).toHaveAttribute('data-phase', 'ringing');
  // The caller ID and the training customer pop, masked, from the training namespace.
  await expect(panel(page).getByTestId('customer-card')).toHaveCount(1);
  await page.getByTestId('answer').click();
  await expect(page.getByTestId('training-banner')).toHaveAttribute('data-phase', 'talking');
}

/** Greeting, business type, details stated and entered as heard: the basic check passes. */
async function openAndCheckBasic(page: Page, business: BusinessType, greet = true) {
  if (greet) {
    await say(page, 'greeting');
    await expect(caption(page)).not.toHaveText(/尚未|not spoken/);
  }
  await chooseBusinessType(page, business);
  await say(page, 'ask-details');
  await page.getByTestId('training-enter-details').click();
  await expect(
    panel(page).locator('[data-testid="verify-step"][data-step="basic"]'),
  ).toHaveAttribute('data-status', 'passed');
}

async function readBackAndClose(page: Page) {
  await say(page, 'read-back');
  await panel(page).getByTestId('confirm-yes').click();
  await expect(panel(page)).toHaveAttribute('data-status', 'verified');
  await say(page, 'goodbye');
}

async function snap(page: Page, name: string) {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

test.describe.configure({ mode: 'serial' });

test('a new agent takes a routine enquiry on the training line and is scored', async ({
  desk,
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, desk.url, 'agent01', 'zh-CN');
  await expect(page.getByTestId('sip-status')).toHaveAttribute('data-state', 'idle');
  await startScenario(page, 'routine-enquiry');
  await say(page, 'greeting');
  await expect(caption(page)).not.toHaveText(/尚未|not spoken/);
  // Audio both ways: the agent's and the customer's peer connections each receive.
  let seen: number[] = [];
  await expect
    .poll(
      async () => {
        seen = await inboundBytes(page);
        return seen.length >= 2 && seen.every((b) => b > 1000);
      },
      { message: `audio received by each peer connection: ${seen.join(', ')}`, timeout: 20_000 },
    )
    .toBe(true);
  await snap(page, 'training-banner-zh-CN');
  await expectNoSeriousViolations(page, 'training banner');
  await openAndCheckBasic(page, 'enquiry', false);
  await snap(page, 'training-call-zh-CN');
  await readBackAndClose(page);
  const score = page.getByTestId('training-score');
  await expect(score).toHaveAttribute('data-passed', 'true', { timeout: 30_000 });
  expect(Number(await score.getAttribute('data-score'))).toBeGreaterThanOrEqual(80);
  await snap(page, 'training-report-zh-CN');
  await expectNoSeriousViolations(page, 'training report');
  // Every journal entry about the training call is marked training (Art. 11): never live work.
  await expect
    .poll(() => journalEntries(desk.dataDir).filter((e) => e.type === 'training.result').length)
    .toBe(1);
  const entries = journalEntries(desk.dataDir);
  const callId = entries.find((e) => e.type === 'phone.call-started')?.data.callId;
  const ofCall = entries.filter((e) => e.data.callId === callId || e.type === 'verify.lookup');
  expect(ofCall.map((e) => e.type)).toEqual(
    expect.arrayContaining(['phone.call-started', 'verify.lookup', 'verify.started']),
  );
  for (const entry of ofCall) expect(entry.data.training, entry.type).toBe(true);
});

test('a lead takes a large loan: the customer keys the password and the passcode', async ({
  desk,
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, desk.url, 'lead01', 'en');
  await startScenario(page, 'large-loan-otp');
  await snap(page, 'training-banner-en');
  await openAndCheckBasic(page, 'large-loan');
  await say(page, 'ask-password-keypad');
  await startSecureEntry(page);
  await expect(
    panel(page).locator('[data-testid="verify-step"][data-step="password"]'),
  ).toHaveAttribute('data-status', 'passed', { timeout: 20_000 });
  await panel(page).getByTestId('otp-send').click();
  await say(page, 'announce-otp');
  await startSecureEntry(page);
  await expect(panel(page).locator('[data-testid="verify-step"][data-step="otp"]')).toHaveAttribute(
    'data-status',
    'passed',
    { timeout: 20_000 },
  );
  await snap(page, 'training-call-en');
  await readBackAndClose(page);
  await expect(page.getByTestId('training-score')).toHaveAttribute('data-passed', 'true', {
    timeout: 30_000,
  });
  await snap(page, 'training-report-en');
});

test('a call done wrong fails, naming the article', async ({ desk, page }) => {
  test.setTimeout(180_000);
  await signIn(page, desk.url, 'agent01', 'zh-CN');
  await startScenario(page, 'large-loan-otp');
  // The wrong business type, and "verified" without the read-back.
  await openAndCheckBasic(page, 'enquiry');
  await panel(page).getByTestId('confirm-yes').click();
  await expect(panel(page)).toHaveAttribute('data-status', 'verified');
  await page.getByTestId('hangup').click();
  const score = page.getByTestId('training-score');
  await expect(score).toHaveAttribute('data-passed', 'false', { timeout: 30_000 });
  await expect(score.locator('[data-rule="business-wrong"]')).toContainText('第 4 条');
  await expect(score.locator('[data-rule="read-back-missing"]')).toContainText('第 8 条');
  await snap(page, 'training-report-failed-zh-CN');
});

test("the lead console shows the team's training results and standing", async ({ desk, page }) => {
  test.setTimeout(120_000);
  for (const language of ['zh-CN', 'en'] as const) {
    await signIn(page, desk.url, 'lead01', language);
    const room = await openRoom(page, 'training');
    await expect(room.getByTestId('lead-training-result').first()).toBeVisible();
    await expect(room.getByTestId('lead-training-standing')).toBeVisible();
    await snap(page, `training-console-${language}`);
    await expectNoSeriousViolations(page, `training room ${language}`);
  }
});
