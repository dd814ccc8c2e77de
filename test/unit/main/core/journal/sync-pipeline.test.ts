// Two batches in flight and what the archive may ask: answers recorded strictly in order even when
// the second comes first, `409 journal-ahead` re-sent after the earlier batch, a failed head
// forgets what followed it, Retry-After waited out at the same batch size, and desks with a
// backlog coming back within a spread. On a fake clock; the journal is real (temp dir).
import { describe, expect, it } from 'vitest';
import type { JournalEntryResult } from '../../../../../common/journal-chain.js';
import type { JournalBatch, SendBatch } from '../../../../../main/core/journal/index.js';
import { RecordsHttpError } from '../../../../../main/core/records-http.js';
import { useTempDirs } from '../../../../support/fakes.js';
import { archive, drainOnClock, settle, setup } from './sync-harness.js';

const tempDir = useTempDirs();

/** A send whose answers the test releases one by one; it says it pipelines. */
function heldArchive() {
  const server = archive();
  const calls: { batch: JournalBatch; release: (error?: Error) => void }[] = [];
  const send: SendBatch = (batch) =>
    new Promise<JournalEntryResult[]>((resolve, reject) => {
      calls.push({
        batch,
        release: (error) => (error ? reject(error) : resolve(server.send(batch))),
      });
    });
  send.pipelines = () => true;
  const first = (c: { batch: JournalBatch }) => c.batch.entries[0]!.seq;
  return { server, calls, send, seqs: () => calls.map((c) => [first(c), !!c.batch.pipelined]) };
}

const ahead = (headSeq: number) =>
  new RecordsHttpError('internal', 'ahead of the head', 409, false, {
    details: { code: 'journal-ahead', headSeq },
  });

describe('journal sync, two batches in flight', () => {
  it('sends the second early with Journal-Pipelined and records answers in order when the second comes first', async () => {
    const held = heldArchive();
    const { journal, sync, events } = await setup(tempDir(), 35, held.send, {
      maxBatchEntries: 10,
    });
    const marks: number[] = [];
    sync.subscribe((e) => e.type === 'batch' && marks.push(journal.syncedThrough()));
    sync.start();
    await settle();
    expect(held.seqs()).toEqual([
      [1, false],
      [11, true],
    ]);
    // The second is answered first: nothing is marked past the unanswered first.
    held.calls[1]!.release();
    await settle();
    expect(journal.syncedThrough()).toBe(0);
    held.calls[0]!.release();
    // Recorded durably (real disk), in order.
    await expect.poll(() => [...marks]).toEqual([10, 20]);
    // The third went out as soon as the first was answered.
    expect(held.seqs()[2]).toEqual([21, expect.any(Boolean)]);
    for (let i = 2; i < 4; i++) {
      await expect.poll(() => held.calls.length).toBeGreaterThan(i);
      held.calls[i]!.release();
    }
    await sync.drained();
    expect(marks).toEqual([10, 20, 30, 35]);
    expect(held.server.stored.size).toBe(34);
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    await sync.stop();
    await journal.close();
  });

  it('409 journal-ahead: the early batch is sent again once the earlier one is answered, at once, whole, never a dead letter', async () => {
    const held = heldArchive();
    const { journal, sync, time, events } = await setup(tempDir(), 20, held.send, {
      maxBatchEntries: 10,
    });
    sync.start();
    await settle();
    // The second overtook the first at the archive.
    held.calls[1]!.release(ahead(0));
    await settle();
    expect(held.calls).toHaveLength(2);
    held.calls[0]!.release();
    await expect.poll(() => held.calls.length).toBe(3);
    expect(held.seqs()).toEqual([
      [1, false],
      [11, true],
      [11, false],
    ]);
    held.calls[2]!.release();
    await settle();
    await sync.drained();
    expect(journal.syncedThrough()).toBe(20);
    expect(journal.deadLetters().map((d) => d.seq)).toEqual([8]);
    expect(time.pendingDelays()).toEqual([]);
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    expect(sync.state().batchLimit).toBe(10);
    await sync.stop();
    await journal.close();
  });

  it('a journal-ahead for a batch sent alone is not a licence to resend: it waits like any refusal', async () => {
    const send: SendBatch = async () => {
      throw ahead(0);
    };
    const { journal, sync, time } = await setup(tempDir(), 3, send);
    sync.start();
    await settle();
    expect(sync.state()).toMatchObject({ status: 'waiting', failures: 1 });
    expect(time.pendingDelays()).toEqual([500]);
    expect(journal.deadLetters()).toEqual([]);
    await sync.stop();
    await journal.close();
  });

  it('the first fails while the second was acknowledged: nothing is marked past the first, both go again', async () => {
    const held = heldArchive();
    const { journal, sync, time } = await setup(tempDir(), 20, held.send, { maxBatchEntries: 10 });
    sync.start();
    await settle();
    held.calls[1]!.release();
    await settle();
    held.calls[0]!.release(new RecordsHttpError('unavailable', 'answer lost', null));
    await settle();
    expect(journal.syncedThrough()).toBe(0);
    expect(sync.state().status).toBe('waiting');
    await time.advance(500);
    await expect.poll(() => held.calls.length).toBe(4);
    expect(held.seqs().slice(2)).toEqual([
      [1, false],
      [11, true],
    ]);
    held.calls[2]!.release();
    held.calls[3]!.release();
    await settle();
    await sync.drained();
    expect(journal.syncedThrough()).toBe(20);
    await sync.stop();
    await journal.close();
  });

  it('stop() waits for both batches in flight and records what was acknowledged', async () => {
    const held = heldArchive();
    const { journal, sync } = await setup(tempDir(), 20, held.send, { maxBatchEntries: 10 });
    sync.start();
    await settle();
    const stopping = sync.stop();
    held.calls[1]!.release();
    held.calls[0]!.release();
    await stopping;
    expect(journal.syncedThrough()).toBe(20);
    expect(held.calls).toHaveLength(2);
    await journal.close();
  });
});

