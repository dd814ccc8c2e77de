// The survey on the desk with a fake keypad link and a hand-moved clock: it takes the caller's
// keys only while waiting, lets the link go when it ends, hands main the answer once, and counts
// a hang-up as declined; the rating is in the request to main and nowhere in the store.
import { describe, expect, it } from 'vitest';
import { ok, fail } from '../../../../../common/result.js';
import type { SecureEntryConsumer } from '../../../../../renderer/phone/types.js';
import { createSurveyController } from '../../../../../renderer/verification/survey/controller.js';
import { fakeAgentDesk, settle } from '../../fake-agent-desk.js';

const TARGET = { sessionId: '00000000-0000-4000-8000-000000000001', callId: 'call-1' };

function setup(delivery: 'recorded' | 'pending' | 'down' = 'recorded') {
  let now = 0;
  const intervals = new Map<number, () => void>();
  let seq = 0;
  let consumer: SecureEntryConsumer | null = null;
  let releases = 0;
  const api = fakeAgentDesk({
    'survey:record': () => (delivery === 'down' ? fail('conflict', 'refused') : ok({ delivery })),
  });
  const survey = createSurveyController({
    api,
    now: () => now,
    attachSecureEntry: (c) => {
      consumer = c;
      return () => {
        consumer = null;
        releases += 1;
      };
    },
    timers: {
      setInterval: (fn) => (intervals.set(++seq, fn), seq),
      clearInterval: (h) => void intervals.delete(h as number),
    },
  });
  const advance = (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      now += 1000;
      for (const fn of [...intervals.values()]) fn();
    }
  };
  return {
    api,
    survey,
    advance,
    press: (k: string) => consumer?.onDigit(k),
    attached: () => consumer !== null,
    releases: () => releases,
    intervals,
  };
}

describe('survey controller', () => {
  it('takes the first key 1–5, lets the keypad go, and sends the rating to main once', async () => {
    const s = setup();
    expect(s.survey.start(TARGET)).toBe(true);
    expect(s.attached()).toBe(true);
    s.advance(3000);
    expect(s.survey.store.getState()).toMatchObject({ phase: 'waiting', now: 3000 });
    s.press('#');
    s.press('5');
    s.press('3');
    expect(s.attached()).toBe(false);
    expect(s.intervals.size).toBe(0);
    await settle();
    expect(s.api.callsTo('survey:record')).toEqual([
      { ...TARGET, answer: { outcome: 'rated', rating: 5 } },
    ]);
    expect(s.survey.store.getState()).toEqual({
      phase: 'done',
      result: 'received',
      delivery: 'recorded',
    });
  });

  it('no key for 15 s: no-answer, sent once', async () => {
    const s = setup('pending');
    s.survey.start(TARGET);
    s.advance(14_000);
    expect(s.survey.store.getState().phase).toBe('waiting');
    s.advance(1_000);
    await settle();
    expect(s.api.callsTo('survey:record')).toEqual([
      { ...TARGET, answer: { outcome: 'no-answer' } },
    ]);
    expect(s.survey.store.getState()).toMatchObject({ result: 'no-answer', delivery: 'pending' });
    expect(s.releases()).toBe(1);
  });

  it('a hang-up while waiting is declined; a refusal shows as failed', async () => {
    const s = setup('down');
    s.survey.start(TARGET);
    s.survey.hungUp();
    await settle();
    expect(s.api.callsTo('survey:record')).toEqual([
      { ...TARGET, answer: { outcome: 'declined' } },
    ]);
    expect(s.survey.store.getState()).toMatchObject({ result: 'declined', delivery: 'failed' });
  });

  it('without a keypad link it does not start and says so', () => {
    const api = fakeAgentDesk();
    const survey = createSurveyController({ api, now: () => 0, attachSecureEntry: () => null });
    expect(survey.start(TARGET)).toBe(false);
    expect(survey.store.getState()).toEqual({ phase: 'idle', unavailable: true });
  });

  it('reset lets the keypad go and sends nothing', async () => {
    const s = setup();
    s.survey.start(TARGET);
    s.survey.reset();
    expect(s.attached()).toBe(false);
    s.press('5');
    s.advance(20_000);
    await settle();
    expect(s.api.callsTo('survey:record')).toEqual([]);
    expect(s.survey.store.getState()).toEqual({ phase: 'idle' });
  });
});
