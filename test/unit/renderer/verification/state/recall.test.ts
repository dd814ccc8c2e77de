// The Art. 14 call-back on the panel (renderer/verification/state/recall.ts): the call that ends
// for it owes no wrap-up, the desk's outbound call carries the session, a stranger's does not.
import { describe, expect, it } from 'vitest';
import type { Verification } from '../../../../../common/records-api.js';
import {
  initialVerification,
  verificationReducer,
  type VerificationAction,
  type VerificationState,
} from '../../../../../renderer/verification/state.js';

const SESSION = { id: 's-1', status: 'in-progress', nextStep: 'callback' } as Verification;
const run = (state: VerificationState, ...actions: VerificationAction[]) =>
  actions.reduce(verificationReducer, state);
const call = (id: string, direction: 'inbound' | 'outbound', number: string) => ({
  type: 'call-started' as const,
  call: {
    id,
    number,
    displayName: null,
    direction,
    answered: false,
    callerIdSource: 'from' as const,
  },
  lookup: false,
});

const onCall = (): VerificationState => ({
  ...run(initialVerification, call('c-1', 'inbound', '1002'), {
    type: 'call-answered',
    callId: 'c-1',
  }),
  session: SESSION,
});

describe('call-back to the reserved mobile (panel state)', () => {
  it('the ending call owes no wrap-up; the call-back call continues the session', () => {
    let s = run(onCall(), { type: 'recall-starting', fromCallId: 'c-1' });
    expect(s.pending).toBe('callback-dial');
    s = run(s, { type: 'call-ended', callId: 'c-1' });
    expect(s.wrapUpDue).toBe(false);
    expect(s.session).toBe(SESSION);
    // The phone shows the call before the dial's answer is back: it is still the call-back.
    s = run(s, call('c-2', 'outbound', '139****0002'));
    expect(s.call?.id).toBe('c-2');
    expect(s.session).toBe(SESSION);
    s = run(s, { type: 'recall-dialled', dialId: 'd-1', masked: '139****0002', at: 1 });
    expect(s.recall).toMatchObject({ callId: 'c-2', dialId: 'd-1', phase: 'dialling' });
    s = run(s, { type: 'recall-reported', answered: true });
    expect(s.recall?.phase).toBe('answered');
    // Once answered, the call-back's own end owes the summary as any call does.
    expect(
      run(s, { type: 'call-answered', callId: 'c-2' }, { type: 'call-ended', callId: 'c-2' })
        .wrapUpDue,
    ).toBe(true);
  });

  it('an inbound call, or another number once dialled, is not the call-back', () => {
    let s = run(
      onCall(),
      { type: 'recall-starting', fromCallId: 'c-1' },
      { type: 'call-ended', callId: 'c-1' },
    );
    expect(run(s, call('c-9', 'inbound', '13900000009')).session).toBeNull();
    s = run(s, { type: 'recall-dialled', dialId: 'd-1', masked: '139****0002', at: 1 });
    expect(run(s, call('c-9', 'outbound', '10086')).session).toBeNull();
    expect(run(s, call('c-2', 'outbound', '139****0002')).session).toBe(SESSION);
  });

  it('without a call-back, an ended call owes its wrap-up', () => {
    expect(run(onCall(), { type: 'call-ended', callId: 'c-1' }).wrapUpDue).toBe(true);
  });
});
