// What the update gate sees, from the real journal and sync: an append not yet durable and a batch
// on its way to the archive close the gate; a backlog kept on disk while the archive is down does
// not (it is synced after the restart). A training call keeps it shut until its result is scored.
import { describe, expect, it } from 'vitest';
import type { PhoneEvent } from '../../../../common/phone.js';
import type { JournalEntryResult } from '../../../../common/journal-chain.js';
import {
  createJournalSync,
  openJournal,
  type SendBatch,
} from '../../../../main/core/journal/index.js';
import type { JournalBatch } from '../../../../main/core/journal/uploader.js';
import { updateGate } from '../../../../main/core/update-gate.js';
import { createUpdateWatch, TRAINING_SCORE_GRACE_MS } from '../../../../main/core/update-watch.js';
import { useTempDirs } from '../../../support/fakes.js';
import { manualTimers } from '../../../support/manual-timers.js';

const tempDir = useTempDirs();
const CALL = '00000000-0000-4000-8000-00000000000a';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const applied = (batch: JournalBatch): JournalEntryResult[] =>
  batch.entries.map((e) => ({ seq: e.seq, id: e.id, status: 'applied' }));

async function setUp(send: SendBatch) {
  const journal = await openJournal(tempDir());
  const sync = createJournalSync({ journal, send, appendDelayMs: 0, backoffBaseMs: 60_000 });
  const watch = createUpdateWatch({ sync, timers: manualTimers().timers });
  return { journal, sync, watch, tracked: watch.track(journal) };
}

describe('the update watch over the real journal and sync', () => {
  it('an append is a blocker until it is durable; the batch it starts is one until answered', async () => {
    const answer = deferred<JournalEntryResult[]>();
    let batch: JournalBatch | null = null;
    const { journal, sync, watch, tracked } = await setUp(async (b) => {
      batch = b;
      return answer.promise;
    });
    sync.start();

    const appending = tracked.append('agent.state', { agent: 'agent01', state: 'ready' });
    expect(updateGate(watch.inputs()).blockers).toEqual(['journal-writing']);
    await appending;
    await expect.poll(() => sync.state().status).toBe('sending');
    expect(updateGate(watch.inputs())).toEqual({
      mayInstall: false,
      blockers: ['sync-in-flight'],
    });

    answer.resolve(applied(batch!));
    await sync.drained();
    expect(updateGate(watch.inputs())).toEqual({ mayInstall: true, blockers: [] });
    await sync.stop();
    await journal.close();
  });

  it('a backlog kept on disk while the archive is down does not hold the update back', async () => {
    const { journal, sync, watch, tracked } = await setUp(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    sync.start();
    await tracked.append('agent.state', { agent: 'agent01', state: 'ready' });
    await expect.poll(() => sync.state().status).toBe('waiting');
    expect(journal.backlog()).toBe(1);
    expect(updateGate(watch.inputs())).toEqual({ mayInstall: true, blockers: [] });
    await sync.stop();
    await journal.close();
  });

  it('a training call blocks until its result is scored (or the grace passes unscored)', async () => {
    const journal = await openJournal(tempDir());
    const sync = createJournalSync({ journal, send: async () => [], appendDelayMs: 0 });
    const clock = manualTimers();
    const watch = createUpdateWatch({ sync, timers: clock.timers });
    const started = {
      type: 'call-started',
      callId: CALL,
      direction: 'inbound',
      number: '17000000101',
      name: null,
      callerIdSource: 'pai',
      training: true,
    } satisfies PhoneEvent;
    const ended = {
      type: 'call-ended',
      training: true,
      record: {
        id: CALL,
        direction: 'inbound',
        number: '170****0101',
        name: null,
        startedAt: '2026-12-06T08:00:00.000Z',
        durationSeconds: 179,
        outcome: 'answered',
        quality: null,
        training: true,
      },
    } satisfies PhoneEvent;

    watch.phoneEvent(started);
    expect(updateGate(watch.inputs()).blockers).toEqual(['call-up', 'training-running']);
    watch.phoneEvent(ended);
    expect(updateGate(watch.inputs()).blockers).toEqual(['training-running']);
    watch.trainingScored();
    expect(updateGate(watch.inputs()).mayInstall).toBe(true);

    // A run the desk never scored stops blocking after the grace.
    watch.phoneEvent(started);
    watch.phoneEvent(ended);
    await clock.advance(TRAINING_SCORE_GRACE_MS - 1);
    expect(updateGate(watch.inputs()).blockers).toEqual(['training-running']);
    await clock.advance(1);
    expect(updateGate(watch.inputs()).mayInstall).toBe(true);
    watch.stop();
    await journal.close();
  });
});
