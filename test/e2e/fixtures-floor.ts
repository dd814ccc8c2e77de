// The team lead's floor end to end: two records-service instances on one throwaway PostgreSQL (a
// call centre scales the service out behind a load balancer), the agents' desks on instance A and
// the lead's on B, calls through Kamailio. What reaches the lead must cross instances (LISTEN/
// NOTIFY). Built on fixtures-verify: its desks, lines, customers and secrets scan.
import type { Page } from '@playwright/test';
import { startTempPostgres, stopTempPostgres } from '../../scripts/pg-temp.mjs';
import { postgresBinDir } from '../../scripts/system-deps.mjs';
import { createTestSchema, type TestSchema } from '../unit/server/helpers.js';
import {
  DEMO_PASSWORD,
  startVerifyRecords,
  test as verifyTest,
  type VerifyDesk,
  type VerifyRecords,
} from './fixtures-verify.js';

export * from './fixtures-verify.js';

/** Why these specs cannot run here, or null (`test.skip(POSTGRES_MISSING !== null, …)`). */
export const POSTGRES_MISSING =
  postgresBinDir() === null
    ? 'PostgreSQL is not installed (apt-get install postgresql): two instances need one database'
    : null;

/** Both instances must hash ID numbers alike: one pepper, as server/README.md tells IT. */
const PEPPER = 'e2e-floor-pepper-0123456789';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}
export type RecordsApi = <T = Record<string, unknown>>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: object,
) => Promise<ApiAnswer<T>>;

/** The records API of the service at `url`, signed in as `username` (the demo password). */
export async function recordsApi(url: string, username: string): Promise<RecordsApi> {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} at ${url}: ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  return async (method, path, body) => {
    const answer = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await answer.text();
    return { status: answer.status, body: (text ? JSON.parse(text) : {}) as never };
  };
}

/** One push of `GET /api/v1/events` (common/floor-api.ts), with when it arrived here. */
export interface Push {
  kind: string;
  id: string | null;
  username: string | null;
  receivedAt: number;
}

export interface PushStream {
  pushes: Push[];
  /** The first push (from `after`, a Date.now()) matching `match`, waiting up to `timeout`. */
  next(match: (p: Push) => boolean, after?: number, timeout?: number): Promise<Push>;
}

/** Reads the push stream of the service at `url` as `username` until `signal` aborts. */
export async function openPushStream(
  url: string,
  username: string,
  signal: AbortSignal,
): Promise<PushStream> {
  const sign = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { token } = (await sign.json()) as { token: string };
  const res = await fetch(`${url}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`push stream at ${url}: ${res.status}`);
  const pushes: Push[] = [];
  let buffer = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  void (async () => {
    const decoder = new TextDecoder();
    try {
      const reader = res.body!.getReader();
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: ready$/m.test(block)) markReady();
          const data = /^data: (.*)$/m.exec(block);
          // `event: ready` and `event: end` carry data of their own; pushes have no event name.
          if (data && !/^event: /m.test(block))
            pushes.push({ ...JSON.parse(data[1]!), receivedAt: Date.now() });
        }
      }
    } catch {
      // aborted at teardown
    }
  })();
  await ready;
  return {
    pushes,
    async next(match, after = 0, timeout = 10_000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const hit = pushes.find((p) => p.receivedAt >= after && match(p));
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(`no matching push within ${timeout} ms; got ${JSON.stringify(pushes)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** Records what the lead's page sounds and notifies (run before the page's scripts). */
function spyOnAlerts(): void {
  const w = window as unknown as { __alerts: { sounds: number; notifications: string[] } };
  w.__alerts = { sounds: 0, notifications: [] };
  const count = () => (w.__alerts.sounds += 1);
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    count();
    return play.call(this).catch(() => undefined);
  };
  for (const proto of [OscillatorNode.prototype, AudioBufferSourceNode.prototype]) {
    const start = proto.start;
    proto.start = function (this: AudioScheduledSourceNode, ...args: [number?]) {
      count();
      return start.apply(this, args);
    };
  }
  class SpyNotification {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    onclick: unknown = null;
    constructor(title: string) {
      w.__alerts.notifications.push(title);
    }
    close(): void {}
    addEventListener(): void {}
  }
  (window as unknown as { Notification: unknown }).Notification = SpyNotification;
}

/** What the lead's page has sounded and notified so far. */
export const alertSignals = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __alerts: { sounds: number; notifications: string[] } }).__alerts,
  );

export const test = verifyTest.extend<
  {
    floorDb: TestSchema;
    recordsB: VerifyRecords;
    desk2: VerifyDesk;
    leadStream: PushStream;
  },
  { postgres: { url: string } }
>({
  postgres: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const pg = await startTempPostgres();
      await use({ url: pg.url });
      stopTempPostgres(pg.dir);
    },
    { scope: 'worker' },
  ],

  // Each test its own schema (search_path in the URL): both instances see the same rows.
  floorDb: async ({ postgres }, use) => {
    const schema = await createTestSchema(postgres.url);
    await use(schema);
    await schema.drop();
  },

  // Instance A (the agents'): migrates and seeds first.
  verifyRecords: async ({ floorDb }, use, testInfo) => {
    const records = await startVerifyRecords({ DATABASE_URL: floorDb.url, RECORDS_PEPPER: PEPPER });
    await use(records);
    if (testInfo.status !== testInfo.expectedStatus)
      await testInfo.attach('records-A.log', { body: records.output(), contentType: 'text/plain' });
    await records.dispose();
  },

  // Instance B (the lead's), started once A is listening: the migrations find nothing to do.
  recordsB: async ({ floorDb, verifyRecords }, use, testInfo) => {
    void verifyRecords;
    const records = await startVerifyRecords({ DATABASE_URL: floorDb.url, RECORDS_PEPPER: PEPPER });
    await use(records);
    if (testInfo.status !== testInfo.expectedStatus)
      await testInfo.attach('records-B.log', { body: records.output(), contentType: 'text/plain' });
    await records.dispose();
  },

  // The second agent (senior01, 李强) on their own line, on instance A.
  desk2: async ({ openDesk, lines }, use) => {
    await use(await openDesk('senior01', { sip: lines.agent2 }));
  },

  // lead01 on instance B, the page spied on for sounds and desktop notifications.
  leadDesk: async ({ openDesk, recordsB }, use) => {
    const desk = await openDesk('lead01', { sip: null, records: recordsB.url });
    await desk.context.grantPermissions(['notifications']);
    await desk.page.addInitScript(spyOnAlerts);
    await desk.signIn();
    await use(desk);
  },

  // lead01's own push stream on instance B, read here (what the lead's web host reads).
  leadStream: async ({ recordsB }, use) => {
    const abort = new AbortController();
    await use(await openPushStream(recordsB.url, 'lead01', abort.signal));
    abort.abort();
  },
});
