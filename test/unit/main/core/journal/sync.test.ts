// The sync engine against a scripted archive: order, acknowledgement, halving, dead letters,
// backoff with full jitter on a fake clock, kick(), no expiry of unsynced entries.
import { describe, expect, it } from 'vitest';
import type { JournalEntry, JournalEntryResult } from '../../../../../common/journal-chain.js';
import {
  openJournalStore,
  type JournalBatch,
  type SendBatch,
} from '../../../../../main/core/journal/index.js';
import { RecordsHttpError } from '../../../../../main/core/records-http.js';
import {
  createJournalSync,
  type SyncEvent,
  type Timers,
} from '../../../../../main/core/journal/sync.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();

/** Timers on a fake clock: advance() runs what falls due. */
function fakeTime() {
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  let nextId = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = nextId++;
      due.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void due.delete(id as number),
  };
  return {
    timers,
    now: () => new Date(now),
    pendingDelays: () => [...due.values()].map((t) => t.at - now),
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > until) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
        await settle();
      }
      now = until;
      await settle();
    },
  };
}
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * An archive in memory with the server's answers: duplicate for known seqs, rejection for poisoned
 * types.
 */
function archive() {
  const stored = new Map<number, string>();
  const batches: number[][] = [];
  const send: SendBatch = async (batch: JournalBatch) => {
    batches.push(batch.entries.map((e) => e.seq));
    return batch.entries.map((e: JournalEntry): JournalEntryResult => {
      if (e.type === 'test.poison')
        return {
          seq: e.seq,
          id: e.id,
          status: 'rejected',
          error: { code: 'bad-request', message: `entry seq ${e.seq} refused` },
        };
      if (stored.has(e.seq)) return { seq: e.seq, id: e.id, status: 'duplicate' };
      stored.set(e.seq, e.id);
      return { seq: e.seq, id: e.id, status: 'applied' };
    });
  };
  return { stored, batches, send };
}

async function setup(
  n: number,
  send: SendBatch,
  extra: Partial<Parameters<typeof createJournalSync>[0]> = {},
) {
  const time = fakeTime();
  const journal = await openJournalStore({ dataDir: tempDir(), now: time.now, segmentSize: 50 });
  for (let i = 0; i < n; i++)
    await journal.append(i === 7 ? 'test.poison' : 'verify.lookup', { candidates: i });
  const events: SyncEvent[] = [];
  const sync = createJournalSync({
    journal,
    send,
    now: time.now,
    timers: time.timers,
    random: () => 0.5,
    appendDelayMs: 10,
    ...extra,
  });
  sync.subscribe((e) => events.push(e));
  return { journal, sync, time, events };
}

describe('journal sync', () => {
  it('sends in order in batches of at most 100, marks only acknowledged entries, dead-letters a rejection and goes on', async () => {
    const server = archive();
    const { journal, sync, time, events } = await setup(230, server.send);
    sync.start();
    await time.advance(0);
    await sync.drained();
    expect(server.batches.map((b) => b.length)).toEqual([100, 100, 30]);
    expect(server.batches.flat()).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
    expect(journal.syncedThrough()).toBe(230);
    expect(journal.deadLetters().map((d) => [d.seq, d.code])).toEqual([[8, 'bad-request']]);
    expect(events.filter((e) => e.type === 'dead-letter')).toHaveLength(1);
    expect(sync.state()).toMatchObject({ status: 'idle', backlog: 0, deadLettered: 1 });
    // New appends sync shortly after, in one batch.
    await Promise.all([journal.append('auth.sign-in', {}), journal.append('auth.sign-out', {})]);
    await time.advance(10);
    await sync.drained();
    expect(server.batches.at(-1)).toEqual([231, 232]);
    await sync.stop();
    await journal.close();
  });

  it('halves on 413 and 5xx, grows back after success, and narrows a whole-batch 400 down to the one entry', async () => {
    const server = archive();
    let calls = 0;
    const send: SendBatch = async (batch) => {
      calls += 1;
      if (batch.entries.length > 25)
        throw new RecordsHttpError('bad-request', 'batch too large', 413);
      if (calls === 4) throw new RecordsHttpError('unavailable', 'boom', 503);
      if (batch.entries.some((e) => e.seq === 40))
        throw new RecordsHttpError('bad-request', 'entries.3: bad', 400);
      return server.send(batch);
    };
    const { journal, sync, time } = await setup(60, send);
    sync.start();
    await time.advance(0);
    await time.advance(1000);
    await sync.drained();
    const sizes = server.batches.map((b) => b.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(25);
    expect([...server.stored.keys()]).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1).filter((s) => s !== 8 && s !== 40),
    );
    expect(journal.deadLetters().map((d) => [d.seq, d.code])).toEqual([
      [8, 'bad-request'],
      [40, 'bad-request'],
    ]);
    await sync.stop();
    await journal.close();
  });

  it('while the archive is unreachable: backs off with full jitter from 1 s doubling to 10 min, keeps everything; kick() tries at once', async () => {
    let down = true;
    const server = archive();
    const send: SendBatch = async (batch) => {
      if (down)
        throw new RecordsHttpError(
          'unavailable',
          'records service unreachable: ECONNREFUSED',
          null,
        );
      return server.send(batch);
    };
    // Random 0.5: half of each window, which doubles from 1 s to the 10-minute cap.
    const randoms = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25];
    const { journal, sync, time } = await setup(5, send, { random: () => randoms.shift() ?? 0.5 });
    sync.start();
    await time.advance(0);
    const delays: number[] = [];
    for (let i = 0; i < 13; i++) {
      delays.push(time.pendingDelays()[0]!);
      await time.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000,
    ]);
    expect(time.pendingDelays()[0]).toBe(300_000);
    // Random 0.25 → a quarter of the cap: jitter is drawn from [0, cap).
    await time.advance(600_000);
    expect(time.pendingDelays()[0]).toBe(150_000);
    expect(sync.state()).toMatchObject({
      status: 'waiting',
      backlog: 5,
      lastError: { code: 'unavailable', status: null },
    });
    // Days of outage: nothing expires.
    await time.advance(3 * 24 * 3600_000);
    expect(journal.backlog()).toBe(5);
    expect(journal.entries()).toHaveLength(5);
    down = false;
    sync.kick();
    await settle();
    await sync.drained();
    expect(sync.state()).toMatchObject({ status: 'idle', backlog: 0, failures: 0 });
    expect(server.stored.size).toBe(5);
    await sync.stop();
    await journal.close();
  });

  it('never marks a batch whose answer does not match it, and a batch answered twice is harmless', async () => {
    const server = archive();
    let lie = true;
    const send: SendBatch = async (batch) => {
      const results = await server.send(batch);
      if (lie) {
        lie = false;
        return results.slice(1);
      }
      return results;
    };
    const { journal, sync, time } = await setup(3, send);
    sync.start();
    await time.advance(0);
    expect(journal.syncedThrough()).toBe(0);
    await time.advance(1000);
    await sync.drained();
    expect(journal.syncedThrough()).toBe(3);
    expect(server.batches).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    await sync.stop();
    await journal.close();
  });
});
