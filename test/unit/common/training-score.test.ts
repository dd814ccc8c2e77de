// The training score (Art. 9 assessment): every rule in the table is shown firing with its
// article, and a good call of each kind is shown passing, so a rule that never fires fails here.
import { describe, expect, it } from 'vitest';
import {
  MISS_WEIGHTS,
  outcomeOf,
  scoreTrainingCall,
  secondsToVerify,
} from '../../../common/training-score.js';
import { MISS_RULES, Scenario, type TrainingEvent } from '../../../common/training.js';

type Step = TrainingEvent extends infer E
  ? E extends { at: number }
    ? Omit<E, 'at'>
    : never
  : never;

/** A trace from its events, one second apart from the answer. */
const trace = (...steps: Step[]): TrainingEvent[] =>
  [{ kind: 'answered' } as Step, ...steps].map((s, i) => ({ ...s, at: i * 1000 }) as TrainingEvent);

const scenario = (expect: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  Scenario.parse({
    id: 'test',
    title: { 'zh-CN': '测试', en: 'Test' },
    summary: { 'zh-CN': '测试', en: 'Test' },
    customer: 'tc-li',
    callerNumber: '17000000101',
    reactions: [{ on: { answered: true }, do: [{ do: 'wait', ms: 0 }] }],
    expect,
    ...extra,
  });

const say = (line: string): Step => ({ kind: 'said', line }) as Step;
const check = (step: string, result: string): Step => ({ kind: 'check', step, result }) as Step;
const business = (b: string): Step => ({ kind: 'business', business: b }) as Step;
const status = (s: string): Step => ({ kind: 'status', status: s }) as Step;
const keypad = (purpose: string): Step => ({ kind: 'keypad', purpose }) as Step;
const rules = (score: { misses: { rule: string }[] }) => score.misses.map((m) => m.rule);

const enquiry = scenario({ business: 'enquiry', outcome: 'verified', lines: ['read-back'] });
const goodEnquiry = (): Step[] => [
  say('greeting'),
  business('enquiry'),
  say('ask-details'),
  check('basic', 'passed'),
  say('read-back'),
  check('confirmation', 'verified'),
  status('verified'),
  say('goodbye'),
];

const transfer = scenario({ business: 'fund-transfer', outcome: 'verified' });
const goodTransfer = (): Step[] => [
  say('greeting'),
  business('fund-transfer'),
  check('basic', 'passed'),
  say('ask-password-keypad'),
  keypad('password'),
  check('password', 'passed'),
  say('read-back'),
  check('confirmation', 'verified'),
  status('verified'),
];

const loan = scenario({ business: 'large-loan', outcome: 'verified' }, { forTier: 'agent' });
const goodLoan = (withApproval: boolean): Step[] => [
  say('greeting'),
  business('large-loan'),
  check('basic', 'passed'),
  keypad('password'),
  check('password', 'passed'),
  check('otp', 'sent'),
  say('announce-otp'),
  keypad('otp'),
  check('otp', 'passed'),
  ...(withApproval ? [{ kind: 'approval-requested' } as Step, status('in-progress')] : []),
  say('read-back'),
  check('confirmation', 'verified'),
  status('verified'),
];

describe('the weight table', () => {
  it('weighs every rule, with an article, and marks the critical ones', () => {
    expect(Object.keys(MISS_WEIGHTS).sort()).toEqual([...MISS_RULES].sort());
    const critical = MISS_RULES.filter((r) => MISS_WEIGHTS[r].critical).sort();
    expect(critical).toEqual(
      [
        'secret-asked-aloud',
        'read-back-missing',
        'confirmed-without-yes',
        'business-wrong',
        'step-skipped',
        'step-order',
        'fraud-script-missing',
        'outcome-wrong',
      ].sort(),
    );
    for (const rule of MISS_RULES) expect(MISS_WEIGHTS[rule].article).toBeGreaterThan(0);
  });
});

describe('scoreTrainingCall: good calls pass', () => {
  it('an enquiry done right scores 100', () => {
    expect(scoreTrainingCall(enquiry, trace(...goodEnquiry()), 'agent')).toEqual({
      score: 100,
      passed: true,
      misses: [],
      secondsToVerify: 7,
    });
  });

  it('a fund transfer with the keyed password scores 100', () => {
    expect(scoreTrainingCall(transfer, trace(...goodTransfer()), 'agent').misses).toEqual([]);
  });

  it('a large loan by an agent with the lead asked scores 100', () => {
    const score = scoreTrainingCall(loan, trace(...goodLoan(true)), 'agent');
    expect(score).toMatchObject({ score: 100, passed: true });
  });
});

describe('Art. 4: greeting and business', () => {
  it('greeting-missing when anything comes before it (Art. 4(1)), and the call can still pass', () => {
    const [greeting, ...rest] = goodEnquiry();
    const score = scoreTrainingCall(enquiry, trace(rest[0]!, greeting!, ...rest.slice(1)), 'agent');
    expect(score.misses).toEqual([{ rule: 'greeting-missing', article: 4 }]);
    expect(score).toMatchObject({ score: 90, passed: true });
  });

  it('greeting-missing when never said', () => {
    const score = scoreTrainingCall(enquiry, trace(...goodEnquiry().slice(1)), 'agent');
    expect(rules(score)).toEqual(['greeting-missing']);
  });

  it('business-wrong fails the call (Art. 4(2))', () => {
    const steps = goodTransfer();
    steps[1] = business('important-query');
    const score = scoreTrainingCall(transfer, trace(...steps), 'agent');
    expect(score.misses).toContainEqual({ rule: 'business-wrong', article: 4 });
    expect(score.passed).toBe(false);
  });

  it('the business as it stood at "verified" counts: a corrected choice passes', () => {
    const steps = goodEnquiry();
    steps.splice(1, 0, business('fund-transfer'));
    expect(rules(scoreTrainingCall(enquiry, trace(...steps), 'agent'))).toEqual([]);
  });

  it('a change after "verified" does not rewrite the verified business', () => {
    const score = scoreTrainingCall(
      enquiry,
      trace(...goodEnquiry(), business('large-loan')),
      'agent',
    );
    expect(rules(score)).toEqual([]);
  });
});

describe('Art. 5–8, 10: steps in order, none skipped', () => {
  it('step-order when the password keypad opens before the basic check passed', () => {
    const steps = goodTransfer();
    const [pad] = steps.splice(4, 1);
    steps.splice(2, 0, pad!);
    const score = scoreTrainingCall(transfer, trace(...steps), 'agent');
    expect(score.misses).toContainEqual({ rule: 'step-order', article: 6 });
    expect(score.passed).toBe(false);
  });

  it('step-skipped (Art. 6) when a transfer is verified without the password', () => {
    const steps = goodTransfer().filter(
      (s) => s.kind !== 'keypad' && !('step' in s && s.step === 'password'),
    );
    const score = scoreTrainingCall(transfer, trace(...steps), 'agent');
    expect(score.misses).toEqual([{ rule: 'step-skipped', article: 6 }]);
    expect(score.passed).toBe(false);
  });

  it('step-skipped (Art. 7) when a large loan is verified without the passcode', () => {
    const steps = goodLoan(true).filter((s) => !('step' in s && s.step === 'otp'));
    const score = scoreTrainingCall(loan, trace(...steps), 'agent');
    expect(score.misses).toContainEqual({ rule: 'step-skipped', article: 7 });
  });

  it('approval-missing (Art. 10): a junior agent completes a large loan without a lead', () => {
    const score = scoreTrainingCall(loan, trace(...goodLoan(false)), 'agent');
    expect(score.misses).toEqual([{ rule: 'approval-missing', article: 10 }]);
    expect(score).toMatchObject({ score: 75, passed: false });
  });

  it('a lead completes the same large loan alone', () => {
    expect(rules(scoreTrainingCall(loan, trace(...goodLoan(false)), 'lead'))).toEqual([]);
  });

  it('a caller not on the reserved mobile (From only) needs the OTP and a lead, any tier (Art. 18)', () => {
    const change = scenario(
      { business: 'account-change', outcome: 'verified' },
      { callerIdSource: 'from', callerNumber: '17000000186' },
    );
    const steps = goodLoan(false).map((s) =>
      s.kind === 'business' ? business('account-change') : s,
    );
    expect(rules(scoreTrainingCall(change, trace(...steps), 'lead'))).toEqual(['approval-missing']);
  });

  it('with the reserved mobile known and asserted, a lead needs no approval', () => {
    const steps = goodLoan(false);
    const opts = { reservedMobile: '17000000101' };
    expect(rules(scoreTrainingCall(loan, trace(...steps), 'lead', opts))).toEqual([]);
    const other = { reservedMobile: '17000000102' };
    expect(rules(scoreTrainingCall(loan, trace(...steps), 'lead', other))).toEqual([
      'approval-missing',
    ]);
  });

  it('Art. 14: once the password is switched for the OTP, the OTP stands in its place', () => {
    const query = scenario({ business: 'important-query', outcome: 'verified' });
    const steps: Step[] = [
      say('greeting'),
      business('important-query'),
      check('basic', 'passed'),
      check('password', 'declined'),
      say('offer-alternative'),
      check('password', 'switched'),
      check('otp', 'sent'),
      say('announce-otp'),
      keypad('otp'),
      check('otp', 'passed'),
      say('read-back'),
      check('confirmation', 'verified'),
      status('verified'),
    ];
    expect(rules(scoreTrainingCall(query, trace(...steps), 'agent'))).toEqual([]);
    const noOtp = steps.filter((s) => !('step' in s && s.step === 'otp') && s.kind !== 'keypad');
    expect(scoreTrainingCall(query, trace(...noOtp), 'agent').misses).toContainEqual({
      rule: 'step-skipped',
      article: 7,
    });
  });
});

describe('Art. 5(2): the re-check script', () => {
  const twice = (between: Step[]): Step[] => {
    const steps = goodEnquiry();
    steps.splice(3, 0, check('basic', 'failed'), ...between, say('ask-details'));
    return steps;
  };

  it('recheck-missing when a failed check is followed by another without it', () => {
    const score = scoreTrainingCall(enquiry, trace(...twice([])), 'agent');
    expect(score.misses).toEqual([{ rule: 'recheck-missing', article: 5 }]);
  });

  it('no miss with the re-check said in between', () => {
    expect(rules(scoreTrainingCall(enquiry, trace(...twice([say('recheck')])), 'agent'))).toEqual(
      [],
    );
  });
});

describe("Art. 8: read-back and the customer's yes", () => {
  it('read-back-missing fails the call', () => {
    const steps = goodEnquiry().filter((s) => !(s.kind === 'said' && s.line === 'read-back'));
    const score = scoreTrainingCall(enquiry, trace(...steps), 'agent');
    expect(score.misses).toContainEqual({ rule: 'read-back-missing', article: 8 });
    expect(score.passed).toBe(false);
  });

  it('a read-back said before the last check passed does not count', () => {
    const steps = goodTransfer().filter((s) => !(s.kind === 'said' && s.line === 'read-back'));
    steps.splice(2, 0, say('read-back'));
    expect(rules(scoreTrainingCall(transfer, trace(...steps), 'agent'))).toContain(
      'read-back-missing',
    );
  });

  it('confirmed-without-yes when the customer answered no and the call was verified', () => {
    const no = scenario({ business: 'enquiry', outcome: 'not-confirmed', lines: ['read-back'] });
    const score = scoreTrainingCall(no, trace(...goodEnquiry()), 'agent');
    expect(rules(score)).toEqual(['confirmed-without-yes', 'outcome-wrong']);
    expect(score.misses[1]).toEqual({ rule: 'outcome-wrong', article: 8 });
    expect(score.passed).toBe(false);
    const right = goodEnquiry().slice(0, 5);
    right.push(check('confirmation', 'not-confirmed'), status('not-confirmed'));
    expect(scoreTrainingCall(no, trace(...right), 'agent')).toMatchObject({
      score: 100,
      passed: true,
    });
  });
});

describe('Art. 6, 7: secrets keyed, passcodes announced', () => {
  it('asking the password aloud fails the call (Art. 6)', () => {
    const steps = goodTransfer();
    steps.splice(3, 0, say('ask-password-aloud'));
    const score = scoreTrainingCall(transfer, trace(...steps), 'agent');
    expect(score.misses).toEqual([{ rule: 'secret-asked-aloud', article: 6 }]);
    expect(score).toMatchObject({ score: 60, passed: false });
  });

  it('asking the passcode aloud fails the call (Art. 7)', () => {
    const steps = goodLoan(true);
    steps.splice(7, 0, say('ask-otp-aloud'));
    expect(scoreTrainingCall(loan, trace(...steps), 'agent').misses).toEqual([
      { rule: 'secret-asked-aloud', article: 7 },
    ]);
  });

  it('otp-not-announced when the keypad opens before the agent said a passcode was sent', () => {
    const steps = goodLoan(true).filter((s) => !(s.kind === 'said' && s.line === 'announce-otp'));
    expect(scoreTrainingCall(loan, trace(...steps), 'agent').misses).toEqual([
      { rule: 'otp-not-announced', article: 7 },
    ]);
  });

  it('a resent passcode is announced again', () => {
    const steps = goodLoan(true);
    const resent = [check('otp', 'expired'), check('otp', 'sent'), keypad('otp')];
    steps.splice(8, 0, ...resent);
    expect(rules(scoreTrainingCall(loan, trace(...steps), 'agent'))).toEqual(['otp-not-announced']);
    steps.splice(10, 0, say('announce-otp'));
    expect(rules(scoreTrainingCall(loan, trace(...steps), 'agent'))).toEqual([]);
  });
});

describe('Art. 18, 12, 16: fraud, outage and complaint scripts', () => {
  const fraud = scenario({ business: 'fund-transfer', outcome: 'suspended' });
  const suspended = (after: Step[]): Step[] => [
    say('greeting'),
    business('fund-transfer'),
    check('basic', 'failed'),
    say('recheck'),
    check('basic', 'failed'),
    say('recheck'),
    check('basic', 'suspended'),
    status('suspended'),
    ...after,
  ];

  it('fraud-script-missing fails the call when the suspension is not told', () => {
    const score = scoreTrainingCall(fraud, trace(...suspended([])), 'agent');
    expect(score.misses).toEqual([{ rule: 'fraud-script-missing', article: 18 }]);
    expect(score.passed).toBe(false);
  });

  it('the fraud script after the suspension passes', () => {
    const score = scoreTrainingCall(fraud, trace(...suspended([say('fraud-notice')])), 'agent');
    expect(score).toMatchObject({ score: 100, passed: true, secondsToVerify: null });
  });

  it('the fraud script said before the suspension does not count', () => {
    const steps = suspended([]);
    steps.splice(2, 0, say('fraud-notice'));
    expect(rules(scoreTrainingCall(fraud, trace(...steps), 'agent'))).toEqual([
      'fraud-script-missing',
    ]);
  });

  const down = scenario({ business: 'fund-transfer', outcome: 'outage' }, { outageAfter: 'basic' });
  const outage = (after: Step[]): Step[] => [
    say('greeting'),
    business('fund-transfer'),
    check('basic', 'passed'),
    { kind: 'outage' } as Step,
    ...after,
  ];

  it('outage-script-missing (Art. 12) when the outage is not told', () => {
    const score = scoreTrainingCall(down, trace(...outage([])), 'agent');
    expect(score.misses).toEqual([{ rule: 'outage-script-missing', article: 12 }]);
    expect(outcomeOf(trace(...outage([])))).toBe('outage');
  });

  it('the outage script passes', () => {
    expect(
      rules(scoreTrainingCall(down, trace(...outage([say('outage-notice')])), 'agent')),
    ).toEqual([]);
  });

  it('an outage before any session: no business to judge', () => {
    const early = trace(say('greeting'), { kind: 'outage' } as Step, say('outage-notice'));
    expect(rules(scoreTrainingCall(down, early, 'agent'))).toEqual([]);
  });

  it('complaint-missing (Art. 16) when the complaint is not recorded', () => {
    const complaint = scenario({
      business: 'enquiry',
      outcome: 'verified',
      complaint: true,
      lines: ['complaint-heard'],
    });
    const heard = [...goodEnquiry(), say('complaint-heard')];
    expect(scoreTrainingCall(complaint, trace(...heard), 'agent').misses).toEqual([
      { rule: 'complaint-missing', article: 16 },
    ]);
    const recorded = [...heard, { kind: 'complaint-recorded' } as Step];
    expect(rules(scoreTrainingCall(complaint, trace(...recorded), 'agent'))).toEqual([]);
    expect(scoreTrainingCall(complaint, trace(...goodEnquiry()), 'agent').misses).toEqual([
      { rule: 'complaint-missing', article: 16 },
      { rule: 'line-missing', article: 16, line: 'complaint-heard' },
    ]);
  });
});

describe('expected lines, outcome, time', () => {
  it('line-missing names the line and its article (Art. 14)', () => {
    const s = scenario({ business: 'enquiry', outcome: 'verified', lines: ['offer-alternative'] });
    expect(scoreTrainingCall(s, trace(...goodEnquiry()), 'agent').misses).toEqual([
      { rule: 'line-missing', article: 14, line: 'offer-alternative' },
    ]);
  });

  it("outcome-wrong names the expected outcome's article and fails", () => {
    const exception = scenario({ business: 'enquiry', outcome: 'exception' });
    const steps: Step[] = [say('greeting'), business('enquiry'), check('basic', 'failed')];
    const score = scoreTrainingCall(exception, trace(...steps, status('in-progress')), 'agent');
    expect(score.misses).toEqual([{ rule: 'outcome-wrong', article: 5 }]);
    expect(score.passed).toBe(false);
    expect(outcomeOf(trace(...steps))).toBeNull();
  });

  it("too-slow (Art. 3) over the scenario's limit; secondsToVerify from the answer", () => {
    const timed = scenario({ business: 'enquiry', outcome: 'verified', maxSecondsToVerify: 6 });
    const events = trace(...goodEnquiry());
    expect(secondsToVerify(events)).toBe(7);
    const score = scoreTrainingCall(timed, events, 'agent');
    expect(score.misses).toEqual([{ rule: 'too-slow', article: 3 }]);
    expect(score).toMatchObject({ score: 95, passed: true, secondsToVerify: 7 });
  });

  it('misses add up: three small ones fail on the pass mark alone', () => {
    const timed = scenario({
      business: 'enquiry',
      outcome: 'verified',
      lines: ['goodbye', 'ask-intent'],
      maxSecondsToVerify: 1,
    });
    const steps = goodEnquiry().filter((s) => !(s.kind === 'said' && s.line === 'goodbye'));
    const score = scoreTrainingCall(timed, trace(...steps.slice(1)), 'agent');
    expect(rules(score)).toEqual(['greeting-missing', 'line-missing', 'line-missing', 'too-slow']);
    expect(score).toMatchObject({ score: 75, passed: false });
  });

  it("a course's pass mark replaces the default 80", () => {
    const steps = goodEnquiry().slice(1);
    expect(scoreTrainingCall(enquiry, trace(...steps), 'agent').passed).toBe(true);
    expect(scoreTrainingCall(enquiry, trace(...steps), 'agent', { passMark: 95 }).passed).toBe(
      false,
    );
  });

  it('an empty call fails', () => {
    const score = scoreTrainingCall(enquiry, trace(), 'agent');
    expect(score.passed).toBe(false);
    expect(rules(score)).toContain('outcome-wrong');
  });
});
