// Tiers and approvals (common/policy/tiers.ts, Art. 10): who completes what alone, who approves,
// and the request → decision path of a session beyond the agent's tier.
import { describe, expect, it } from 'vitest';
import {
  BUSINESS_TYPES,
  initialSession,
  mayApprove,
  mayCompleteAlone,
  nextStep,
  TIER_POLICY,
  transition,
  type BusinessType,
} from '../../../../common/policy.js';
import { TIERS, type Tier } from '../../../../common/values.js';
import { PASS, run } from './run.js';

describe('tiers and approvals (Art. 10)', () => {
  const table: Record<Tier, BusinessType[]> = {
    agent: ['enquiry', 'important-query', 'fund-transfer'],
    senior: ['enquiry', 'important-query', 'fund-transfer', 'large-loan'],
    lead: [...BUSINESS_TYPES],
    admin: [...BUSINESS_TYPES],
  };
  it.each(TIERS.flatMap((tier) => BUSINESS_TYPES.map((type) => [tier, type] as const)))(
    '%s / %s',
    (tier, type) => {
      expect(mayCompleteAlone(tier, type)).toBe(table[tier].includes(type));
      const state = initialSession(type, tier, true);
      expect(state.approval).toBe(table[tier].includes(type) ? 'not-required' : 'not-requested');
    },
  );

  it('only leads and admins approve; the tier table covers every tier', () => {
    expect(TIERS.filter(mayApprove)).toEqual(['lead', 'admin']);
    expect(Object.keys(TIER_POLICY).sort()).toEqual([...TIERS].sort());
  });

  const agentLoan = () =>
    run(initialSession('large-loan', 'agent', true), PASS.basic, PASS.password, PASS.otp);

  it('an agent cannot confirm a session beyond their tier without approval', () => {
    expect(transition(agentLoan(), PASS.confirmation)).toMatchObject({
      ok: false,
      reason: 'approval-required',
    });
  });

  it('request → awaiting approval (nothing runs, confirmation refused as over-permission) → approved → verified', () => {
    const waiting = run(initialSession('large-loan', 'agent', true), PASS.basic, {
      type: 'request-approval',
    });
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
    expect(run(approved, PASS.password, PASS.otp, PASS.confirmation).status).toBe('verified');
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
      transition(initialSession('enquiry', 'agent'), { type: 'request-approval' }),
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
