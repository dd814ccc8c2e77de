// The Art. 14 call-back to the reserved mobile instead of the OTP, and what a customer who
// declines a step is offered (common/policy/callback.ts, alternatives.ts, requirements.ts).
import { describe, expect, it } from 'vitest';
import {
  availableAlternatives,
  callbackDialValid,
  CALLBACK_LIMITS,
  declineOptions,
  declineOutcome,
  initialSession,
  requirementsFor,
  stepsWith,
  transition,
} from '../../../../common/policy.js';
import { PASS, run } from './run.js';

const CALLBACK = { type: 'switch-method', alternative: 'callback-instead-of-otp' } as const;

describe('call-back to the reserved mobile instead of the OTP (Art. 14)', () => {
  it('stands where the OTP stood, for every type that can ask an OTP', () => {
    expect(stepsWith('large-loan', ['callback-instead-of-otp'])).toEqual([
      'basic',
      'password',
      'callback',
      'confirmation',
    ]);
    expect(
      stepsWith('fund-transfer', ['otp-instead-of-password', 'callback-instead-of-otp']),
    ).toEqual(['basic', 'callback', 'confirmation']);
    // No OTP to replace: nothing changes, and the switch is refused.
    expect(stepsWith('enquiry', ['callback-instead-of-otp'])).toEqual(['basic', 'confirmation']);
    expect(stepsWith('important-query', ['callback-instead-of-otp'])).toEqual([
      'basic',
      'password',
      'confirmation',
    ]);
  });

  it('high-risk business needs a lead once the call-back replaces the OTP (Art. 7, 10)', () => {
    // A lead runs it: no tier reason, so the alternative alone asks for a review.
    let s = run(initialSession('account-change', 'lead', true), PASS.basic, PASS.password);
    expect(s.approvalReasons).toEqual([]);
    expect(s.approval).toBe('not-required');
    expect(availableAlternatives(s)).toEqual(['callback-instead-of-otp']);
    s = run(s, CALLBACK);
    expect(s.steps).toEqual(['basic', 'password', 'callback', 'confirmation']);
    expect(s.approvalReasons).toEqual(['alternative-method']);
    expect(s.approval).toBe('not-requested');
    s = run(s, { type: 'callback-dial' }, { type: 'callback', answered: true });
    expect(s.passed).toEqual(['basic', 'password', 'callback']);
    const refused = transition(s, PASS.confirmation);
    expect(refused.ok || refused.reason).toBe('approval-required');
    s = run(s, { type: 'request-approval' }, { type: 'decide-approval', approve: true });
    expect(run(s, PASS.confirmation).status).toBe('verified');
  });

  it('medium-risk business with the OTP already an alternative needs no lead for it', () => {
    let s = run(
      initialSession('fund-transfer', 'senior', true),
      PASS.basic,
      { type: 'switch-method', alternative: 'otp-instead-of-password' },
      CALLBACK,
    );
    expect(s.steps).toEqual(['basic', 'callback', 'confirmation']);
    expect(s.approval).toBe('not-required');
    s = run(s, { type: 'callback-dial' }, { type: 'callback', answered: true }, PASS.confirmation);
    expect(s.status).toBe('verified');
  });

  it('caller not on the reserved mobile: the call-back is the possession proof, no OTP added', () => {
    const r = requirementsFor('large-loan', 'lead', false, ['callback-instead-of-otp']);
    expect(r.steps).toEqual(['basic', 'password', 'callback', 'confirmation']);
    expect(r.approvalReasons).toEqual(['caller-not-reserved-mobile', 'alternative-method']);
    // Learned at the basic check, after the switch: the plan keeps the call-back.
    let s = run(initialSession('account-change', 'lead'), CALLBACK);
    s = run(s, { type: 'basic', passed: true, callerIsReservedMobile: false });
    expect(s.steps).toEqual(['basic', 'password', 'callback', 'confirmation']);
  });

  it('dials and answers only while the call-back is the next step; an unanswered one stays', () => {
    const fresh = run(initialSession('large-loan', 'lead', true), CALLBACK);
    const early = transition(fresh, { type: 'callback-dial' });
    expect(early.ok || early.reason).toBe('out-of-order');
    let s = run(fresh, PASS.basic, PASS.password);
    s = run(s, { type: 'callback-dial' }, { type: 'callback', answered: false });
    expect(s.passed).toEqual(['basic', 'password']);
    expect(s.status).toBe('in-progress');
    const noCallback = run(initialSession('large-loan', 'lead', true), PASS.basic, PASS.password);
    const off = transition(noCallback, { type: 'callback', answered: true });
    expect(off.ok || off.reason).toBe('step-not-required');
    const answered = run(s, { type: 'callback-dial' }, { type: 'callback', answered: true });
    const twice = transition(answered, { type: 'callback-dial' });
    expect(twice.ok || twice.reason).toBe('out-of-order');
  });

  it('cannot replace an OTP that has passed, nor twice', () => {
    const s = run(initialSession('large-loan', 'lead', true), PASS.basic, PASS.password, PASS.otp);
    expect(availableAlternatives(s)).toEqual([]);
    const again = run(initialSession('large-loan', 'lead', true), CALLBACK);
    const refused = transition(again, CALLBACK);
    expect(refused.ok || refused.reason).toBe('alternative-not-allowed');
  });

  it('a dial counts for its validity window only', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    const later = (s: number) => new Date(at.getTime() + s * 1000);
    expect(callbackDialValid(at, later(0))).toBe(true);
    expect(callbackDialValid(at, later(CALLBACK_LIMITS.dialValiditySeconds))).toBe(true);
    expect(callbackDialValid(at, later(CALLBACK_LIMITS.dialValiditySeconds + 1))).toBe(false);
    expect(callbackDialValid(at, later(-1))).toBe(false);
  });
});

describe('a customer who declines a step (Art. 5, 14)', () => {
  it('the basic check has no alternative: it is the floor for any business', () => {
    for (const type of ['enquiry', 'fund-transfer', 'large-loan'] as const) {
      const options = declineOptions(initialSession(type, 'lead', true), 'basic');
      expect(options).toEqual({ alternatives: [], noAlternative: 'basic-is-the-floor' });
      expect(declineOutcome('basic', options)).toBe('basic-no-alternative');
    }
  });

  it('the passcode: the call-back is offered; the password: the passcode where allowed', () => {
    const loan = run(initialSession('large-loan', 'lead', true), PASS.basic, PASS.password);
    const otp = declineOptions(loan, 'otp');
    expect(otp).toEqual({ alternatives: ['callback-instead-of-otp'], noAlternative: null });
    expect(declineOutcome('otp', otp)).toBe('otp-alternative-offered');
    const transfer = run(initialSession('fund-transfer', 'lead', true), PASS.basic);
    expect(declineOptions(transfer, 'password').alternatives).toEqual(['otp-instead-of-password']);
    const loanPassword = run(initialSession('large-loan', 'lead', true), PASS.basic);
    expect(declineOptions(loanPassword, 'password')).toEqual({
      alternatives: [],
      noAlternative: 'none-for-business',
    });
  });
});
