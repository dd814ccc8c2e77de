// The training score (Art. 9 assessment): every rule in the table is shown firing with its
// article, and a good call of each kind is shown passing, so a rule that never fires fails here.
// Scripts, lines, outcome and time: training-score-scripts.test.ts.
import { describe, expect, it } from 'vitest';
import { MISS_WEIGHTS, scoreTrainingCall } from '../../../common/training-score.js';
import { MISS_RULES } from '../../../common/training.js';
import {
  business,
  check,
  enquiry,
  goodEnquiry,
  goodLoan,
  goodTransfer,
  keypad,
  loan,
  rules,
  say,
  scenario,
  status,
  trace,
  transfer,
  type Step,
} from './training-fixture.js';

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
