// The lead's alert workflow policy (Art. 10, 18): what each status allows, four eyes, notes the
// outcomes need, and a fraud alert handled only after its emergency steps.
import { describe, expect, it } from 'vitest';
import {
  alertActionDecision,
  missingEmergencySteps,
  openAlertCount,
  type AlertState,
} from '../../../../common/policy.js';

const OPEN: AlertState = {
  kind: 'over-permission',
  status: 'open',
  assignedTo: null,
  agentUsername: 'agent01',
  stepsDone: [],
};

describe('alert workflow policy', () => {
  it('acknowledges an open alert once; assigns to someone new; resolves to resolved', () => {
    expect(alertActionDecision(OPEN, { action: 'acknowledge' }, 'lead01')).toEqual({
      ok: true,
      status: 'acknowledged',
    });
    const acked = { ...OPEN, status: 'acknowledged' as const };
    expect(alertActionDecision(acked, { action: 'acknowledge' }, 'lead01')).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(alertActionDecision(OPEN, { action: 'assign', to: 'lead02' }, 'lead01')).toEqual({
      ok: true,
      status: 'open',
    });
    expect(
      alertActionDecision(
        { ...OPEN, assignedTo: 'lead02' },
        { action: 'assign', to: 'lead02' },
        'x',
      ),
    ).toMatchObject({ ok: false, code: 'conflict' });
    expect(
      alertActionDecision(OPEN, { action: 'resolve', outcome: 'duplicate' }, 'lead01'),
    ).toEqual({ ok: true, status: 'resolved' });
  });

  it('nothing changes a resolved alert; a lead never works an alert about themselves', () => {
    const resolved = { ...OPEN, status: 'resolved' as const };
    for (const input of [
      { action: 'acknowledge' as const },
      { action: 'assign' as const, to: 'lead02' },
      { action: 'resolve' as const, outcome: 'handled' as const },
    ])
      expect(alertActionDecision(resolved, input, 'lead01')).toMatchObject({ ok: false });
    expect(alertActionDecision(OPEN, { action: 'acknowledge' }, 'agent01')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/four eyes/),
    });
  });

  it('false-alarm and escalated need a note', () => {
    for (const outcome of ['false-alarm', 'escalated'] as const) {
      expect(alertActionDecision(OPEN, { action: 'resolve', outcome }, 'l')).toMatchObject({
        ok: false,
        code: 'bad-request',
      });
      expect(
        alertActionDecision(OPEN, { action: 'resolve', outcome, note: ' ' }, 'l'),
      ).toMatchObject({ ok: false });
      expect(
        alertActionDecision(OPEN, { action: 'resolve', outcome, note: '核实无误' }, 'l').ok,
      ).toBe(true);
    }
  });

  it('a fraud alert is handled only after every Art. 18 step; a false alarm any time', () => {
    const fraud: AlertState = {
      ...OPEN,
      kind: 'fraud-suspected',
      stepsDone: ['business-suspended', 'customer-informed'],
    };
    expect(missingEmergencySteps(fraud.stepsDone)).toEqual([
      'reported-to-police',
      'customer-contacted',
    ]);
    expect(
      alertActionDecision(fraud, { action: 'resolve', outcome: 'handled' }, 'lead01'),
    ).toMatchObject({ ok: false, code: 'conflict' });
    const all = { ...fraud, stepsDone: missingEmergencySteps([]) };
    expect(alertActionDecision(all, { action: 'resolve', outcome: 'handled' }, 'lead01').ok).toBe(
      true,
    );
    expect(
      alertActionDecision(fraud, { action: 'resolve', outcome: 'false-alarm', note: '本人' }, 'l')
        .ok,
    ).toBe(true);
  });

  it('counts what is not resolved', () => {
    expect(
      openAlertCount([{ status: 'open' }, { status: 'acknowledged' }, { status: 'resolved' }]),
    ).toBe(2);
  });
});
