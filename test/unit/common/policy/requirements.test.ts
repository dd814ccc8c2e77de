// What a session must pass when the caller is not on the reserved mobile (Art. 18),
// common/policy/requirements.ts.
import { describe, expect, it } from 'vitest';
import { initialSession, requirementsFor } from '../../../../common/policy.js';
import { run } from './run.js';

describe('caller number ≠ reserved mobile (Art. 18)', () => {
  it('high-risk business: OTP + approval even for a lead', () => {
    expect(requirementsFor('account-change', 'lead', false)).toEqual({
      steps: ['basic', 'password', 'otp', 'confirmation'],
      approvalReasons: ['caller-not-reserved-mobile'],
    });
    expect(requirementsFor('large-loan', 'agent', false).approvalReasons).toEqual([
      'beyond-tier',
      'caller-not-reserved-mobile',
    ]);
  });

  it('lower risk: no extra requirement', () => {
    expect(requirementsFor('fund-transfer', 'agent', false)).toEqual({
      steps: ['basic', 'password', 'confirmation'],
      approvalReasons: [],
    });
  });

  it('learnt at the basic check when the session started without a customer', () => {
    const s = run(initialSession('large-loan', 'lead'), {
      type: 'basic',
      passed: true,
      callerIsReservedMobile: false,
    });
    expect(s).toMatchObject({
      approval: 'not-requested',
      approvalReasons: ['caller-not-reserved-mobile'],
      callerIsReservedMobile: false,
    });
    const fine = run(initialSession('large-loan', 'lead'), {
      type: 'basic',
      passed: true,
      callerIsReservedMobile: true,
    });
    expect(fine).toMatchObject({ approval: 'not-required', approvalReasons: [] });
  });
});
