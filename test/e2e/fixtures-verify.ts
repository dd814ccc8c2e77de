// Verification-panel fixtures: the agent's day with the records service as the authority. Every
// fixture is per test, so one scenario's attempts never count against the next (OTP cooldowns and
// caps per customer, password lock-outs, the Art. 18 fraud counters over 24 h live in the service).
// Teardown fails a test that left a full ID number, password or passcode anywhere (Art. 11); only
// the SMS outbox (the customer's phone) and the customer peers are exempt.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { journalEntries } from '../support/journal.js';
import { startKamailio, type Kamailio, type KamailioUser } from '../support/kamailio.js';
import { expectRegistered, type JournalEntry } from './fixtures-phone.js';
import { expect, makeSipUsers, test as sipTest, type PeerHandle } from './fixtures-sip.js';
import { DEMO_SEED, startProcess, startWeb, type Started } from './fixtures.js';

export { expect, KAMAILIO_MISSING, type PeerHandle } from './fixtures-sip.js';

const root = path.resolve(import.meta.dirname, '../..');
export const SCREENS_DIR = path.join(root, '.tmp/screens');

// ---- the demo seed, read from the file the service loads ----

export interface SeedCustomer {
  name: string;
  mobile: string;
  nationalId: string;
  queryPassword: string;
  transactionPassword: string;
}
const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as { customers: SeedCustomer[] };
const byName = (name: string): SeedCustomer => {
  const customer = seed.customers.find((c) => c.name === name);
  if (!customer) throw new Error(`no customer ${name} in the demo seed`);
  return customer;
};
/** The synthetic demo customers (server/seed/SEED-FORMAT.md). 李娜 and 赵敏 share 13900000001. */
export const CUSTOMERS = {
  liNa: byName('李娜'),
  wangFang: byName('王芳'),
  liuYang: byName('刘洋'),
  chenJing: byName('陈静'),
  yangLei: byName('杨磊'),
  zhaoMin: byName('赵敏'),
} as const;
export const SEED_CUSTOMERS: readonly SeedCustomer[] = seed.customers;
export const SEED_MOBILES = [...new Set(seed.customers.map((c) => c.mobile))];

/** The masked forms the records service answers with (server/customers/mask.ts, common/). */
export const masked = {
  name: (c: SeedCustomer) => `${Array.from(c.name)[0]}*`,
  mobile: (c: SeedCustomer) => `${c.mobile.slice(0, 3)}****${c.mobile.slice(-4)}`,
  nationalId: (c: SeedCustomer) => `${c.nationalId[0]}${'*'.repeat(15)}${c.nationalId.slice(-2)}`,
};

export const LANGUAGE: 'zh-CN' | 'en' = process.env.VERIFY_LANGUAGE === 'en' ? 'en' : 'zh-CN';
export const DEMO_PASSWORD = 'demo-pass-1';
/**
 * The names the Art. 4 greeting must say (settings companyName / departmentName, as IT sets them).
 */
export const GREETING_NAMES = {
  companyName: '华信信贷',
  departmentName: '电话银行服务中心',
} as const;

// ---- types ----

export interface VerifyRecords extends Started {
  /** The SMS outbox file (one JSON line per passcode: to, text, sentAt). */
  outbox: string;
  /** Stops the service (an outage); its data stays. */
  halt(): Promise<void>;
  /** Starts it again on the same port with the same data (PGlite on disk). */
  restart(): Promise<void>;
}

export interface SmsLine {
  to: string;
  text: string;
  sentAt: string;
}

export interface VerifyDesk {
  web: Started;
  page: Page;
  context: BrowserContext;
  login: { username: string; password: string };
  consoleLines: string[];
  journal(): JournalEntry[];
  dataDirText(): string;
  signIn(options?: { registered?: boolean }): Promise<void>;
}

export interface DeskOptions {
  /** Register a softphone with this SIP account (the lead's inbox desk needs none). */
  sip?: KamailioUser | null;
  language?: 'zh-CN' | 'en';
  /** Extra settings.json keys (merged over the defaults below). */
  settings?: Record<string, unknown>;
  /** The records service the web host talks to (default: `verifyRecords`). */
  records?: string;
}

export interface Lines {
  agent: KamailioUser;
  lead: KamailioUser;
  /** A second agent's line (a floor with two agents). */
  agent2: KamailioUser;
  /** One SIP account per seeded reserved mobile, user = the mobile number. */
  customers: Record<string, KamailioUser>;
}

