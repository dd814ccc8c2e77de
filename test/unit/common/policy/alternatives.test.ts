// Alternative methods (common/policy/alternatives.ts, Art. 14): OTP instead of the password and
// where the switch is refused.
import { describe, expect, it } from 'vitest';
import {
  ALTERNATIVE_METHODS,
  availableAlternatives,
  initialSession,
  stepsWith,
  transition,
} from '../../../../common/policy.js';
import { PASS, run } from './run.js';

describe('alternative methods (Art. 14)', () => {
  it('the data model offers OTP instead of password for basic + password types only', () => {
    expect(ALTERNATIVE_METHODS.filter((a) => a.replaces === 'password')).toEqual([
      {
        id: 'otp-instead-of-password',
        replaces: 'password',
        with: 'otp',
        businessTypes: ['important-query', 'fund-transfer'],
        approvalFor: [],
      },
    ]);
    expect(stepsWith('fund-transfer', ['otp-instead-of-password'])).toEqual([
      'basic',
      'otp',
      'confirmation',
    ]);
    expect(stepsWith('large-loan', ['otp-instead-of-password'])).toEqual([
      'basic',
      'password',
      'otp',
      'confirmation',
    ]);
  });

  it('a customer who declines the password verifies with an OTP', () => {
    let s = run(initialSession('important-query', 'agent'), PASS.basic);
    expect(availableAlternatives(s)).toEqual(['otp-instead-of-password']);
    s = run(s, { type: 'switch-method', alternative: 'otp-instead-of-password' });
    expect(s.steps).toEqual(['basic', 'otp', 'confirmation']);
    expect(transition(s, PASS.password)).toMatchObject({ ok: false, reason: 'step-not-required' });
    // The passcode may in turn be declined: the call-back (./callback.test.ts).
    expect(availableAlternatives(s)).toEqual(['callback-instead-of-otp']);
    expect(run(s, { type: 'otp-send' }, PASS.otp, PASS.confirmation).status).toBe('verified');
  });

  it('refuses the switch where not allowed, twice, or after the password passed', () => {
    const alt = { type: 'switch-method', alternative: 'otp-instead-of-password' } as const;
    for (const type of ['enquiry', 'large-loan', 'account-change'] as const) {
      expect(transition(initialSession(type, 'lead'), alt)).toMatchObject({
        ok: false,
        reason: 'alternative-not-allowed',
      });
    }
    const switched = run(initialSession('fund-transfer', 'agent'), alt);
    expect(transition(switched, alt)).toMatchObject({
      ok: false,
      reason: 'alternative-not-allowed',
    });
    const passed = run(initialSession('fund-transfer', 'agent'), PASS.basic, PASS.password);
    expect(transition(passed, alt)).toMatchObject({ ok: false, reason: 'alternative-not-allowed' });
  });
});
