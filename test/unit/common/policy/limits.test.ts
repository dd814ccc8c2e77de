// Attempt limits (Art. 5(2), 6) and the passcode's send cooldown and cap per customer (Art. 7),
// common/policy/limits.ts.
import { describe, expect, it } from 'vitest';
import {
  initialSession,
  LIMITS,
  nextSendAvailableAt,
  nextStep,
  otpSendDecision,
} from '../../../../common/policy.js';
import { PASS, run } from './run.js';

describe('limits', () => {
  it('basic: fails stay in progress until the 3rd, which is the exception procedure (Art. 5(2))', () => {
    let state = initialSession('enquiry', 'agent');
    for (let i = 1; i < LIMITS.basicAttemptsPerSession; i++) {
      state = run(state, { type: 'basic', passed: false });
      expect(state).toMatchObject({ status: 'in-progress', basicFailures: i });
    }
    state = run(state, { type: 'basic', passed: false });
    expect(state.status).toBe('exception');
    expect(LIMITS.basicAttemptsPerSession).toBe(3);
  });

  it('basic: a pass after two failures still verifies', () => {
    const state = run(
      initialSession('enquiry', 'agent'),
      { type: 'basic', passed: false },
      { type: 'basic', passed: false },
      PASS.basic,
      PASS.confirmation,
    );
    expect(state.status).toBe('verified');
  });

  it('password: a failure keeps the step open; a lock ends the session', () => {
    const s = run(initialSession('fund-transfer', 'agent'), PASS.basic);
    expect(run(s, { type: 'password', passed: false })).toMatchObject({
      status: 'in-progress',
      passed: ['basic'],
    });
    expect(run(s, { type: 'password', passed: false, locked: true }).status).toBe(
      'password-locked',
    );
  });

  it('OTP: a wrong code keeps the step open (the server kills the passcode itself)', () => {
    const s = run(initialSession('large-loan', 'lead'), PASS.basic, PASS.password, {
      type: 'otp',
      passed: false,
    });
    expect(nextStep(s)).toBe('otp');
  });

  it('the numbers of the brief', () => {
    expect(LIMITS.passwordFailuresToLock).toBe(5);
    expect(LIMITS.otp).toEqual({
      digits: 6,
      validitySeconds: 300,
      maxWrongEntries: 3,
      maxSendsPerWindow: 3,
      sendWindowSeconds: 900,
      resendCooldownSeconds: 60,
    });
  });
});

describe('OTP sends: cooldown and cap per customer (Art. 7)', () => {
  const t0 = new Date('2026-03-02T09:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  it('allows the first send', () => {
    expect(otpSendDecision([], t0)).toEqual({ ok: true });
    expect(nextSendAvailableAt([], t0)).toEqual(at(60));
  });

  it('refuses a resend within 60 s, allows it at 60 s', () => {
    expect(otpSendDecision([t0], at(59))).toEqual({
      ok: false,
      reason: 'cooldown',
      retryAt: at(60),
    });
    expect(otpSendDecision([t0], at(60))).toEqual({ ok: true });
  });

  it('allows 3 sends in 15 minutes, then refuses until the oldest leaves the window', () => {
    const sends = [t0, at(60), at(120)];
    expect(otpSendDecision(sends, at(180))).toEqual({ ok: false, reason: 'cap', retryAt: at(900) });
    expect(otpSendDecision(sends, at(899)).ok).toBe(false);
    expect(otpSendDecision(sends, at(900))).toEqual({ ok: true });
    expect(nextSendAvailableAt([t0, at(60)], at(120))).toEqual(at(900));
  });

  it('ignores sends outside the window and in the future, in any order', () => {
    expect(otpSendDecision([at(-1000), at(-950), at(-920)], t0)).toEqual({ ok: true });
    expect(otpSendDecision([at(120), at(60), t0], at(180)).ok).toBe(false);
    expect(otpSendDecision([at(500)], t0)).toEqual({ ok: true });
  });
});
