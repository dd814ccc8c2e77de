// The suspected-fraud rules (common/policy/fraud.ts, Art. 18): which reasons hold for the counts,
// and configurable thresholds.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAUD_THRESHOLDS, fraudReasons } from '../../../../common/policy.js';

describe('fraud rules (Art. 18)', () => {
  const none = {
    distinctCustomersForCaller: 1,
    failedSessionsForCustomer: 0,
    killedOtpsForCustomer: 0,
  };
  it('no hit below the thresholds', () => {
    expect(
      fraudReasons({
        distinctCustomersForCaller: 2,
        failedSessionsForCustomer: 4,
        killedOtpsForCustomer: 0,
      }),
    ).toEqual([]);
  });
  it.each([
    [{ distinctCustomersForCaller: 3 }, ['many-customers-per-caller']],
    [{ failedSessionsForCustomer: 5 }, ['repeated-failed-sessions']],
    [{ killedOtpsForCustomer: 1 }, ['otp-failures']],
    [
      { distinctCustomersForCaller: 9, failedSessionsForCustomer: 9, killedOtpsForCustomer: 9 },
      ['many-customers-per-caller', 'repeated-failed-sessions', 'otp-failures'],
    ],
  ])('%j → %j', (facts, reasons) => {
    expect(fraudReasons({ ...none, ...facts })).toEqual(reasons);
  });
  it('thresholds are configurable', () => {
    expect(DEFAULT_FRAUD_THRESHOLDS).toEqual({
      windowSeconds: 86400,
      distinctCustomersPerCaller: 3,
      failedSessionsPerCustomer: 5,
      killedOtpsPerCustomer: 1,
    });
    expect(
      fraudReasons(
        { ...none, distinctCustomersForCaller: 3 },
        { ...DEFAULT_FRAUD_THRESHOLDS, distinctCustomersPerCaller: 4 },
      ),
    ).toEqual([]);
  });
});
