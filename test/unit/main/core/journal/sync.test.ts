// The sync engine against a scripted archive: order, acknowledgement, batches by count and bytes,
// halving, dead letters, backoff with full jitter on a fake clock, kick(), no expiry of unsynced
// entries. (Two in flight, Retry-After and the return spread: sync-pipeline.test.ts.)
import { describe, expect, it } from 'vitest';
import type { SendBatch } from '../../../../../main/core/journal/index.js';
import { RecordsHttpError } from '../../../../../main/core/records-http.js';
import { useTempDirs } from '../../../../support/fakes.js';
import { archive, drainOnClock, settle, setup } from './sync-harness.js';

const tempDir = useTempDirs();

describe('journal sync', () => {
  it('sends in order in batches of at most 1,000, marks only acknowledged entries, dead-letters a rejection and goes on', async () => {
    const server = archive();
    const { journal, sync, time, events } = await setup(tempDir(), 2300, server.send);
    sync.start();
    await time.advance(0);
    await sync.drained();
    expect(server.batches.map((b) => b.length)).toEqual([1000, 1000, 300]);
    expect(server.batches.flat()).toEqual(Array.from({ length: 2300 }, (_, i) => i + 1));
    expect(journal.syncedThrough()).toBe(2300);
    expect(journal.deadLetters().map((d) => [d.seq, d.code])).toEqual([[8, 'bad-request']]);
    expect(events.filter((e) => e.type === 'dead-letter')).toHaveLength(1);
    expect(sync.state()).toMatchObject({ status: 'idle', backlog: 0, deadLettered: 1 });
    // New appends sync shortly after, in one batch.
    await Promise.all([journal.append('auth.sign-in', {}), journal.append('auth.sign-out', {})]);
    await time.advance(10);
    await sync.drained();
    expect(server.batches.at(-1)).toEqual([2301, 2302]);
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
    const { journal, sync, time, events } = await setup(tempDir(), 60, send);
    sync.start();
    await drainOnClock(sync, time);
    // One wait, after the 503 (random 0.5 of the first 1 s window); the others go on at once.
    const retries = events.flatMap((e) => (e.type === 'retry' ? [[e.status, e.delayMs]] : []));
    expect(retries.filter(([, delayMs]) => delayMs !== 0)).toEqual([[503, 500]]);
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
    const { journal, sync, time } = await setup(tempDir(), 5, send, {
      random: () => randoms.shift() ?? 0.5,
    });
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

  it('sizes a batch by its JSON too: within 1 MiB, however few entries that is', async () => {
    const server = archive();
    const bodies: number[] = [];
    const send: SendBatch = async (batch) => {
      bodies.push(Buffer.byteLength(JSON.stringify(batch), 'utf8'));
      return server.send(batch);
    };
    const { journal, sync, time } = await setup(tempDir(), 0, send);
    // ~60 KB each: 1 MiB holds 17 of them.
    const big: Record<string, string | number> = {};
    for (let f = 0; f < 15; f++) big[`field${f}`] = 'x'.repeat(4000);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => journal.append('verify.lookup', { ...big, i })),
    );
    sync.start();
    await time.advance(0);
    await sync.drained();
    expect(server.batches.map((b) => b.length)).toEqual([17, 17, 6]);
    expect(Math.max(...bodies)).toBeLessThanOrEqual(1024 * 1024);
    expect(server.batches.flat()).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
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
    const { journal, sync, time } = await setup(tempDir(), 3, send);
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
