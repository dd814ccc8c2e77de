// Fault injection against the real records service in-process (PGlite in memory, demo seed,
// port 0): the journal syncs through a TCP proxy that is down, flaps, drops answers after the
// archive committed, is slow, through a 413, and with a poisoned entry. Each time the archive ends
// with every entry exactly once and in order (queried in journal_entries / journal_rejects).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { verifyChain, type EntryData } from '../../../../../common/journal-chain.js';
import {
  createJournalUploader,
  openJournalStore,
  type Journal,
} from '../../../../../main/core/journal/index.js';
import {
  createJournalSync,
  type JournalSync,
  type JournalSyncOptions,
  type SyncEvent,
} from '../../../../../main/core/journal/sync.js';
import { buildServer } from '../../../../../server/app.js';
import { openPglite, type Db } from '../../../../../server/db.js';
import { readArchivedEntries } from '../../../../../server/journal-archive/repository.js';
import { migrate } from '../../../../../server/migrations.js';
import { applySeed } from '../../../../../server/seed.js';
import demoSeed from '../../../../../server/seed/demo-seed.json' with { type: 'json' };
import { useTempDirs } from '../../../../support/fakes.js';
import { DB_TIMEOUT_MS, TEST_COST, TEST_PEPPER } from '../../../server/helpers.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: DB_TIMEOUT_MS });

const tempDir = useTempDirs();
let db: Db;
let server: FastifyInstance;
let target: { host: string; port: number };
let token: string;

