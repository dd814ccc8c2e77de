// The desk's memory of verification sessions: the contract's fields only, outcomes in order, a
// suspension journaled once (Art. 18), and a bounded number of sessions.
import { describe, expect, it } from 'vitest';
import type { EntryData, JournalEntry } from '../../../../../common/journal-chain.js';
import type { Verification } from '../../../../../common/records-api.js';
import { createSessionMemory } from '../../../../../main/core/verification/memory.js';

function view(id: string, patch: Partial<Verification> = {}): Verification {
  return {
    id,
    callId: `call-${id}`,
    agent: 'agent01',
    businessType: 'enquiry',
    risk: 'low',
    status: 'in-progress',
    callerNumber: '139****0001',
    callerIdSource: 'pai',
    customer: null,
    passwordKind: null,
    steps: [],
    nextStep: null,
    alternatives: { applied: [], available: [] },
    basic: { failures: 0, limit: 3 },
    approval: {
      state: 'not-required',
      reasons: [],
      decidedBy: null,
      decidedByName: null,
      reason: null,
    },
    fraud: null,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    ...patch,
  };
}

function journal() {
  const appended: { type: string; data: EntryData }[] = [];
  const append = async (type: string, data: EntryData) => {
    appended.push({ type, data });
    return { type, data } as JournalEntry;
  };
  return { appended, append };
}

describe('verification session memory', () => {
  it('keeps the contract fields of the last view and the outcomes in order', () => {
    const memory = createSessionMemory(journal());
    memory.remember(view('s1'), 'started');
    const answer = {
      ...view('s1', { status: 'verified' }),
      result: 'passed',
      attemptsLeft: 2,
    } as Verification;
    const known = memory.remember(answer, 'basic:passed');
    expect(known.outcomes).toEqual(['started', 'basic:passed']);
    expect(known.last).toEqual(view('s1', { status: 'verified' }));
    expect(memory.get('s1')).toBe(known);
    memory.forget('s1');
    expect(memory.get('s1')).toBeUndefined();
  });

  it('journals a suspension once per session, with the reason codes only', async () => {
    const j = journal();
    const memory = createSessionMemory(j);
    const suspended = view('s2', {
      status: 'suspended',
      fraud: {
        reasons: ['otp-failures', 'repeated-failed-sessions'],
        script: 'suspected-fraud',
        customerInformedAt: null,
      },
    });
    await memory.noteSuspension(view('s2'), 'agent01');
    await memory.noteSuspension(suspended, 'agent01');
    await memory.noteSuspension(suspended, 'agent01');
    expect(j.appended).toEqual([
      {
        type: 'verify.suspended',
        data: {
          agent: 'agent01',
          callId: 'call-s2',
          sessionId: 's2',
          reasons: 'otp-failures,repeated-failed-sessions',
        },
      },
    ]);
  });

  it('forgets the oldest session beyond 200, and everything on clear()', () => {
    const memory = createSessionMemory(journal());
    for (let i = 0; i <= 200; i++) memory.remember(view(`s${i}`));
    expect(memory.get('s0')).toBeUndefined();
    expect(memory.get('s1')).toBeDefined();
    expect(memory.get('s200')).toBeDefined();
    memory.clear();
    expect(memory.get('s200')).toBeUndefined();
  });
});
