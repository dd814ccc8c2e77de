// Every shipped scenario is playable: a model agent's call, fed through the runner, gets the
// customer's answers (speech, keys, hang-up) and scores 100; the same call done wrong fails,
// naming the article.
import { describe, expect, it } from 'vitest';
import { scoreTrainingCall } from '../../../common/training-score.js';
import { business, keyed, MODEL, play, scenarios, spoken, type Step } from './training-fixture.js';

describe('every scenario is playable by a model agent', () => {
  it('has a model call for each scenario', () => {
    expect(Object.keys(MODEL).sort()).toEqual([...scenarios.keys()].sort());
  });

  it.each(Object.entries(MODEL))('%s scores 100 and passes', (id, model) => {
    const s = scenarios.get(id)!;
    const { events, actions } = play(s, model.steps);
    expect(actions.length).toBeGreaterThan(0);
    expect(scoreTrainingCall(s, events, model.tier)).toMatchObject({
      score: 100,
      passed: true,
      misses: [],
    });
  });

  it('the customer keys the password and the passcode when the keypad opens', () => {
    const { actions } = play(scenarios.get('large-loan-otp')!, MODEL['large-loan-otp']!.steps);
    expect(keyed(actions)).toEqual(['password', 'otp']);
    expect(spoken(actions)).toEqual([
      'intent-loan',
      'give-details',
      'ok-keying',
      'otp-wait',
      'otp-received',
      'ok-wait',
      'confirm-yes',
    ]);
  });

  it('the fraud drill: the caller moves on to two other customers, then hangs up', () => {
    const { actions } = play(
      scenarios.get('fraud-many-customers')!,
      MODEL['fraud-many-customers']!.steps,
    );
    expect(spoken(actions)).toEqual([
      'intent-transfer',
      'give-details-guess',
      'give-details-friend@tc-wu',
      'give-details-another@tc-he',
      'fraud-hangup',
    ]);
    expect(actions.at(-1)).toEqual({ do: 'hangup' });
  });

  it('the expiring passcode: the customer waits it out, then keys the new one', () => {
    const { actions } = play(
      scenarios.get('otp-expires-resent')!,
      MODEL['otp-expires-resent']!.steps,
    );
    expect(actions).toContainEqual({ do: 'wait', ms: 302_000 });
    expect(keyed(actions)).toEqual(['password', 'otp', 'otp']);
    expect(spoken(actions)).toContain('otp-expired');
  });

  it('the customer who declines the password accepts the passcode offered (Art. 14)', () => {
    const { actions } = play(
      scenarios.get('declines-password')!,
      MODEL['declines-password']!.steps,
    );
    expect(spoken(actions).slice(2, 4)).toEqual(['decline-password', 'accept-otp']);
    expect(keyed(actions)).toEqual(['otp']);
  });
});

describe('the same calls done wrong fail, naming the article', () => {
  const without = (steps: Step[], line: string) =>
    steps.filter((s) => !(s.kind === 'said' && s.line === line));

  it('an enquiry with the read-back skipped and the wrong business (Art. 8, 4)', () => {
    const s = scenarios.get('routine-enquiry')!;
    const steps = without(MODEL['routine-enquiry']!.steps, 'read-back').map((x) =>
      x.kind === 'business' ? business('important-query') : x,
    );
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score.passed).toBe(false);
    expect(score.misses).toEqual(
      expect.arrayContaining([
        { rule: 'business-wrong', article: 4 },
        { rule: 'read-back-missing', article: 8 },
      ]),
    );
  });

  it('a large loan by a junior agent without the lead (Art. 10)', () => {
    const s = scenarios.get('large-loan-otp')!;
    const steps = MODEL['large-loan-otp']!.steps.filter(
      (x) => x.kind !== 'approval-requested' && !(x.kind === 'status' && x.status !== 'verified'),
    );
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score).toMatchObject({
      passed: false,
      misses: [{ rule: 'approval-missing', article: 10 }],
    });
  });

  it('the fraud drill without the fraud script (Art. 18)', () => {
    const s = scenarios.get('fraud-many-customers')!;
    const steps = without(MODEL['fraud-many-customers']!.steps, 'fraud-notice');
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score.passed).toBe(false);
    expect(score.misses).toContainEqual({ rule: 'fraud-script-missing', article: 18 });
  });

  it('the outage drill without the outage script (Art. 12)', () => {
    const s = scenarios.get('records-down-midcall')!;
    const steps = without(MODEL['records-down-midcall']!.steps, 'outage-notice');
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score.misses).toContainEqual({ rule: 'outage-script-missing', article: 12 });
    expect(score.passed).toBe(false);
  });
});

describe('the complaint drill', () => {
  it('fails when the complaint is heard but never recorded (Art. 16)', () => {
    const s = scenarios.get('complaint')!;
    const steps = MODEL.complaint!.steps.filter((x) => x.kind !== 'complaint-recorded');
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score).toMatchObject({
      passed: false,
      misses: [{ rule: 'complaint-missing', article: 16 }],
    });
  });
});
