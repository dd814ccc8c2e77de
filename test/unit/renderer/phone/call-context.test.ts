// The pure views of a call (call-context.ts): its outcome, the record main keeps, what the UI sees.
import { describe, expect, it } from 'vitest';
import {
  activeCallView,
  callRecordOf,
  newCallContext,
  outcomeOf,
  type CallContext,
} from '../../../../renderer/phone/call-context.js';
import type { QualitySample } from '../../../../renderer/phone/types.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

function call(over: Partial<CallContext> = {}): CallContext {
  const session = { request: { callId: 'sip-call-1' } } as never;
  const remote = { number: '1001', displayName: 'Zhang Wei', source: 'pai' } as const;
  const base = newCallContext({
    id: 'c1',
    session,
    direction: 'inbound',
    remote,
    phase: 'ringing',
    startedAt: T0,
  });
  return { ...base, ...over };
}

const sample = (at: number, mos = 4.4): QualitySample => ({
  at,
  rttMs: 40,
  jitterMs: 5,
  lossPct: 0,
  mos,
});

describe('outcomeOf', () => {
  it('an inbound call is answered, rejected by us, or missed', () => {
    expect(outcomeOf(call({ answeredAt: T0 + 1000 }))).toBe('answered');
    expect(outcomeOf(call({ rejectedByUs: true }))).toBe('rejected');
    expect(outcomeOf(call())).toBe('missed');
  });

  it('an outbound call is answered, cancelled by us, or failed', () => {
    expect(outcomeOf(call({ direction: 'outbound', answeredAt: T0 }))).toBe('answered');
    expect(outcomeOf(call({ direction: 'outbound', cancelledByUs: true }))).toBe('cancelled');
    expect(outcomeOf(call({ direction: 'outbound', failure: '486' }))).toBe('failed');
  });

  it('an outcome set on the call (a transfer) wins over everything else', () => {
    expect(outcomeOf(call({ answeredAt: T0, outcome: 'transferred' }))).toBe('transferred');
  });
});

describe('callRecordOf', () => {
  it('counts the talk time from the answer, rounded to the second', () => {
    const record = callRecordOf(call({ answeredAt: T0 + 5_000 }), 'answered', T0 + 70_400);
    expect(record).toEqual({
      id: 'c1',
      direction: 'inbound',
      number: '1001',
      name: 'Zhang Wei',
      startedAt: new Date(T0).toISOString(),
      durationSeconds: 65,
      outcome: 'answered',
      quality: null,
    });
  });

  it('an unanswered call lasted 0 s; a call with samples keeps their summary', () => {
    expect(callRecordOf(call(), 'missed', T0 + 30_000).durationSeconds).toBe(0);
    const record = callRecordOf(
      call({ answeredAt: T0, samples: [sample(T0), sample(T0 + 2000, 3)] }),
      'answered',
      T0 + 4000,
    );
    expect(record.quality).toMatchObject({ samples: 2, rttMsAvg: 40, mosMin: 3 });
  });
});

describe('activeCallView', () => {
  it('shows the last five samples and the consultation, never the sessions', () => {
    const samples = [1, 2, 3, 4, 5, 6, 7].map((i) => sample(T0 + i * 2000));
    const consult = { session: {} as never, phase: 'alerting' as const, number: '1003' };
    const view = activeCallView(call({ phase: 'held', samples, warning: true, consult }));
    expect(view.quality.map((s) => s.at)).toEqual([3, 4, 5, 6, 7].map((i) => T0 + i * 2000));
    expect(view).toMatchObject({
      id: 'c1',
      sipCallId: 'sip-call-1',
      phase: 'held',
      qualityWarning: true,
      consult: { number: '1003', phase: 'alerting' },
    });
    expect(JSON.stringify(view)).not.toContain('session');
  });
});
