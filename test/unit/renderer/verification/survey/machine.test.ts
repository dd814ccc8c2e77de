// The survey's state machine (Art. 22) on a fake clock: the first key 1–5 is the rating and the
// only thing that leaves (in `send`, never in the state); other keys are ignored; one re-invite;
// the window running out is no-answer; declined and a hang-up are declined; nothing after the end.
import { describe, expect, it } from 'vitest';
import {
  initialSurvey,
  secondsLeft,
  surveyStep,
  type SurveyEvent,
  type SurveyState,
} from '../../../../../renderer/verification/survey/machine.js';

const T0 = 1_000_000;
function run(events: SurveyEvent[], from: SurveyState = initialSurvey) {
  let state = from;
  const sent: unknown[] = [];
  for (const event of events) {
    const step = surveyStep(state, event);
    state = step.state;
    if (step.send) sent.push(step.send);
  }
  return { state, sent };
}
const start: SurveyEvent = { type: 'start', now: T0 };
const tick = (ms: number): SurveyEvent => ({ type: 'tick', now: T0 + ms });
const key = (k: string): SurveyEvent => ({ type: 'key', key: k });

describe('survey state machine', () => {
  it('waits 15 s from the invitation, counting down whole seconds', () => {
    const { state } = run([start]);
    expect(state).toEqual({ phase: 'waiting', deadline: T0 + 15_000, now: T0, restartsLeft: 1 });
    expect(secondsLeft(state as never)).toBe(15);
    expect(secondsLeft(run([start, tick(1)]).state as never)).toBe(15);
    expect(secondsLeft(run([start, tick(1_000)]).state as never)).toBe(14);
    expect(secondsLeft(run([start, tick(14_999)]).state as never)).toBe(1);
  });

  it('the first key 1–5 is the rating; it leaves in `send` only, never in the state', () => {
    const { state, sent } = run([start, tick(3_000), key('*'), key('0'), key('9'), key('4')]);
    expect(state).toEqual({ phase: 'done', result: 'received', delivery: 'sending' });
    expect(sent).toEqual([{ outcome: 'rated', rating: 4 }]);
    expect(JSON.stringify(state)).not.toContain('4');
  });

  it('keys after the rating, a late tick or a decline change nothing and send nothing more', () => {
    const { state, sent } = run([start, key('5'), key('1'), tick(20_000), { type: 'declined' }]);
    expect(state).toMatchObject({ phase: 'done', result: 'received' });
    expect(sent).toEqual([{ outcome: 'rated', rating: 5 }]);
  });

  it('no key within the window is no-answer, recorded once', () => {
    const { state, sent } = run([start, key('#'), tick(14_999), tick(15_000), tick(16_000)]);
    expect(state).toMatchObject({ phase: 'done', result: 'no-answer' });
    expect(sent).toEqual([{ outcome: 'no-answer' }]);
  });

  it('one re-invite restarts the window; a second is ignored; then no-answer', () => {
    const once = run([start, tick(10_000), { type: 'restart', now: T0 + 10_000 }]);
    expect(once.state).toEqual({
      phase: 'waiting',
      deadline: T0 + 25_000,
      now: T0 + 10_000,
      restartsLeft: 0,
    });
    const twice = run([{ type: 'restart', now: T0 + 12_000 }, tick(24_999)], once.state);
    expect(twice.state).toMatchObject({ phase: 'waiting', deadline: T0 + 25_000 });
    expect(run([tick(25_000)], twice.state).sent).toEqual([{ outcome: 'no-answer' }]);
  });

  it('the agent’s “customer declined” and the customer’s hang-up both record declined', () => {
    for (const event of [{ type: 'declined' }, { type: 'hung-up' }] as SurveyEvent[]) {
      const { state, sent } = run([start, event]);
      expect(state).toMatchObject({ phase: 'done', result: 'declined' });
      expect(sent).toEqual([{ outcome: 'declined' }]);
    }
  });

  it('before the invitation, keys, ticks and declines do nothing', () => {
    const { state, sent } = run([
      key('5'),
      tick(20_000),
      { type: 'declined' },
      { type: 'hung-up' },
    ]);
    expect(state).toEqual(initialSurvey);
    expect(sent).toEqual([]);
  });

  it('records where the answer went, once; reset starts afresh', () => {
    const done = run([start, key('2'), { type: 'delivered', delivery: 'pending' }]);
    expect(done.state).toEqual({ phase: 'done', result: 'received', delivery: 'pending' });
    expect(run([{ type: 'delivered', delivery: 'failed' }], done.state).state).toBe(done.state);
    expect(run([{ type: 'reset' }], done.state).state).toEqual(initialSurvey);
  });
});