// Assembled as server/start.ts does it (migrate, demo seed, buildServer, listen on port 0) rather
// than through startRecordsService, because the test queries the archive tables and
// startRecordsService does not hand out its database.
beforeAll(async () => {
  db = await openPglite(undefined);
  await migrate(db);
  await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST }, 'demo-seed.json');
  server = buildServer({ db, logger: false, pepper: TEST_PEPPER, passwordCost: TEST_COST });
  await server.listen({ port: 0, host: '127.0.0.1' });
  target = { host: '127.0.0.1', port: (server.server.address() as net.AddressInfo).port };
  const response = await fetch(`http://127.0.0.1:${target.port}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'agent01', password: 'demo-pass-1' }),
  });
  token = ((await response.json()) as { token: string }).token;
});
afterAll(async () => {
  await server?.close();
});

interface Desk {
  journal: Journal;
  sync: JournalSync;
  events: SyncEvent[];
  stop(): Promise<void>;
}

async function desk(
  baseUrl: string,
  options: Partial<JournalSyncOptions> & { timeoutMs?: number } = {},
): Promise<Desk> {
  const journal = await openJournalStore({ dataDir: tempDir(), segmentSize: 64 });
  const send = createJournalUploader({
    baseUrl,
    token: () => token,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const sync = createJournalSync({
    journal,
    send,
    backoffBaseMs: 20,
    backoffCapMs: 250,
    appendDelayMs: 5,
    ...options,
  });
  const events: SyncEvent[] = [];
  sync.subscribe((e) => events.push(e));
  return {
    journal,
    sync,
    events,
    async stop() {
      await sync.stop();
      await journal.close();
    },
  };
}

const entry = (i: number): [string, EntryData] => [
  'verify.lookup',
  {
    agent: 'agent01',
    callerNumber: `138****${String(i % 10_000).padStart(4, '0')}`,
    candidates: i,
  },
];
async function appendMany(journal: Journal, n: number) {
  for (let i = 0; i < n; i++) await journal.append(...entry(i));
}

/**
 * The archive holds the journal's entries exactly once, in seq order, chained; nothing refused
 * except `poisoned`.
 */
async function expectArchived(journal: Journal, poisoned: number[] = []) {
  const archived = await readArchivedEntries(db, journal.deviceId);
  const expected = journal.entries().filter((e) => !poisoned.includes(e.seq));
  expect(archived.map((e) => [e.seq, e.id, e.hash])).toEqual(
    expected.map((e) => [e.seq, e.id, e.hash]),
  );
  // What the archive holds is byte for byte what the desk hashed (personal fields decrypted).
  expect(archived).toEqual(expected);
  if (poisoned.length === 0) expect(await verifyChain(archived)).toBeNull();
  const { rows } = await db.query<{ seq: string }>(
    'select seq::text as seq from journal_rejects where device_id = $1 order by seq',
    [journal.deviceId],
  );
  expect(rows.map((r) => Number(r.seq))).toEqual(poisoned);
  const alerts = await db.query<{ n: number }>(
    `select count(*)::int as n from alerts where kind = 'journal-tamper' and device_id = $1`,
    [journal.deviceId],
  );
  expect(alerts.rows[0]!.n).toBe(0);
}

async function until(predicate: () => boolean, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('journal sync against the real records service, with faults', () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy(target);
  });
  afterAll(async () => proxy?.close());

  it('server down for the whole test: nothing lost, backlog kept (also across a restart of the desk)', async () => {
    // A port nobody listens on.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const d = await desk(`http://127.0.0.1:${port}`);
    await appendMany(d.journal, 40);
    d.sync.start();
    await until(() => d.sync.state().failures >= 5);
    d.sync.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(d.sync.state()).toMatchObject({
      backlog: 40,
      lastError: { code: 'unavailable', status: null },
    });
    expect(d.journal.syncedThrough()).toBe(0);
    const ids = d.journal.entries().map((e) => e.id);
    const dir = d.journal.dir;
    await d.stop();
    const again = await openJournalStore({
      dataDir: dir.replace(/\/journal$/, ''),
      segmentSize: 64,
    });
    expect(again.backlog()).toBe(40);
    expect(again.entries().map((e) => e.id)).toEqual(ids);
    expect(await readArchivedEntries(db, again.deviceId)).toEqual([]);
    await again.close();
  });

  it('flapping: connections refused and cut at random while entries keep coming; kick() when it is back', async () => {
    const d = await desk(proxy.url);
    d.sync.start();
    let flips = 0;
    const flapper = setInterval(() => {
      flips += 1;
      proxy.mode.accept = !proxy.mode.accept;
      if (!proxy.mode.accept) proxy.cutAll();
      else d.sync.kick();
    }, 60);
    try {
      for (let i = 0; i < 8; i++) {
        await appendMany(d.journal, 25);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      await until(() => flips >= 10);
    } finally {
      clearInterval(flapper);
      proxy.mode.accept = true;
    }
    d.sync.kick();
    await d.sync.drained();
    expect(proxy.stats.refused).toBeGreaterThan(0);
    await expectArchived(d.journal);
    await d.stop();
  });

  it('answers dropped after the archive committed: the batch is resent and answered duplicate', async () => {
    proxy.mode.dropResponses = 3;
    const d = await desk(proxy.url);
    await appendMany(d.journal, 150);
    d.sync.start();
    await d.sync.drained();
    expect(proxy.stats.dropped).toBeGreaterThanOrEqual(3);
    const batches = d.events.filter(
      (e): e is Extract<SyncEvent, { type: 'batch' }> => e.type === 'batch',
    );
    expect(batches.some((b) => b.duplicate > 0)).toBe(true);
    await expectArchived(d.journal);
    await d.stop();
  });

  it('slow (seconds per round trip), and slower than the client timeout: completes, the timed-out batch replays as duplicate', async () => {
    proxy.mode.delayMs = 600;
    const d = await desk(proxy.url, { timeoutMs: 1000 });
    await appendMany(d.journal, 120);
    d.sync.start();
    // 600 ms each way > 1 s: the first attempt times out after the archive committed it.
    await until(() => d.events.some((e) => e.type === 'retry' && e.status === null));
    expect(d.journal.syncedThrough()).toBe(0);
    proxy.mode.delayMs = 300;
    d.sync.kick();
    await d.sync.drained();
    const batches = d.events.filter(
      (e): e is Extract<SyncEvent, { type: 'batch' }> => e.type === 'batch',
    );
    expect(batches[0]!.duplicate).toBeGreaterThan(0);
    await expectArchived(d.journal);
    proxy.mode.delayMs = 0;
    await d.stop();
  });

  it('413 (over 100 entries, over 1 MiB): the batch halves until the archive takes it', async () => {
    const d = await desk(proxy.url, { maxBatchEntries: 400, maxBatchBytes: 8 * 1024 * 1024 });
    await appendMany(d.journal, 250);
    const big: EntryData = {};
    for (let f = 0; f < 30; f++) big[`field${f}`] = 'x'.repeat(3900);
    for (let i = 0; i < 12; i++) await d.journal.append('verify.lookup', big);
    d.sync.start();
    await d.sync.drained();
    const retries = d.events.filter(
      (e): e is Extract<SyncEvent, { type: 'retry' }> => e.type === 'retry',
    );
    expect(retries.filter((r) => r.status === 413).length).toBeGreaterThanOrEqual(2);
    await expectArchived(d.journal);
    await d.stop();
  });

  it('a poisoned entry is dead-lettered and the queue goes on', async () => {
    const d = await desk(proxy.url);
    await appendMany(d.journal, 30);
    // An unmasked customer reference: the archive refuses the call-back request (Art. 11), for
    // good.
    const poison = await d.journal.append('callback.requested', {
      customerRef: '13812345678',
      reason: 'call me back',
    });
    await appendMany(d.journal, 30);
    d.sync.start();
    await d.sync.drained();
    expect(d.journal.deadLetters().map((x) => [x.seq, x.code])).toEqual([
      [poison.seq, 'bad-request'],
    ]);
    await expectArchived(d.journal, [poison.seq]);
    await d.stop();
  });
});
