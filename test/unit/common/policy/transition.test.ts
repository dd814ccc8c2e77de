// The session state machine (common/policy/transition.ts): every step out of order or not
// required is refused, and ended, suspended or waiting sessions refuse everything.
import { describe, expect, it } from 'vitest';
import {
  availableAlternatives,
  BUSINESS_TYPES,
  initialSession,
  isTerminal,
  nextStep,
  SESSION_STATUSES,
  STEPS,
  transition,
  type SessionEvent,
  type SessionState,
} from '../../../../common/policy.js';
import { PASS, run } from './run.js';

describe('order and applicability', () => {
  it.each(BUSINESS_TYPES.map((t) => [t]))(
    '%s: every step but the next is refused at every point',
    (type) => {
      let state = initialSession(type, 'lead', true);
      for (const step of state.steps) {
        for (const other of STEPS) {
          if (other === step) continue;
          const result = transition(state, PASS[other]);
          expect(result.ok).toBe(false);
          if (!result.ok)
            expect(result.reason).toBe(
              state.steps.includes(other) ? 'out-of-order' : 'step-not-required',
            );
        }
        state = run(state, PASS[step]);
      }
    },
  );

  it('refuses a step that already passed as out of order', () => {
    const state = run(initialSession('fund-transfer', 'agent'), PASS.basic);
    expect(transition(state, PASS.basic)).toMatchObject({
      ok: false,
      reason: 'out-of-order',
      message: 'the basic step has already passed',
    });
  });

  it('refuses OTP sends unless the OTP is the next step', () => {
    expect(transition(initialSession('enquiry', 'agent'), { type: 'otp-send' })).toMatchObject({
      ok: false,
      reason: 'step-not-required',
    });
    const loan = initialSession('large-loan', 'lead');
    expect(transition(loan, { type: 'otp-send' })).toMatchObject({
      ok: false,
      reason: 'out-of-order',
    });
    expect(transition(run(loan, PASS.basic, PASS.password), { type: 'otp-send' }).ok).toBe(true);
  });

  it('password-forgotten only when the password is the next step; it moves to the reset procedure (Art. 6(2))', () => {
    const s = initialSession('important-query', 'agent');
    expect(transition(s, { type: 'password-forgotten' })).toMatchObject({
      ok: false,
      reason: 'out-of-order',
    });
    expect(
      transition(initialSession('enquiry', 'agent'), { type: 'password-forgotten' }),
    ).toMatchObject({ ok: false, reason: 'step-not-required' });
    expect(run(s, PASS.basic, { type: 'password-forgotten' }).status).toBe('password-reset');
  });
});

describe('ended, suspended and waiting sessions refuse everything', () => {
  const every: SessionEvent[] = [
    PASS.basic,
    PASS.password,
    PASS.otp,
    PASS.confirmation,
    { type: 'password-forgotten' },
    { type: 'otp-send' },
    { type: 'switch-method', alternative: 'otp-instead-of-password' },
    { type: 'request-approval' },
    { type: 'decide-approval', approve: true },
  ];
  it.each(SESSION_STATUSES.filter(isTerminal).map((s) => [s]))('%s', (status) => {
    const state: SessionState = { ...initialSession('fund-transfer', 'agent'), status };
    for (const event of [...every, { type: 'suspend', reasons: ['otp-failures'] } as const]) {
      expect(transition(state, event)).toMatchObject({
        ok: false,
        reason: status === 'suspended' ? 'session-suspended' : 'session-ended',
      });
    }
    expect(nextStep(state)).toBeNull();
    expect(availableAlternatives(state)).toEqual([]);
  });

  it('suspension works from in-progress and awaiting-approval and keeps the reasons', () => {
    const s = run(initialSession('large-loan', 'agent'), {
      type: 'suspend',
      reasons: ['many-customers-per-caller'],
    });
    expect(s).toMatchObject({ status: 'suspended', fraudReasons: ['many-customers-per-caller'] });
    const waiting = run(
      initialSession('large-loan', 'agent'),
      PASS.basic,
      PASS.password,
      PASS.otp,
      { type: 'request-approval' },
      { type: 'suspend', reasons: ['otp-failures'] },
    );
    expect(waiting.status).toBe('suspended');
  });

  it('the customer saying no ends the session as not confirmed', () => {
    expect(
      run(initialSession('enquiry', 'agent'), PASS.basic, {
        type: 'confirmation',
        confirmed: false,
      }).status,
    ).toBe('not-confirmed');
  });
});