export interface Passcodes {
  /** Every outbox line so far. */
  lines(): SmsLine[];
  /**
   * The passcode of the newest outbox line for `mobile`, waiting (up to 10 s) until there are more
   * than `after` lines for it — pass the count from before pressing "send".
   */
  latest(mobile: string, after?: number): Promise<string>;
  /** How many passcodes went to `mobile` so far. */
  count(mobile: string): number;
}

/** A passcode in the SMS text (server/verification/steps/otp.ts otpText: 6 digits). */
const codeOf = (text: string): string => {
  const match = /(?<!\d)(\d{6})(?!\d)/.exec(text);
  if (!match) throw new Error('no 6-digit passcode in an outbox line');
  return match[1]!;
};

function readOutbox(file: string): SmsLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SmsLine);
}

const readDir = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? readDir(path.join(dir, e.name)) : [path.join(dir, e.name)],
      )
    : [];

/** `secret` standing alone (not inside a longer run of digits), case-insensitive for the X. */
export function findSecret(text: string, secret: string): number {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![0-9])${escaped}(?![0-9])`, 'i').exec(text);
  return match ? match.index : -1;
}

export interface SecretHit {
  source: string;
  secret: string;
  context: string;
}

/**
 * Where any of `secrets` occurs in `sources`; the context is masked so the report leaks nothing.
 */
export function scanForSecrets(
  sources: { name: string; text: string }[],
  secrets: Iterable<{ label: string; value: string }>,
): SecretHit[] {
  const hits: SecretHit[] = [];
  const list = [...secrets];
  for (const { name, text } of sources) {
    for (const { label, value } of list) {
      const at = findSecret(text, value);
      if (at >= 0)
        hits.push({
          source: name,
          secret: label,
          context: `${text.slice(Math.max(0, at - 60), at)}[${label}]${text.slice(at + value.length, at + value.length + 60)}`,
        });
    }
  }
  return hits;
}

/**
 * A records service with the demo seed and an SMS outbox, as a verification spec needs it; `env`
 * adds e.g. DATABASE_URL (PostgreSQL instead of its own PGlite). `dispose()` stops it and removes
 * its files.
 */
export async function startVerifyRecords(
  env: NodeJS.ProcessEnv = {},
  /** More service flags, e.g. `--review-sample-rate 1`. */
  flags: readonly string[] = [],
): Promise<VerifyRecords & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-sms-'));
  const outbox = path.join(dir, 'sms.jsonl');
  const dataDir = path.join(dir, 'records');
  // --demo: the demo seed's synthetic customers; a test may still set RECORDS_PEPPER in `env`.
  const args = ['--demo', '--seed', DEMO_SEED, '--sms-outbox', outbox, ...flags];
  let records: Started | null = await startProcess('dist/server/cli.js', args, {
    dataDir,
    keepDataDir: true,
    env,
  });
  const url = records.url;
  let earlier = '';
  const output = () => `${earlier}${records?.output() ?? ''}`;
  return {
    url,
    dataDir,
    outbox,
    output,
    async halt() {
      earlier = output() + '--- halted by the test\n';
      await records?.stop();
      records = null;
    },
    async restart() {
      if (records) return;
      // The same port (the desk knows this URL) and the same data.
      records = await startProcess('dist/server/cli.js', [...args, '--port', new URL(url).port], {
        dataDir,
        keepDataDir: true,
        env,
      });
    },
    stop: async () => {
      await records?.stop();
    },
    kill: async () => {
      await records?.kill();
    },
    async dispose() {
      await records?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = sipTest.extend<{
  deskLogin: string;
  deskLanguage: 'zh-CN' | 'en';
  verifyRecords: VerifyRecords;
  lines: Lines;
  /** Secrets of this run besides the seed's (wrong ID numbers typed, for instance). */
  secrets: Map<string, string>;
  passcodes: Passcodes;
  openDesk: (username: string, options?: DeskOptions) => Promise<VerifyDesk>;
  desk: VerifyDesk;
  leadDesk: VerifyDesk;
  callFrom: (mobile: string, options?: { displayName?: string }) => Promise<PeerHandle>;
  snap: (page: Page, name: string) => Promise<void>;
}>({
  // The agent's web host signs in as this user: agent01 (tier `agent`) unless a spec says else.
  deskLogin: ['agent01', { option: true }],
  deskLanguage: [LANGUAGE, { option: true }],

  // Its own records service per test: the demo seed, and an SMS outbox file for the passcodes.
  // eslint-disable-next-line no-empty-pattern
  verifyRecords: async ({}, use, testInfo) => {
    const records = await startVerifyRecords();
    await use(records);
    if (testInfo.status !== testInfo.expectedStatus)
      await testInfo.attach('records.log', { body: records.output(), contentType: 'text/plain' });
    await records.dispose();
  },

  // The agent's and the lead's accounts plus one per seeded reserved mobile (139000000xx):
  // Kamailio asserts the authenticated user as the caller ID (P-Asserted-Identity), so a customer
  // calling "from" 13900000001 is a peer registered as 13900000001 (test/sip/kamailio.cfg,
  // route[AUTH]).
  // eslint-disable-next-line no-empty-pattern
  lines: async ({}, use) => {
    const fresh = makeSipUsers();
    const customers = Object.fromEntries(
      SEED_MOBILES.map((mobile) => [
        mobile,
        { user: mobile, password: makeSipUsers().customer.password },
      ]),
    );
    await use({
      agent: fresh.agent,
      lead: { user: '1002', password: fresh.target.password },
      agent2: { user: '1003', password: fresh.spare.password },
      customers,
    });
  },

  // The proxy of fixtures-sip.ts, with this file's accounts instead of makeSipUsers' four.
  kamailio: async ({ lines }, use, testInfo) => {
    const kamailio: Kamailio = await startKamailio({
      users: [lines.agent, lines.lead, lines.agent2, ...Object.values(lines.customers)],
    });
    await use(kamailio);
    if (testInfo.status !== testInfo.expectedStatus)
      await testInfo
        .attach('kamailio.log', { body: kamailio.log(), contentType: 'text/plain' })
        .catch(() => undefined);
    await kamailio.stop();
  },

  // eslint-disable-next-line no-empty-pattern
  secrets: async ({}, use) => {
    await use(new Map());
  },

  passcodes: async ({ verifyRecords }, use) => {
    const lines = () => readOutbox(verifyRecords.outbox);
    const count = (mobile: string) => lines().filter((l) => l.to === mobile).length;
    await use({
      lines,
      count,
      async latest(mobile, after = 0) {
        await expect
          .poll(() => count(mobile), { message: `a passcode SMS to ${mobile}`, timeout: 10_000 })
          .toBeGreaterThan(after);
        const mine = lines().filter((l) => l.to === mobile);
        return codeOf(mine[mine.length - 1]!.text);
      },
    });
  },

  openDesk: async ({ browser, verifyRecords, kamailio, deskLanguage, secrets }, use, testInfo) => {
    const desks: VerifyDesk[] = [];
    const doms: { name: string; text: string }[] = [];
    await use(async (username, options = {}) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-verify-'));
      // As IT provisions a desk: microphone explained, no after-call work (the next call can come
      // at once), the language under test.
      writeFileSync(
        path.join(dataDir, 'settings.json'),
        JSON.stringify({
          microphoneExplained: true,
          wrapUpSeconds: 0,
          language: options.language ?? deskLanguage,
          ...GREETING_NAMES,
          ...options.settings,
        }),
      );
      const sip = options.sip ?? null;
      const web = await startWeb(
        options.records ?? verifyRecords.url,
        sip
          ? [
              '--sip-ws',
              kamailio.wsUrl,
              '--sip-domain',
              kamailio.domain,
              '--sip-user',
              sip.user,
              `--sip-password=${sip.password}`,
            ]
          : [],
        { dataDir },
      );
      const context = await browser.newContext({
        permissions: ['microphone'],
        viewport: { width: 1280, height: 800 },
      });
      const page = await context.newPage();
      const consoleLines: string[] = [];
      page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
      const login = { username, password: DEMO_PASSWORD };
      const desk: VerifyDesk = {
        web,
        page,
        context,
        login,
        consoleLines,
        journal: () => journalEntries(web.dataDir),
        dataDirText: () =>
          readDir(web.dataDir)
            .map((file) => readFileSync(file, 'latin1'))
            .join('\n'),
        async signIn({ registered = sip !== null } = {}) {
          await page.goto(web.url);
          const user = page.getByTestId('login-username');
          const name = page.getByTestId('agent-name');
          await expect(user.or(name)).toBeVisible();
          if (await user.isVisible()) {
            await user.fill(login.username);
            await page.getByTestId('login-password').fill(login.password);
            await page.getByTestId('login-submit').click();
          }
          await expect(name).toBeVisible();
          if (registered) await expectRegistered(page);
        },
      };
      desks.push(desk);
      (page as Page & { __verifyDoms?: typeof doms }).__verifyDoms = doms;
      await desk.signIn();
      return desk;
    });

    // ---- the secrets scan, then teardown ----
    // Scanned: the DOM of every desk page (each snap and at the end), the desks' console, every web
    // host's data dir (journal, settings…), and the output of the records service, the web hosts
    // and Kamailio. Sought: the seed's ID numbers and passwords, the wrong IDs typed (`secrets`)
    // and every outbox passcode.
    for (const [i, desk] of desks.entries()) {
      const html = await desk.page.content().catch(() => '');
      doms.push({ name: `desk ${i + 1} (${desk.login.username}) DOM at the end`, text: html });
    }
    const all = new Map<string, string>();
    for (const c of SEED_CUSTOMERS) {
      all.set(`${c.name}'s ID number`, c.nationalId);
      all.set(`${c.name}'s query password`, c.queryPassword);
      all.set(`${c.name}'s transaction password`, c.transactionPassword);
    }
    for (const [label, value] of secrets) all.set(label, value);
    readOutbox(verifyRecords.outbox).forEach((line, i) =>
      all.set(`passcode #${i + 1} (to ${line.to})`, codeOf(line.text)),
    );
    const sources = [
      ...doms,
      ...desks.flatMap((desk, i) => [
        {
          name: `desk ${i + 1} (${desk.login.username}) console`,
          text: desk.consoleLines.join('\n'),
        },
        { name: `desk ${i + 1} (${desk.login.username}) data dir`, text: desk.dataDirText() },
        {
          name: `desk ${i + 1} (${desk.login.username}) journal, decrypted`,
          text: JSON.stringify(desk.journal()),
        },
        { name: `desk ${i + 1} (${desk.login.username}) web host output`, text: desk.web.output() },
      ]),
      { name: 'records service output', text: verifyRecords.output() },
      {
        name: 'kamailio log',
        text: (() => {
          try {
            return kamailio.log();
          } catch {
            return '';
          }
        })(),
      },
    ];
    const hits = scanForSecrets(
      sources,
      [...all].map(([label, value]) => ({ label, value })),
    );
    await testInfo.attach('secrets-scan.txt', {
      body: `scanned ${sources.length} sources (${sources.reduce((n, s) => n + s.text.length, 0)} chars) for ${all.size} secrets\n${hits.map((h) => `${h.source}: ${h.secret}\n  …${h.context}…`).join('\n') || 'no hits'}`,
      contentType: 'text/plain',
    });

    if (testInfo.status !== testInfo.expectedStatus) {
      for (const [i, desk] of desks.entries()) {
        await testInfo.attach(`desk-${i + 1}-${desk.login.username}.log`, {
          body: `${desk.consoleLines.join('\n')}\n--- web host\n${desk.web.output()}`,
          contentType: 'text/plain',
        });
        await testInfo.attach(`desk-${i + 1}-journal.json`, {
          body: JSON.stringify(desk.journal(), null, 1),
          contentType: 'application/json',
        });
      }
    }
    for (const desk of desks) {
      await desk.context.close();
      await desk.web.stop();
    }
    expect(
      hits.map((h) => `${h.source}: ${h.secret}`),
      'no full ID number, password or passcode in the DOM, the data dirs or any log (Art. 11)',
    ).toEqual([]);
    for (const desk of desks)
      expect(
        desk.consoleLines.filter((l) => l.startsWith('pageerror:')),
        `uncaught errors in ${desk.login.username}'s page`,
      ).toEqual([]);
  },

  desk: async ({ openDesk, deskLogin, lines }, use) => {
    await use(await openDesk(deskLogin, { sip: lines.agent }));
  },

  // A second web host and browser context for lead01: the approvals inbox.
  leadDesk: async ({ openDesk }, use) => {
    await use(await openDesk('lead01', { sip: null }));
  },

  // A customer's phone (a bare sip.js peer on that mobile's line) ringing the agent.
  callFrom: async ({ openPeer, lines }, use) => {
    await use(async (mobile, options = {}) => {
      const account = lines.customers[mobile];
      if (!account) throw new Error(`no SIP line for ${mobile}: only the seeded mobiles have one`);
      const customer = SEED_CUSTOMERS.find((c) => c.mobile === mobile);
      return openPeer(account, {
        displayName: options.displayName ?? customer?.name ?? 'Customer',
      });
    });
  },

  // A 1280×800 screenshot under .tmp/screens/<language>/, and the DOM kept for the secrets scan.
  snap: async ({ deskLanguage }, use, testInfo) => {
    const spec = path.basename(testInfo.file, '.spec.ts');
    await use(async (page, name) => {
      const doms = (page as Page & { __verifyDoms?: { name: string; text: string }[] })
        .__verifyDoms;
      doms?.push({ name: `DOM at step "${name}" (${testInfo.title})`, text: await page.content() });
      const dir = path.join(SCREENS_DIR, deskLanguage);
      mkdirSync(dir, { recursive: true });
      await page.screenshot({
        path: path.join(dir, `${spec}-${String(testInfo.line).padStart(3, '0')}-${name}.png`),
      });
    });
  },
});