describe('journal sync, when to try', () => {
  it('503 with Retry-After: waits at least as told plus jitter, keeps the batch size, and a kick does not cut it short', async () => {
    const server = archive();
    let busy = 2;
    const send: SendBatch = async (batch) => {
      if (busy-- > 0)
        throw new RecordsHttpError('unavailable', 'ingest saturated', 503, true, {
          retryAfterMs: 2000,
        });
      return server.send(batch);
    };
    const { journal, sync, time } = await setup(tempDir(), 30, send);
    sync.start();
    await settle();
    // 2 s as told + random 0.5 × 2 s.
    expect(time.pendingDelays()).toEqual([3000]);
    expect(sync.state()).toMatchObject({ batchLimit: 1000, lastError: { status: 503 } });
    sync.kick();
    await settle();
    expect(server.batches).toEqual([]);
    expect(time.pendingDelays()).toEqual([3000]);
    await time.advance(2999);
    expect(server.batches).toEqual([]);
    await time.advance(1);
    expect(time.pendingDelays()).toEqual([3000]);
    await time.advance(3000);
    await sync.drained();
    expect(server.batches.map((b) => b.length)).toEqual([30]);
    await sync.stop();
    await journal.close();
  });

  it('coming back with a backlog: the first attempt waits a random share of 10 ms per entry, at most 30 s and the backoff cap', async () => {
    const server = archive();
    const { journal, sync, time } = await setup(tempDir(), 40, server.send, {
      returnSpreadMaxMs: undefined,
      random: () => 0.5,
    });
    sync.start();
    await settle();
    // 40 entries × 10 ms = 400 ms window; random 0.5 → 200 ms.
    expect(time.pendingDelays()).toEqual([200]);
    expect(sync.state().nextAttemptAt).not.toBeNull();
    await time.advance(199);
    expect(server.batches).toEqual([]);
    await time.advance(1);
    await drainOnClock(sync, time);
    expect(journal.syncedThrough()).toBe(40);

    // Down, then back: a kick within the spread, never later than a retry already due sooner.
    let down = true;
    sync.stop();
    const again = await setup(
      tempDir(),
      2000,
      async (batch) => {
        if (down) throw new RecordsHttpError('unavailable', 'unreachable', null);
        return server.send(batch);
      },
      { returnSpreadMaxMs: undefined, random: () => 0.5, backoffCapMs: 20_000 },
    );
    again.sync.start();
    await settle();
    // 2,000 × 10 ms = 20 s, capped by the backoff cap (20 s) → 10 s.
    expect(again.time.pendingDelays()).toEqual([10_000]);
    await again.time.advance(10_000);
    expect(again.sync.state().status).toBe('waiting');
    expect(again.time.pendingDelays()).toEqual([500]);
    again.sync.kick();
    // The backoff's 500 ms is sooner than the spread: it stands.
    expect(again.time.pendingDelays()).toEqual([500]);
    down = false;
    await again.time.advance(500);
    await drainOnClock(again.sync, again.time);
    expect(again.journal.syncedThrough()).toBe(2000);
    await again.sync.stop();
    await again.journal.close();
    await journal.close();
  });
});
