// Art. 4(2) intent changes (common/policy/intent.ts): step-up and step-down plans for every pair of
// business types, in progress and after verification; passwords by kind (Art. 6), approvals asked
// again (Art. 10), the read-back last (Art. 8), and refusals on ended or suspended sessions.
import { describe, expect, it } from 'vitest';
import {
  BUSINESS_TYPES,
  initialSession,
  intentDirection,
  nextStep,
  passwordKindFor,
  requiredSteps,
  requirementsFor,
  STEPS,
  transition,
  type BusinessType,
  type SessionState,
  type SessionStatus,
} from '../../../../common/policy.js';
import { PASS, run } from './run.js';

const PAIRS = BUSINESS_TYPES.flatMap((from) =>
  BUSINESS_TYPES.filter((to) => to !== from).map((to) => [from, to] as const),
);
const change = (to: BusinessType) => ({ type: 'change-business', to }) as const;
const ordered = (steps: readonly string[]) =>
  expect(steps).toEqual(STEPS.filter((s) => steps.includes(s)));

/** Passes every step still open; the session must end verified. */
function finish(state: SessionState): SessionState {
  for (let step = nextStep(state); step; step = nextStep(state)) state = run(state, PASS[step]);
  expect(state.status).toBe('verified');
  return state;
}

const passwordHolds = (from: BusinessType, to: BusinessType) => {
  const had = passwordKindFor(from);
  const needed = passwordKindFor(to);
  return had !== null && (needed === null || had === needed || had === 'transaction');
};

describe('direction', () => {
  it('orders the types by risk, then the password they ask', () => {
    expect(intentDirection('enquiry', 'fund-transfer')).toBe('up');
    expect(intentDirection('important-query', 'fund-transfer')).toBe('up');
    expect(intentDirection('fund-transfer', 'important-query')).toBe('down');
    expect(intentDirection('large-loan', 'account-change')).toBe('lateral');
    expect(intentDirection('account-change', 'enquiry')).toBe('down');
  });
});

describe('every pair, in progress after the basic check', () => {
  it.each(PAIRS)('%s → %s', (from, to) => {
    const state = run(initialSession(from, 'lead', true), PASS.basic, change(to));
    expect(state.businessType).toBe(to);
    expect(state.status).toBe('in-progress');
    expect(state.passed).toEqual(['basic']);
    expect(state.steps).toEqual(requiredSteps(to));
    expect(nextStep(state)).toBe(requiredSteps(to)[1]);
    expect(transition(state, PASS.basic)).toMatchObject({ ok: false, reason: 'out-of-order' });
    finish(state);
  });
});

describe('every pair, after verification', () => {
  it.each(PAIRS)('%s → %s', (from, to) => {
    const verified = finish(initialSession(from, 'lead', true));
    const state = run(verified, change(to));
    const kept = verified.passed.filter(
      (s) => s !== 'confirmation' && (s !== 'password' || passwordHolds(from, to)),
    );
    const missing = requiredSteps(to).filter((s) => s !== 'confirmation' && !kept.includes(s));
    // No passed step leaves the list; the new ones are added in order.
    for (const s of kept) expect(state.passed).toContain(s);
    for (const s of verified.passed) expect(state.steps).toContain(s);
    ordered(state.steps);
    ordered(state.passed);
    if (missing.length === 0) {
      expect(intentDirection(from, to)).not.toBe('up');
      expect(state.status).toBe('verified');
      expect(state.passed).toEqual(verified.passed);
    } else {
      // Only the missing checks are asked, then the read-back closes (Art. 8).
      expect(state.status).toBe('in-progress');
      expect(state.passed).not.toContain('confirmation');
      const asked: string[] = [];
      let s = state;
      for (let step = nextStep(s); step; step = nextStep(s)) {
        asked.push(step);
        s = run(s, PASS[step]);
      }
      expect(asked).toEqual([...missing, 'confirmation']);
      expect(s.status).toBe('verified');
    }
  });

  it('an enquiry stepped up to a fund transfer asks only the transaction password', () => {
    const state = run(finish(initialSession('enquiry', 'agent', true)), change('fund-transfer'));
    expect(state.steps).toEqual(['basic', 'password', 'confirmation']);
    expect(state.passed).toEqual(['basic']);
    expect(nextStep(state)).toBe('password');
    expect(state.approval).toBe('not-required');
  });

  it('a stepped-down session keeps every record: the OTP stays listed and passed', () => {
    const loan = finish(initialSession('large-loan', 'lead', true));
    const state = run(loan, change('enquiry'));
    expect(state).toMatchObject({ status: 'verified', businessType: 'enquiry' });
    expect(state.steps).toEqual(['basic', 'password', 'otp', 'confirmation']);
    expect(state.passed).toEqual(state.steps);
  });
});

