// SIP fixtures: a real Kamailio on loopback (test/support/kamailio.ts) and bare sip.js peers —
// each its own browser context on the peer page (test/e2e/sip-peer/), served from 127.0.0.1.
// Extends the app fixtures (records, web) so a phone spec has everything from one `test`.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import {
  kamailioUnavailable,
  startKamailio,
  type Kamailio,
  type KamailioUser,
} from '../support/kamailio.js';
import { test as base } from './fixtures.js';
import type { PeerStartOptions, SipPeer } from './sip-peer/api.js';

const root = path.resolve(import.meta.dirname, '../..');
const PEER_DIR = path.join(root, 'dist/test/sip-peer');

/**
 * Why the SIP specs cannot run here, or null. Specs: `test.skip(KAMAILIO_MISSING !== null,
 * KAMAILIO_MISSING ?? '')`.
 */
export const KAMAILIO_MISSING = kamailioUnavailable();

export interface SipUsers {
  /** The agent's account (the app under test registers with it). */
  agent: KamailioUser;
  /** The customer calling in (a bare peer). */
  customer: KamailioUser;
  /** A colleague to transfer to (a bare peer). */
  target: KamailioUser;
  /** A spare account (the bench's second bare peer, a second customer). */
  spare: KamailioUser;
}

/** Numbers as a bank's PBX would have them; passwords fresh for each test. */
export function makeSipUsers(): SipUsers {
  const password = () => randomBytes(9).toString('base64url');
  return {
    agent: { user: '1001', password: password() },
    customer: { user: '2001', password: password() },
    target: { user: '3001', password: password() },
    spare: { user: '2002', password: password() },
  };
}

type PeerMethods = {
  [K in keyof SipPeer]: SipPeer[K] extends (...args: never[]) => unknown ? K : never;
}[keyof SipPeer];
const PEER_METHODS = [
  'start',
  'stop',
  'reregister',
  'ping',
  'call',
  'answer',
  'autoAnswer',
  'reject',
  'hangup',
  'hold',
  'blindTransfer',
  'attendedTransfer',
  'sendInfoDtmf',
  'sendRfc4733Dtmf',
  'state',
  'remoteSdp',
  'bytesReceived',
  'bytesSent',
  'marks',
  'marksHistory',
  'registrations',
  'events',
] as const satisfies readonly PeerMethods[];

type Remote<F> = F extends (...args: infer A) => infer R
  ? (...args: A) => Promise<Awaited<R>>
  : never;

/** window.peer of one page, each method one page.evaluate. */
export type PeerHandle = { [K in (typeof PEER_METHODS)[number]]: Remote<SipPeer[K]> } & {
  page: Page;
  context: BrowserContext;
  account: KamailioUser;
  /** The page's console and errors, for debugging. */
  consoleLines: string[];
};

export interface OpenPeerOptions {
  displayName?: string;
  /** Register at once (default true). */
  start?: boolean;
  autoAnswer?: boolean;
  autoReconnect?: boolean;
  /** Another password than the account's (to prove the proxy refuses it). */
  password?: string;
}

/**
 * Serves the built peer page from 127.0.0.1 (getUserMedia needs a secure origin; loopback is one).
 */
export async function startPeerServer(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(path.join(PEER_DIR, 'peer.js'))) {
    throw new Error(
      `${path.relative(root, PEER_DIR)} is missing: run \`node scripts/build.mjs sip-peer\` (npm run test:e2e builds it)`,
    );
  }
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.map': 'application/json',
  };
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    const file = path.join(PEER_DIR, name);
    if (!file.startsWith(PEER_DIR + path.sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Attaches the proxy log and every peer's event log to a failed test. */
async function attachOnFailure(
  testInfo: TestInfo,
  name: string,
  body: () => string | Promise<string>,
): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return;
  try {
    await testInfo.attach(name, { body: await body(), contentType: 'text/plain' });
  } catch {
    // the page or the process is gone; nothing to attach
  }
}

//   test('…', async ({ kamailio, sipUsers, openPeer }) => {
//     const customer = await openPeer(sipUsers.customer, { displayName: 'Test Customer' });
//     await customer.call(sipUsers.agent.user);
//   });
export const test = base.extend<
  {
    sipUsers: SipUsers;
    kamailio: Kamailio;
    openPeer: (account: KamailioUser, options?: OpenPeerOptions) => Promise<PeerHandle>;
  },
  { peerServer: { url: string } }
>({
  peerServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startPeerServer();
      await use({ url: server.url });
      await server.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  sipUsers: async ({}, use) => {
    await use(makeSipUsers());
  },
  kamailio: async ({ sipUsers }, use, testInfo) => {
    const kamailio = await startKamailio({ users: Object.values(sipUsers) });
    await use(kamailio);
    await attachOnFailure(testInfo, 'kamailio.log', () => kamailio.log());
    await kamailio.stop();
  },
  openPeer: async ({ browser, kamailio, peerServer }, use, testInfo) => {
    const opened: PeerHandle[] = [];
    await use(async (account, options = {}) => {
      const context = await browser.newContext({ permissions: ['microphone'] });
      const page = await context.newPage();
      const consoleLines: string[] = [];
      page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
      await page.goto(peerServer.url);
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      const handle = { page, context, account, consoleLines } as PeerHandle;
      for (const name of PEER_METHODS) {
        (handle as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
          page.evaluate(
            ([method, params]) => (window.peer[method] as (...a: unknown[]) => unknown)(...params),
            [name, args] as const,
          );
      }
      opened.push(handle);
      if (options.autoAnswer) await handle.autoAnswer(true);
      if (options.start ?? true) {
        const start: PeerStartOptions = {
          wsUrl: kamailio.wsUrl,
          domain: kamailio.domain,
          user: account.user,
          password: options.password ?? account.password,
          ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
          ...(options.autoReconnect !== undefined ? { autoReconnect: options.autoReconnect } : {}),
        };
        await handle.start(start);
      }
      return handle;
    });
    for (const peer of opened) {
      await attachOnFailure(testInfo, `peer-${peer.account.user}.log`, async () => {
        const events = await peer.events();
        return `${JSON.stringify(events, null, 1)}\n--- console\n${peer.consoleLines.join('\n')}`;
      });
      await peer.stop().catch(() => undefined);
      await peer.context.close();
    }
  },
});
export { expect } from './fixtures.js';
