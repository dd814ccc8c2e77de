// Tiers and approvals (common/policy/tiers.ts, Art. 10): who verifies, who completes what alone,
// who approves, and the request → decision path of a session beyond the agent's tier — asked
// only once every check has passed.
import { describe, expect, it } from 'vitest';
import {
  BUSINESS_TYPES,
  checksDoneForApproval,
  initialSession,
  mayApprove,
  mayCompleteAlone,
  mayVerify,
  nextStep,
  riskOf,
  STEPS,
  TIER_POLICY,
  transition,
  type BusinessType,
} from '../../../../common/policy.js';
import { TIERS, tierAtLeast, type Tier } from '../../../../common/values.js';
import { PASS, run } from './run.js';

describe('tiers × business types (Art. 10)', () => {
  // The whole matrix, written out: what each tier completes without a lead's approval.
  const alone: Record<Tier, BusinessType[]> = {
    agent: ['enquiry', 'important-query', 'fund-transfer'],
    senior: ['enquiry', 'important-query', 'fund-transfer'],
    lead: [...BUSINESS_TYPES],
    admin: [],
  };
  it.each(TIERS.flatMap((tier) => BUSINESS_TYPES.map((type) => [tier, type] as const)))(
    '%s / %s',
    (tier, type) => {
      expect(mayCompleteAlone(tier, type)).toBe(alone[tier].includes(type));
      if (!mayVerify(tier)) return;
      const state = initialSession(type, tier, true);
      expect(state.approval).toBe(alone[tier].includes(type) ? 'not-required' : 'not-requested');
      expect(state.approvalReasons).toEqual(alone[tier].includes(type) ? [] : ['beyond-tier']);
    },
  );

  it('high-risk business (Art. 7) always goes to a lead below the lead tier, seniors included', () => {
    const high = BUSINESS_TYPES.filter((t) => riskOf(t) === 'high');
    expect(high).toEqual(['large-loan', 'account-change']);
    for (const tier of TIERS.filter((t) => !tierAtLeast(t, 'lead')))
      for (const type of high) expect(mayCompleteAlone(tier, type)).toBe(false);
    expect(TIER_POLICY.senior.completesAloneUpTo).toBe('medium');
  });

  it('the tier table covers every tier; only leads approve; everyone but admin verifies', () => {
    expect(Object.keys(TIER_POLICY).sort()).toEqual([...TIERS].sort());
    expect(TIERS.filter((t) => mayApprove(t))).toEqual(['lead']);
    expect(TIERS.filter((t) => mayVerify(t))).toEqual(['agent', 'senior', 'lead']);
  });

  it('admin is for user and system administration: neither verifies nor approves by default', () => {
    expect(TIER_POLICY.admin).toMatchObject({ verifies: false, mayApprove: false });
    for (const type of BUSINESS_TYPES) expect(mayCompleteAlone('admin', type)).toBe(false);
  });

  it('the policy may say otherwise: with the flags on, an admin verifies and approves as a lead', () => {
    const table = {
      ...TIER_POLICY,
      admin: { ...TIER_POLICY.admin, verifies: true, mayApprove: true },
    };
    expect(mayVerify('admin', table)).toBe(true);
    expect(mayApprove('admin', table)).toBe(true);
    for (const type of BUSINESS_TYPES) expect(mayCompleteAlone('admin', type, table)).toBe(true);
    // The default table is untouched.
    expect(mayVerify('admin')).toBe(false);
  });
});

