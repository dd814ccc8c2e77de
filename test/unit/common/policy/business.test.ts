// Business types (common/policy/business.ts, Art. 5–8): each type's risk, steps and password,
// and a lead passing every step of each in order.
import { describe, expect, it } from 'vitest';
import {
  BUSINESS_POLICY,
  BUSINESS_TYPES,
  initialSession,
  nextStep,
  passwordKindFor,
  STEPS,
} from '../../../../common/policy.js';
import { PASS, run } from './run.js';

describe('business types (Art. 5–8)', () => {
  it.each([
    ['enquiry', 'low', ['basic', 'confirmation'], null],
    ['important-query', 'medium', ['basic', 'password', 'confirmation'], 'query'],
    ['fund-transfer', 'medium', ['basic', 'password', 'confirmation'], 'transaction'],
    ['large-loan', 'high', ['basic', 'password', 'otp', 'confirmation'], 'transaction'],
    ['account-change', 'high', ['basic', 'password', 'otp', 'confirmation'], 'transaction'],
  ] as const)('%s: risk %s, steps %j, password %s', (type, risk, steps, kind) => {
    expect(BUSINESS_POLICY[type].risk).toBe(risk);
    expect(BUSINESS_POLICY[type].steps).toEqual(steps);
    expect(passwordKindFor(type)).toBe(kind);
  });

  it('covers every business type; each starts with basic, ends with confirmation, keeps STEPS order', () => {
    expect(Object.keys(BUSINESS_POLICY).sort()).toEqual([...BUSINESS_TYPES].sort());
    for (const type of BUSINESS_TYPES) {
      const steps = BUSINESS_POLICY[type].steps;
      expect(steps[0]).toBe('basic');
      expect(steps[steps.length - 1]).toBe('confirmation');
      expect([...steps].sort((a, b) => STEPS.indexOf(a) - STEPS.indexOf(b))).toEqual(steps);
      expect(steps.includes('password')).toBe(BUSINESS_POLICY[type].passwordKind !== null);
    }
  });

  it.each(BUSINESS_TYPES.map((t) => [t]))(
    '%s: a lead passes every step in order and ends verified',
    (type) => {
      let state = initialSession(type, 'lead', true);
      for (const step of state.steps) {
        expect(nextStep(state)).toBe(step);
        state = run(state, PASS[step]);
      }
      expect(state.status).toBe('verified');
      expect(nextStep(state)).toBeNull();
      expect(state.passed).toEqual(BUSINESS_POLICY[type].steps);
    },
  );
});