describe('passwords by kind (Art. 6)', () => {
  it('a passed query password does not prove the transaction password', () => {
    const query = finish(initialSession('important-query', 'agent', true));
    const state = run(query, change('fund-transfer'));
    expect(state.passed).toEqual(['basic']);
    expect(nextStep(state)).toBe('password');
    expect(state.passwordsProven).toEqual(['query']);
  });

  it('a passed transaction password covers a query, and survives a round trip', () => {
    let state = run(initialSession('fund-transfer', 'agent', true), PASS.basic, PASS.password);
    state = run(state, change('important-query'));
    expect(state.passed).toEqual(['basic', 'password']);
    expect(nextStep(state)).toBe('confirmation');
    state = run(state, change('fund-transfer'));
    expect(state.passed).toEqual(['basic', 'password']);
    expect(state.passwordsProven).toContain('transaction');
  });

  it('query → transfer → query: the query password is not asked a second time', () => {
    let state = run(initialSession('important-query', 'agent', true), PASS.basic, PASS.password);
    state = run(state, change('fund-transfer'));
    expect(state.passed).toEqual(['basic']);
    state = run(state, change('important-query'));
    expect(state.passed).toEqual(['basic', 'password']);
  });

  it('an alternative the new type does not allow is dropped; the passcode stays passed', () => {
    let state = run(
      initialSession('fund-transfer', 'lead', true),
      PASS.basic,
      { type: 'switch-method', alternative: 'otp-instead-of-password' },
      PASS.otp,
    );
    expect(state.steps).toEqual(['basic', 'otp', 'confirmation']);
    state = run(state, change('large-loan'));
    expect(state.alternatives).toEqual([]);
    expect(state.steps).toEqual(['basic', 'password', 'otp', 'confirmation']);
    expect(state.passed).toEqual(['basic', 'otp']);
    expect(nextStep(state)).toBe('password');
  });
});

describe('approvals (Art. 10)', () => {
  it('stepping up beyond the tier needs a lead’s approval', () => {
    const state = run(initialSession('enquiry', 'agent', true), PASS.basic, change('large-loan'));
    expect(state.approvalReasons).toEqual(
      requirementsFor('large-loan', 'agent', true).approvalReasons,
    );
    expect(state.approval).toBe('not-requested');
  });

  it('an approval given for one business is asked again for another', () => {
    const decided = run(
      initialSession('large-loan', 'agent', true),
      PASS.basic,
      PASS.password,
      PASS.otp,
      { type: 'request-approval' },
      { type: 'decide-approval', approve: true },
    );
    expect(decided.approval).toBe('approved');
    const state = run(decided, change('account-change'));
    expect(state.approval).toBe('not-requested');
    expect(transition(state, PASS.confirmation)).toMatchObject({
      ok: false,
      reason: 'approval-required',
    });
  });

  it('stepping down below the tier drops the approval the lower type does not need', () => {
    const state = run(initialSession('account-change', 'agent', true), PASS.basic);
    const down = run(state, change('fund-transfer'));
    expect(down).toMatchObject({ approval: 'not-required', approvalReasons: [] });
  });

  it('a verified session stepped down to a type still needing approval reopens for it', () => {
    const verified = finish(
      run(
        initialSession('account-change', 'agent', false),
        PASS.basic,
        PASS.password,
        PASS.otp,
        { type: 'request-approval' },
        { type: 'decide-approval', approve: true },
      ),
    );
    const state = run(verified, change('large-loan'));
    expect(state.status).toBe('in-progress');
    expect(state.approval).toBe('not-requested');
    expect(state.passed).toEqual(['basic', 'password', 'otp']);
    expect(nextStep(state)).toBe('confirmation');
  });
});

describe('refusals', () => {
  const ENDED: SessionStatus[] = [
    'not-confirmed',
    'exception',
    'password-reset',
    'password-locked',
    'denied',
  ];
  it.each(ENDED.map((s) => [s]))('a %s session cannot change business', (status) => {
    const state = { ...initialSession('enquiry', 'agent', true), status };
    expect(transition(state, change('fund-transfer'))).toMatchObject({
      ok: false,
      reason: 'session-ended',
    });
  });

  it('a suspended session cannot change business', () => {
    const state = run(initialSession('enquiry', 'agent', true), {
      type: 'suspend',
      reasons: ['many-customers-per-caller'],
    });
    expect(transition(state, change('fund-transfer'))).toMatchObject({
      ok: false,
      reason: 'session-suspended',
    });
  });

  it('waits for a lead’s decision', () => {
    const state = run(
      initialSession('large-loan', 'agent', true),
      PASS.basic,
      PASS.password,
      PASS.otp,
      { type: 'request-approval' },
    );
    expect(transition(state, change('enquiry'))).toMatchObject({
      ok: false,
      reason: 'awaiting-approval',
    });
  });

  it('the same business is not a change', () => {
    const state = initialSession('enquiry', 'agent', true);
    expect(transition(state, change('enquiry'))).toMatchObject({
      ok: false,
      reason: 'business-unchanged',
    });
  });
});
