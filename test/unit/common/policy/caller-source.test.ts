// Art. 18: a caller number counts as the reserved mobile only when a trusted proxy asserted it
// (common/policy/caller-source.ts); a From-only number meets the not-reserved-mobile path on
// high-risk business even when it equals the reserved mobile.
import { describe, expect, it } from 'vitest';
import {
  BUSINESS_TYPES,
  CALLER_ID_SOURCES,
  callerCountsAsReservedMobile,
  initialSession,
  requirementsFor,
  riskOf,
} from '../../../../common/policy.js';
import { run } from './run.js';

const RESERVED = '13900000001';

describe('caller ID source (Art. 18)', () => {
  it('asserted and equal: the reserved mobile; anything else: not', () => {
    expect(callerCountsAsReservedMobile(RESERVED, 'pai', RESERVED)).toBe(true);
    expect(callerCountsAsReservedMobile(RESERVED, 'from', RESERVED)).toBe(false);
    expect(callerCountsAsReservedMobile('13800000000', 'pai', RESERVED)).toBe(false);
    expect(callerCountsAsReservedMobile('13800000000', 'from', RESERVED)).toBe(false);
  });

  describe.each(CALLER_ID_SOURCES)('caller number from %s, equal to the reserved mobile', (src) => {
    it.each(BUSINESS_TYPES)('%s', (type) => {
      const reserved = callerCountsAsReservedMobile(RESERVED, src, RESERVED);
      const { steps, approvalReasons } = requirementsFor(type, 'lead', reserved);
      const flagged = src === 'from' && riskOf(type) === 'high';
      expect(approvalReasons.includes('caller-not-reserved-mobile')).toBe(flagged);
      // High-risk business asks the passcode to the reserved mobile either way (Art. 7).
      expect(steps.includes('otp')).toBe(riskOf(type) === 'high');
    });
  });

  it('a From-only caller at the basic check of a large loan: approval with the reason, OTP', () => {
    const matches = callerCountsAsReservedMobile(RESERVED, 'from', RESERVED);
    const s = run(initialSession('large-loan', 'lead'), {
      type: 'basic',
      passed: true,
      callerIsReservedMobile: matches,
    });
    expect(s).toMatchObject({
      approval: 'not-requested',
      approvalReasons: ['caller-not-reserved-mobile'],
      callerIsReservedMobile: false,
    });
    expect(s.steps).toContain('otp');
  });

  it('an asserted caller on the reserved mobile: no approval for a lead', () => {
    const s = initialSession(
      'account-change',
      'lead',
      callerCountsAsReservedMobile(RESERVED, 'pai', RESERVED),
    );
    expect(s.approvalReasons).toEqual([]);
  });
});
