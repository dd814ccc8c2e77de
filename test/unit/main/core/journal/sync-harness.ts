// The sync tests' world: a fake clock with timers, an archive in memory with the server's
// answers, and a real journal (temp dir) filled and handed to a sync on that clock.
import type { JournalEntry, JournalEntryResult } from '../../../../../common/journal-chain.js';
import {
  openJournalStore,
  type JournalBatch,
  type SendBatch,
} from '../../../../../main/core/journal/index.js';
import {
  createJournalSync,
  type SyncEvent,
  type Timers,
} from '../../../../../main/core/journal/sync.js';

/** Timers on a fake clock: advance() runs what falls due. */
export function fakeTime() {
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
export const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * An archive in memory with the server's answers: duplicate for known seqs, rejection for poisoned
 * types.
 */
export function archive() {
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

export async function setup(
  dataDir: string,
  n: number,
  send: SendBatch,
  extra: Partial<Parameters<typeof createJournalSync>[0]> = {},
) {
  const time = fakeTime();
  const journal = await openJournalStore({ dataDir, now: time.now, segmentSize: 50 });
  // Queued together: the writer commits them in a few durable writes.
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      journal.append(i === 7 ? 'test.poison' : 'verify.lookup', { candidates: i }),
    ),
  );
  const events: SyncEvent[] = [];
  const sync = createJournalSync({
    journal,
    send,
    now: time.now,
    timers: time.timers,
    random: () => 0.5,
    appendDelayMs: 10,
    // No return spread here: its own tests are in sync-pipeline.test.ts.
    returnSpreadMaxMs: 0,
    ...extra,
  });
  sync.subscribe((e) => events.push(e));
  return { journal, sync, time, events };
}

/**
 * Moves the fake clock on in `stepMs` steps, letting real I/O (the durable acknowledgements) run
 * between them, until the sync has nothing left and is idle; the time it took on the fake clock.
 */
export async function drainOnClock(
  sync: ReturnType<typeof createJournalSync>,
  time: ReturnType<typeof fakeTime>,
  stepMs = 100,
): Promise<number> {
  const start = time.now().getTime();
  for (let i = 0; i < 2_000; i++) {
    const { backlog, status } = sync.state();
    if (backlog === 0 && status === 'idle') return time.now().getTime() - start;
    await time.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`not drained: ${JSON.stringify(sync.state())}`);
}
