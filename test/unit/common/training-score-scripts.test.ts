// The training score, continued: secrets keyed and passcodes announced (Art. 6, 7), the fraud,
// outage and complaint scripts (Art. 18, 12, 16), the scenario's own lines, the outcome and the
// time to verify (Art. 3). Each rule fires with its article; a wrong call is shown failing.
import { describe, expect, it } from 'vitest';
import { outcomeOf, scoreTrainingCall, secondsToVerify } from '../../../common/training-score.js';
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
