// The desk's survey answers (Art. 22): journaled before anything else, sent to the records
// service, and kept through an outage to be retried with backoff (hand-moved clock) — for their
// own agent only; the rating never appears in the desk's logs.
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../common/result.js';
import type { SurveyAnswer } from '../../../../common/surveys-api.js';
import type { AgentSession } from '../../../../main/core/auth.js';
import { createSurveyService } from '../../../../main/core/survey.js';
import { recordingLogger } from '../../../support/fakes.js';
import { manualTimers } from '../../../support/manual-timers.js';

const SESSION = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const as = (username: string): AgentSession =>
  ({ token: `token-${username}`, agent: { username } }) as AgentSession;

function setup() {
  const clock = manualTimers();
  const journaled: { type: string; data: Record<string, unknown> }[] = [];
  const recordSurvey = vi.fn(async (_t: string, sessionId: string, answer: SurveyAnswer) => ({
    sessionId,
    answer,
  }));
  const logger = recordingLogger();
  let current: AgentSession | null = as('agent01');
  const service = createSurveyService({
    records: { recordSurvey } as never,
    journal: {
      append: async (type, data) => {
        journaled.push({ type, data });
        return {} as never;
      },
    },
    logger,
    session: () => current,
    timers: clock.timers,
    random: () => 0.5,
  });
  const record = (sessionId: string, answer: SurveyAnswer) =>
    service.handlers['survey:record']({ sessionId, callId: 'call-9', answer }, {} as never);
  const signIn = (who: AgentSession | null) => (current = who);
  return { clock, journaled, recordSurvey, logger, service, record, signIn };
}

describe('survey answers on the desk', () => {
  it('journals the answer, then records it with the agent’s token', async () => {
    const s = setup();
    expect(await s.record(SESSION, { outcome: 'rated', rating: 4 })).toEqual({
      delivery: 'recorded',
    });
    expect(s.journaled).toEqual([
      {
        type: 'survey.answered',
        data: {
          agent: 'agent01',
          callId: 'call-9',
          sessionId: SESSION,
          outcome: 'rated',
          rating: 4,
        },
      },
    ]);
    expect(s.recordSurvey).toHaveBeenCalledWith('token-agent01', SESSION, {
      outcome: 'rated',
      rating: 4,
    });
    expect(s.logger.text()).not.toMatch(/rating/);
    await s.record(OTHER, { outcome: 'no-answer' });
    expect(s.journaled[1]!.data).toMatchObject({ outcome: 'no-answer', rating: null });
  });

  it('keeps an answer through an outage and retries with backoff until the service takes it', async () => {
    const s = setup();
    s.recordSurvey.mockRejectedValueOnce(new AppError('unavailable', 'down'));
    s.recordSurvey.mockRejectedValueOnce(new AppError('unavailable', 'down'));
    expect(await s.record(SESSION, { outcome: 'declined' })).toEqual({ delivery: 'pending' });
    expect(s.service.pending()).toBe(1);
    await s.clock.advance(499); // full jitter at 0.5 of a 1 s base
    expect(s.recordSurvey).toHaveBeenCalledTimes(1);
    await s.clock.advance(1);
    expect(s.recordSurvey).toHaveBeenCalledTimes(2);
    expect(s.service.pending()).toBe(1);
    await s.clock.advance(1_000); // the second wait doubles
    expect(s.recordSurvey).toHaveBeenCalledTimes(3);
    expect(s.service.pending()).toBe(0);
    expect(s.journaled).toHaveLength(1);
  });

  it('a retry answered `conflict` was recorded by an earlier try: done, nothing more sent', async () => {
    const s = setup();
    s.recordSurvey.mockRejectedValueOnce(new AppError('unavailable', 'down'));
    s.recordSurvey.mockRejectedValueOnce(new AppError('conflict', 'already recorded'));
    await s.record(SESSION, { outcome: 'rated', rating: 5 });
    await s.clock.advance(60_000);
    expect(s.service.pending()).toBe(0);
    expect(s.recordSurvey).toHaveBeenCalledTimes(2);
    expect(s.logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });

  it('a refusal of the first try reaches the panel; the journal still holds the answer', async () => {
    const s = setup();
    s.recordSurvey.mockRejectedValueOnce(new AppError('conflict', 'not while in-progress'));
    await expect(s.record(SESSION, { outcome: 'declined' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(s.service.pending()).toBe(0);
    expect(s.journaled).toHaveLength(1);
  });

  it('waits for its own agent: another agent’s sign-in does not send it, theirs does', async () => {
    const s = setup();
    s.recordSurvey.mockRejectedValueOnce(new AppError('unauthorized', 'token expired'));
    await s.record(SESSION, { outcome: 'rated', rating: 2 });
    s.signIn(as('agent02'));
    await s.service.flush();
    await s.clock.advance(60_000);
    expect(s.recordSurvey).toHaveBeenCalledTimes(1);
    expect(s.service.pending()).toBe(1);
    s.signIn(as('agent01'));
    await s.service.flush();
    expect(s.recordSurvey).toHaveBeenLastCalledWith('token-agent01', SESSION, {
      outcome: 'rated',
      rating: 2,
    });
    expect(s.service.pending()).toBe(0);
  });

  it('refuses when nobody is signed in, journaling nothing', async () => {
    const s = setup();
    s.signIn(null);
    await expect(s.record(SESSION, { outcome: 'declined' })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(s.journaled).toEqual([]);
  });
});
