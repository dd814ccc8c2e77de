// The training line in main (Art. 9): entries about a training call are marked in the journal
// (and nothing else is), the policy's course holds the live line until it is passed, and a kept
// result is journaled with its misses by rule and article.
import { describe, expect, it, vi } from 'vitest';
import type { AgentSession } from '../../../../main/core/auth.js';
import {
  createTrainingMarks,
  createTrainingService,
  markingJournal,
  type TrainingRecords,
} from '../../../../main/core/training.js';
import type { PhoneEvent } from '../../../../common/phone.js';
import type { TrainingStatus } from '../../../../common/training-api.js';
import { AppError } from '../../../../common/result.js';
import { recordingLogger } from '../../../support/fakes.js';

const TRAINING_CALL = '00000000-0000-4000-8000-00000000000a';
const LIVE_CALL = '00000000-0000-4000-8000-00000000000b';
const SESSION = '00000000-0000-4000-8000-00000000000c';
const as = (username: string): AgentSession =>
  ({ token: `token-${username}`, agent: { username } }) as AgentSession;

function recorder() {
  const appended: { type: string; data: Record<string, unknown>; meta?: unknown }[] = [];
  return {
    appended,
    journal: {
      deviceId: 'dev-1',
      append: async (type: string, data: Record<string, unknown>, meta?: unknown) => {
        appended.push({ type, data, meta });
        return {} as never;
      },
    },
  };
}

const started = (callId: string, training: boolean) =>
  ({
    type: 'call-started',
    callId,
    direction: 'inbound',
    number: '17000000101',
    name: null,
    callerIdSource: 'pai',
    ...(training ? { training: true } : {}),
  }) as PhoneEvent;

describe('the journal marks training calls', () => {
  it('marks every entry naming a training call, in data or meta, and nothing else', async () => {
    const marks = createTrainingMarks();
    const { appended, journal } = recorder();
    const marked = markingJournal(journal, marks);
    marks.phoneEvent(started(TRAINING_CALL, true));
    marks.phoneEvent(started(LIVE_CALL, false));
    await marked.append('verify.started', { callId: TRAINING_CALL, sessionId: SESSION });
    await marked.append('verify.started', { callId: LIVE_CALL });
    await marked.append('callback.requested', { reason: 'x' }, { callId: TRAINING_CALL });
    await marked.append('verify.lookup', { training: true });
    await marked.append('phone.agent-state', { state: 'ready' });
    expect(appended.map((e) => e.data.training ?? false)).toEqual([true, false, true, true, false]);
    // The rest of the journal is the journal's own.
    expect(marked.deviceId).toBe('dev-1');
  });

  it('forgets the oldest training calls past its bound', () => {
    const marks = createTrainingMarks(2);
    for (const n of [1, 2, 3])
      marks.phoneEvent(started(`00000000-0000-4000-8000-00000000000${n}`, true));
    expect(marks.isTrainingCall('00000000-0000-4000-8000-000000000001')).toBe(false);
    expect(marks.isTrainingCall('00000000-0000-4000-8000-000000000003')).toBe(true);
  });
});

const status = (passed: boolean, clearedForLive = true): TrainingStatus => ({
  username: 'agent01',
  courses: [{ courseId: 'basics', passed, best: {} }],
  requiredCourse: null,
  clearedForLive,
});

function service(required: string | null, standing: TrainingStatus | Error) {
  const { appended, journal } = recorder();
  const records = {
    trainingStatus: vi.fn(async () => {
      if (standing instanceof Error) throw standing;
      return standing;
    }),
    postTrainingResult: vi.fn(async () => ({
      id: '00000000-0000-4000-8000-0000000000ff',
      username: 'agent01',
      name: '张三',
      scenarioId: 'routine-enquiry',
      courseId: 'basics',
      at: '2026-12-06T10:00:00.000Z',
      score: 70,
      passed: false,
      misses: [{ rule: 'read-back-missing', article: 8 }],
      secondsToVerify: 41,
    })),
  } as unknown as TrainingRecords;
  const onStanding = vi.fn();
  const training = createTrainingService({
    records,
    journal,
    logger: recordingLogger(),
    session: () => as('agent01'),
    requiredCourse: () => required,
    onStanding,
  });
  return { training, records, appended, onStanding };
}

describe("the policy's course before the live line", () => {
  it('clears the line without a required course, asking nobody', async () => {
    const { training, records } = service(null, status(false));
    expect(await training.clearedForLive()).toEqual({ cleared: true, course: null });
    expect(records.trainingStatus).not.toHaveBeenCalled();
  });

  it('holds the line until the course is passed', async () => {
    expect((await service('basics', status(false)).training.clearedForLive()).cleared).toBe(false);
    expect((await service('basics', status(true)).training.clearedForLive()).cleared).toBe(true);
    // Another course passed is not this one.
    expect((await service('advanced', status(true)).training.clearedForLive()).cleared).toBe(false);
  });

  it('holds the line while the standing is unknown (records service down)', async () => {
    const { training } = service('basics', new AppError('unavailable', 'down'));
    expect(await training.clearedForLive()).toEqual({
      cleared: false,
      course: 'basics',
      unknown: true,
    });
  });

  it('asks again when the records service answers after an outage, and tells the phone', async () => {
    let up: (() => void) | null = null;
    let down = true;
    const records = {
      trainingStatus: vi.fn(async () => {
        if (down) throw new AppError('unavailable', 'down');
        return status(true);
      }),
    } as unknown as TrainingRecords;
    const onStanding = vi.fn();
    const training = createTrainingService({
      records,
      journal: recorder().journal,
      logger: recordingLogger(),
      session: () => as('agent01'),
      requiredCourse: () => 'basics',
      onStanding,
      onRecordsUp: (listener) => {
        up = listener;
        return () => (up = null);
      },
    });
    expect(await training.clearedForLive()).toEqual({
      cleared: false,
      course: 'basics',
      unknown: true,
    });
    // Still down when connectivity flickers: nothing told, still unknown.
    up!();
    await vi.waitFor(() => expect(records.trainingStatus).toHaveBeenCalledTimes(2));
    expect(onStanding).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    down = false;
    up!();
    await vi.waitFor(() => expect(onStanding).toHaveBeenCalledOnce());
    expect(await training.clearedForLive()).toEqual({ cleared: true, course: 'basics' });
    // Known now: the service answering again asks nobody.
    up!();
    expect(records.trainingStatus).toHaveBeenCalledTimes(3);
    training.stop();
    expect(up).toBeNull();
  });

  it("names the policy's course in the status", async () => {
    const { training } = service('basics', status(false));
    const own = await training.handlers['training:status']({}, {} as never);
    expect(own).toMatchObject({ requiredCourse: 'basics', clearedForLive: false });
  });
});

describe('a result kept', () => {
  it('is journaled marked, with each miss by rule and article, and re-reads the standing', async () => {
    const { training, appended, records } = service('basics', status(false));
    await training.clearedForLive();
    const result = await training.handlers['training:result'](
      { scenarioId: 'routine-enquiry', courseId: 'basics', sessionId: SESSION, events: [] },
      {} as never,
    );
    expect(result.score).toBe(70);
    expect(records.postTrainingResult).toHaveBeenCalledOnce();
    expect(appended).toEqual([
      expect.objectContaining({
        type: 'training.result',
        data: expect.objectContaining({
          training: true,
          passed: false,
          misses: 'read-back-missing:Art.8',
        }),
      }),
    ]);
    expect(records.trainingStatus).toHaveBeenCalledTimes(2);
  });
});
