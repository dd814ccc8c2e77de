// The simulated customer's script: the first matching reaction fires, `times` is honoured, every
// field of a trigger must match one event, and nothing fires on what the scenario does not name.
import { describe, expect, it } from 'vitest';
import { createRunner, triggerMatches } from '../../../common/training-runner.js';
import { Scenario } from '../../../common/training.js';

const scenario = (reactions: unknown[]) =>
  Scenario.parse({
    id: 'runner',
    title: { 'zh-CN': '测试', en: 'Test' },
    summary: { 'zh-CN': '测试', en: 'Test' },
    customer: 'tc-li',
    callerNumber: '17000000101',
    reactions,
    expect: { business: 'enquiry', outcome: 'verified' },
  });

describe('createRunner', () => {
  it('answers a line with its reaction, once by default', () => {
    const runner = createRunner(
      scenario([{ on: { said: 'greeting' }, do: [{ do: 'say', prompt: 'intent-enquiry' }] }]),
    );
    expect(runner.handle({ kind: 'answered', at: 0 })).toEqual([]);
    expect(runner.handle({ kind: 'said', line: 'greeting', at: 1 })).toEqual([
      { do: 'say', prompt: 'intent-enquiry' },
    ]);
    expect(runner.handle({ kind: 'said', line: 'greeting', at: 2 })).toEqual([]);
  });

  it('takes the first matching reaction that has times left, then the next', () => {
    const runner = createRunner(
      scenario([
        { on: { said: 'recheck' }, do: [{ do: 'say', prompt: 'a' }], times: 2 },
        { on: { said: 'recheck' }, do: [{ do: 'say', prompt: 'b', as: 'tc-wu' }] },
        { on: { said: 'recheck' }, do: [{ do: 'hangup' }] },
      ]),
    );
    const recheck = { kind: 'said', line: 'recheck', at: 0 } as const;
    const prompts = [1, 2, 3, 4, 5].map(() => runner.handle(recheck));
    expect(prompts).toEqual([
      [{ do: 'say', prompt: 'a' }],
      [{ do: 'say', prompt: 'a' }],
      [{ do: 'say', prompt: 'b', as: 'tc-wu' }],
      [{ do: 'hangup' }],
      [],
    ]);
  });

  it('keys on the keypad the panel opened, and only that one', () => {
    const runner = createRunner(
      scenario([{ on: { keypad: 'otp' }, do: [{ do: 'key', what: 'otp' }], times: 3 }]),
    );
    expect(runner.handle({ kind: 'keypad', purpose: 'password', at: 0 })).toEqual([]);
    expect(runner.handle({ kind: 'keypad', purpose: 'otp', at: 1 })).toEqual([
      { do: 'key', what: 'otp' },
    ]);
  });

  it('runs are independent and the actions returned are copies', () => {
    const s = scenario([{ on: { answered: true }, do: [{ do: 'wait', ms: 10 }] }]);
    const first = createRunner(s).handle({ kind: 'answered', at: 0 });
    first[0]!.do = 'hangup';
    expect(createRunner(s).handle({ kind: 'answered', at: 0 })).toEqual([{ do: 'wait', ms: 10 }]);
  });
});

describe('triggerMatches', () => {
  it('needs every field given to match the same event', () => {
    const failedBasic = { step: 'basic', result: 'failed' } as const;
    expect(
      triggerMatches(failedBasic, { kind: 'check', step: 'basic', result: 'failed', at: 0 }),
    ).toBe(true);
    expect(
      triggerMatches(failedBasic, { kind: 'check', step: 'basic', result: 'passed', at: 0 }),
    ).toBe(false);
    expect(
      triggerMatches({ step: 'otp' }, { kind: 'check', step: 'otp', result: 'expired', at: 0 }),
    ).toBe(true);
  });

  it('matches statuses and the outage', () => {
    expect(
      triggerMatches({ status: 'suspended' }, { kind: 'status', status: 'suspended', at: 0 }),
    ).toBe(true);
    expect(
      triggerMatches({ status: 'verified' }, { kind: 'status', status: 'suspended', at: 0 }),
    ).toBe(false);
    expect(triggerMatches({ outage: true }, { kind: 'outage', at: 0 })).toBe(true);
    expect(triggerMatches({ outage: true }, { kind: 'answered', at: 0 })).toBe(false);
  });

  it('an empty trigger, or fields no one event carries together, match nothing', () => {
    expect(triggerMatches({}, { kind: 'answered', at: 0 })).toBe(false);
    const both = { said: 'greeting', step: 'basic' } as const;
    expect(triggerMatches(both, { kind: 'said', line: 'greeting', at: 0 })).toBe(false);
  });
});
