// Attempt limits (Art. 5(2), 6) and the passcode's send cooldown and cap per customer (Art. 7),
// common/policy/limits.ts.
import { describe, expect, it } from 'vitest';
import {
  basicAttemptsLeft,
  basicExceptionReason,
  basicFailuresInWindow,
  basicLimitReached,
  initialSession,
  LIMITS,
  nextSendAvailableAt,
  parseBasicExceptionReason,
  nextStep,
  otpSendDecision,
} from '../../../../common/policy.js';
import { PASS, run } from './run.js';

describe('limits', () => {
  it('basic: fails stay in progress until the 3rd, which is the exception procedure (Art. 5(2))', () => {
    let state = initialSession('enquiry', 'agent');
    for (let i = 1; i < LIMITS.basic.maxFailures; i++) {
      state = run(state, { type: 'basic', passed: false });
      expect(state).toMatchObject({ status: 'in-progress', basicFailures: i });
    }
    state = run(state, { type: 'basic', passed: false });
    expect(state.status).toBe('exception');
    expect(LIMITS.basic).toEqual({ maxFailures: 3, windowSeconds: 24 * 60 * 60 });
  });

  describe('basic failures per customer over the window, across calls (Art. 5(2))', () => {
    const now = new Date('2026-03-02T09:00:00.000Z');
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    const DAY = 24 * 60 * 60;

    it('counts the failures in the window: one exactly a window old has aged out, a later one not', () => {
      expect(basicFailuresInWindow([], now)).toBe(0);
      expect(basicFailuresInWindow([ago(DAY)], now)).toBe(0);
      expect(basicFailuresInWindow([ago(DAY - 1)], now)).toBe(1);
      expect(basicFailuresInWindow([ago(0), ago(3600), ago(DAY + 5), ago(-1)], now)).toBe(2);
      expect(
        basicFailuresInWindow([ago(10), ago(20)], now, { maxFailures: 3, windowSeconds: 15 }),
      ).toBe(1);
    });

    it('the limit, the attempts left and the reason a follow-up case carries', () => {
      expect([0, 1, 2, 3, 4].map((n) => basicLimitReached(n))).toEqual([
        false,
        false,
        false,
        true,
        true,
      ]);
      expect([0, 2, 3, 5].map((n) => basicAttemptsLeft(n))).toEqual([3, 1, 0, 0]);
      expect(basicExceptionReason(3)).toBe('basic check failed 3 times in 24 h');
      expect(parseBasicExceptionReason(basicExceptionReason(3))).toEqual({
        failures: 3,
        hours: 24,
      });
      for (const other of ['outage; wanted: unspecified; window: asap', 'basic check failed'])
        expect(parseBasicExceptionReason(other)).toBeNull();
    });

    it('a new session starts from the customer’s count: two earlier failures leave one attempt', () => {
      const fresh = initialSession('enquiry', 'agent');
      const one = run(fresh, { type: 'basic', passed: false, failuresInWindow: 1 });
      expect(one).toMatchObject({ status: 'in-progress', basicFailures: 2 });
      const last = run(fresh, { type: 'basic', passed: false, failuresInWindow: 2 });
      expect(last).toMatchObject({ status: 'exception', basicFailures: 3 });
    });

    it('already at the limit: the exception at once, even with the right answers; nothing passes', () => {
      const fresh = initialSession('fund-transfer', 'agent');
      for (const passed of [true, false]) {
        const state = run(fresh, { type: 'basic', passed, failuresInWindow: 3 });
        expect(state).toMatchObject({ status: 'exception', basicFailures: 3, passed: [] });
        expect(nextStep(state)).toBeNull();
      }
    });

    it('failures that aged out leave a full count: a pass verifies as before', () => {
      const state = run(
        initialSession('enquiry', 'agent'),
        { type: 'basic', passed: true, failuresInWindow: 0 },
        PASS.confirmation,
      );
      expect(state.status).toBe('verified');
    });
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