describe('approvals (Art. 10): asked only once every check has passed', () => {
  it('only the read-back left is "checks done"', () => {
    expect(STEPS.filter((s) => checksDoneForApproval(s))).toEqual(['confirmation']);
    expect(checksDoneForApproval(null)).toBe(false);
  });

  it.each([
    ['senior', 'large-loan'],
    ['agent', 'large-loan'],
    ['agent', 'account-change'],
    ['senior', 'account-change'],
  ] as const)(
    '%s / %s: refused at every step before the read-back, allowed after',
    (tier, type) => {
      let state = initialSession(type, tier, true);
      for (const step of ['basic', 'password', 'otp'] as const) {
        expect(nextStep(state)).toBe(step);
        const early = transition(state, { type: 'request-approval' });
        expect(early).toMatchObject({ ok: false, reason: 'checks-outstanding' });
        if (!early.ok) expect(early.message).toMatch(`the ${step} step comes first`);
        state = run(state, PASS[step]);
      }
      expect(run(state, { type: 'request-approval' })).toMatchObject({
        status: 'awaiting-approval',
        approval: 'pending',
      });
    },
  );

  it('Art. 18 (caller not on the reserved mobile): a lead asks too, after the checks', () => {
    const lead = run(
      initialSession('account-change', 'lead'),
      { type: 'basic', passed: true, callerIsReservedMobile: false },
      PASS.password,
    );
    expect(lead.approvalReasons).toEqual(['caller-not-reserved-mobile']);
    expect(transition(lead, { type: 'request-approval' })).toMatchObject({
      ok: false,
      reason: 'checks-outstanding',
    });
    expect(run(lead, PASS.otp, { type: 'request-approval' }).status).toBe('awaiting-approval');
  });

  const agentLoan = (tier: Tier = 'agent') =>
    run(initialSession('large-loan', tier, true), PASS.basic, PASS.password, PASS.otp);

  it.each(['agent', 'senior'] as const)(
    '%s cannot confirm a large loan without approval (over-permission)',
    (tier) => {
      expect(transition(agentLoan(tier), PASS.confirmation)).toMatchObject({
        ok: false,
        reason: 'approval-required',
      });
    },
  );

  it('request → awaiting approval (nothing runs, confirmation refused as over-permission) → approved → verified', () => {
    const waiting = run(agentLoan('senior'), { type: 'request-approval' });
    expect(waiting).toMatchObject({ status: 'awaiting-approval', approval: 'pending' });
    expect(nextStep(waiting)).toBeNull();
    expect(transition(waiting, PASS.password)).toMatchObject({
      ok: false,
      reason: 'awaiting-approval',
    });
    expect(transition(waiting, PASS.confirmation)).toMatchObject({
      ok: false,
      reason: 'approval-required',
    });
    expect(transition(waiting, { type: 'request-approval' })).toMatchObject({
      ok: false,
      reason: 'awaiting-approval',
    });
    const approved = run(waiting, { type: 'decide-approval', approve: true });
    expect(approved).toMatchObject({ status: 'in-progress', approval: 'approved' });
    expect(nextStep(approved)).toBe('confirmation');
    expect(run(approved, PASS.confirmation).status).toBe('verified');
  });

  it('a denial ends the session', () => {
    const denied = run(
      agentLoan(),
      { type: 'request-approval' },
      { type: 'decide-approval', approve: false },
    );
    expect(denied).toMatchObject({ status: 'denied', approval: 'denied' });
    expect(transition(denied, PASS.confirmation)).toMatchObject({
      ok: false,
      reason: 'session-ended',
    });
  });

  it('refuses approval requests that are not needed or repeated, and decisions with nothing pending', () => {
    expect(
      transition(run(initialSession('enquiry', 'agent'), PASS.basic), {
        type: 'request-approval',
      }),
    ).toMatchObject({ ok: false, reason: 'approval-not-required' });
    const approved = run(
      agentLoan(),
      { type: 'request-approval' },
      { type: 'decide-approval', approve: true },
    );
    expect(transition(approved, { type: 'request-approval' })).toMatchObject({
      ok: false,
      reason: 'approval-already-requested',
    });
    expect(transition(approved, { type: 'decide-approval', approve: true })).toMatchObject({
      ok: false,
      reason: 'not-awaiting-approval',
    });
  });
});
