// Phone fixtures: the app as the agent — the real web host started with the --sip-* flags of
// the test Kamailio and the agent's account, its page in Debian Chromium, signed in, the phone
// registered — next to the bare sip.js peers of fixtures-sip.ts (customer, transfer target).
// Must never make the app expose anything for a test: the only instrumentation is an init script.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, makeSipUsers, test as sipTest } from './fixtures-sip.js';
import type { JournalEntry } from '../../common/journal-chain.js';
import { journalEntries } from '../support/journal.js';
import { startWeb, type Started } from './fixtures.js';

export { expect, KAMAILIO_MISSING, type PeerHandle } from './fixtures-sip.js';

/**
 * The customer calls from a (synthetic) mobile number, as a bank's customers do: long enough to be
 * masked in the journal.
 */
export const CUSTOMER_NUMBER = '13812345678';

/**
 * The synthetic demo seed's accounts (server/seed/demo-seed.json), taken in turn, one per test:
 * the records service allows 10 sign-ins a minute per user, and a fast machine runs more phone
 * tests than that in a minute. Which one signs in does not matter to the phone (its SIP account
 * comes from the web host's flags).
 */
const SEED_LOGINS = ['agent01', 'senior01', 'lead01', 'admin01'].map((username) => ({
  username,
  password: 'demo-pass-1',
}));
let nextLogin = 0;

/** A desk's journal entry as the records service archives it (decrypted by readJournalSync). */
export type { JournalEntry } from '../../common/journal-chain.js';

export interface AgentDesk {
  web: Started;
  page: Page;
  /** Who signs in on this desk (a seed account). */
  login: { username: string; password: string };
  /** The agent's page console and errors, for debugging and for "no digits in logs". */
  consoleLines: string[];
  /** Audio bytes over the page's live RTCPeerConnections (getStats through the init script). */
  bytesReceived(): Promise<number>;
  bytesSent(): Promise<number>;
  /** The web host's journal (data dir journal.json), parsed; [] before the first entry. */
  journal(): JournalEntry[];
  /** Every file the web host keeps under its data dir, concatenated (for "no secret anywhere"). */
  dataDirText(): string;
  /**
   * Loads the page, signs in through the UI (unless still signed in) and waits for the phone to be
   * registered.
   */
  signIn(options?: { registered?: boolean }): Promise<void>;
}

declare global {
  interface Window {
    __e2ePeerConnections?: RTCPeerConnection[];
  }
}

/**
 * Runs in the agent page before any app script: keeps every RTCPeerConnection the app makes, so a
 * spec can read getStats of the app's calls (bytes really received and sent) — the one piece of
 * test instrumentation, and the app exposes nothing for it.
 */
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

async function audioBytes(page: Page): Promise<{ received: number; sent: number }> {
  return page.evaluate(async () => {
    const totals = { received: 0, sent: 0 };
    for (const pc of window.__e2ePeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats().catch(() => null);
      report?.forEach(
        (stat: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'audio')
            totals.received += stat.bytesReceived ?? 0;
          if (stat.type === 'outbound-rtp' && stat.kind === 'audio')
            totals.sent += stat.bytesSent ?? 0;
        },
      );
    }
    return totals;
  });
}

// ---- the UI's hooks, in one place ----

export const sipStatus = (page: Page): Locator => page.getByTestId('sip-status');
export const callState = (page: Page): Locator => page.getByTestId('call-state');

/** The phone says it is registered (the status hook's data-state). */
export async function expectRegistered(page: Page, timeout = 15_000): Promise<void> {
  await expect(sipStatus(page)).toHaveAttribute('data-state', 'registered', { timeout });
}

//   test('…', async ({ desk, openPeer, sipUsers }) => {
//     const customer = await openPeer(sipUsers.customer, { displayName: 'Test Customer' });
//     await customer.call(sipUsers.agent.user);
//     await expect(desk.page.getByTestId('incoming-call')).toBeVisible();
//   });
export const test = sipTest.extend<{
  /** Settings written into the web host's data dir before it starts (settings.json). */
  deskSettings: Record<string, unknown>;
  /** Sign in at once (default true). */
  deskSignIn: boolean;
  /** Another SIP password for the web host's flags than the account's (to see a refusal). */
  deskSipPassword: string | null;
  desk: AgentDesk;
}>({
  // eslint-disable-next-line no-empty-pattern
  sipUsers: async ({}, use) => {
    const users = makeSipUsers();
    await use({ ...users, customer: { ...users.customer, user: CUSTOMER_NUMBER } });
  },
  // As IT would provision a desk for these specs: the microphone already explained, and no
  // after-call work so that a spec can take call after call (the agent-state spec turns it on).
  deskSettings: [{ microphoneExplained: true, wrapUpSeconds: 0 }, { option: true }],
  deskSignIn: [true, { option: true }],
  deskSipPassword: [null, { option: true }],
  desk: async (
    { browser, records, kamailio, sipUsers, deskSettings, deskSignIn, deskSipPassword },
    use,
    testInfo,
  ) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-phone-'));
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify(deskSettings));
    const web = await startWeb(
      records.url,
      // `=`: a random password may start with a dash, which parseArgs would take for an option.
      [
        '--sip-ws',
        kamailio.wsUrl,
        '--sip-domain',
        kamailio.domain,
        '--sip-user',
        sipUsers.agent.user,
        `--sip-password=${deskSipPassword ?? sipUsers.agent.password}`,
      ],
      { dataDir },
    );
    const context = await browser.newContext({ permissions: ['microphone'] });
    await context.addInitScript(capturePeerConnections);
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    const readDir = (dir: string): string[] =>
      existsSync(dir)
        ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
            entry.isDirectory()
              ? readDir(path.join(dir, entry.name))
              : [path.join(dir, entry.name)],
          )
        : [];
    const login = SEED_LOGINS[nextLogin++ % SEED_LOGINS.length]!;
    const desk: AgentDesk = {
      web,
      page,
      login,
      consoleLines,
      bytesReceived: async () => (await audioBytes(page)).received,
      bytesSent: async () => (await audioBytes(page)).sent,
      journal: () => journalEntries(web.dataDir),
      dataDirText: () =>
        readDir(web.dataDir)
          .map((file) => readFileSync(file, 'latin1'))
          .join('\n'),
      async signIn({ registered = true } = {}) {
        await page.goto(web.url);
        const username = page.getByTestId('login-username');
        const name = page.getByTestId('agent-name');
        await expect(username.or(name)).toBeVisible();
        // The host keeps the agent signed in across page loads; sign in only when asked to.
        if (await username.isVisible()) {
          await username.fill(login.username);
          await page.getByTestId('login-password').fill(login.password);
          await page.getByTestId('login-submit').click();
        }
        await expect(name).toBeVisible();
        if (registered) await expectRegistered(page);
      },
    };
    if (deskSignIn) await desk.signIn({ registered: deskSipPassword === null });
    await use(desk);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('agent-page.log', {
        body: `${consoleLines.join('\n')}\n--- web host\n${web.output()}`,
        contentType: 'text/plain',
      });
      await testInfo.attach('agent-journal.json', {
        body: JSON.stringify(desk.journal(), null, 1),
        contentType: 'application/json',
      });
    }
    await context.close();
    await web.stop();
    // Whatever the spec checked, the app threw nothing it did not catch.
    expect(
      consoleLines.filter((line) => line.startsWith('pageerror:')),
      'uncaught errors in the agent page',
    ).toEqual([]);
  },
});
