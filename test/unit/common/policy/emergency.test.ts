// Art. 18 emergency steps on a fraud alert (common/policy/emergency.ts): each recorded once, the
// police report with its case number, the suspension by the records service only.
import { describe, expect, it } from 'vitest';
import { emergencyStepDecision, type RecordedEmergencyStep } from '../../../../common/policy.js';

const SUSPENDED: RecordedEmergencyStep = {
  step: 'business-suspended',
  doneBy: null,
  policeCaseNumber: null,
  note: null,
};

describe('emergency steps (Art. 18)', () => {
  it('a lead records a step the suspension opened', () => {
    expect(emergencyStepDecision('customer-contacted', {}, [SUSPENDED], 'lead01')).toEqual({
      ok: true,
      repeat: false,
    });
    expect(
      emergencyStepDecision('reported-to-police', { policeCaseNumber: 'A-1' }, [SUSPENDED], 'l'),
    ).toEqual({ ok: true, repeat: false });
  });

  it('the police report needs its case number; no other step takes one', () => {
    expect(emergencyStepDecision('reported-to-police', {}, [SUSPENDED], 'lead01')).toMatchObject({
      ok: false,
      code: 'bad-request',
    });
    expect(
      emergencyStepDecision('customer-informed', { policeCaseNumber: 'A-1' }, [SUSPENDED], 'x'),
    ).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('business-suspended is the suspension’s alone', () => {
    expect(emergencyStepDecision('business-suspended', {}, [SUSPENDED], 'lead01')).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(emergencyStepDecision('customer-contacted', {}, [], 'lead01')).toMatchObject({
      ok: false,
      code: 'conflict',
    });
  });

  it('once recorded, the same record again is a repeat; anything else a conflict', () => {
    const done: RecordedEmergencyStep[] = [
      SUSPENDED,
      { step: 'reported-to-police', doneBy: 'lead01', policeCaseNumber: 'A-1', note: 'n' },
    ];
    const same = { policeCaseNumber: 'A-1', note: 'n' };
    expect(emergencyStepDecision('reported-to-police', same, done, 'lead01')).toEqual({
      ok: true,
      repeat: true,
    });
    for (const [input, by] of [
      [{ policeCaseNumber: 'A-2', note: 'n' }, 'lead01'],
      [{ policeCaseNumber: 'A-1' }, 'lead01'],
      [same, 'lead02'],
    ] as const)
      expect(emergencyStepDecision('reported-to-police', input, done, by)).toMatchObject({
        ok: false,
        code: 'conflict',
      });
  });
});
