// The panel's reducer and derived views: one call at a time, answers for another call or session
// dropped, the policy's steps before the service answers and the session's after.
import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES } from '../../../../common/verify.js';
import { COMPLAINT_CATEGORY_LIST } from '../../../../renderer/verification/complaint.js';
import {
  initialVerification,
  sessionOf,
  verificationReducer,
  type VerificationAction,
  type VerificationState,
} from '../../../../renderer/verification/state.js';
import {
  formatCountdown,
  otpDeadlines,
  secondsUntil,
  stepViews,
} from '../../../../renderer/verification/view.js';
import { after, answer, CALL_ID, li, session, wang } from './fixtures.js';

const run = (...actions: VerificationAction[]): VerificationState =>
  actions.reduce(verificationReducer, { ...initialVerification, tier: 'agent' as const });
const started: VerificationAction = {
  type: 'call-started',
  call: {
    id: CALL_ID,
    number: '13812345678',
    displayName: null,
    callerIdSource: 'pai',
    direction: 'inbound',
    answered: false,
  },
  lookup: true,
};

describe('verification reducer', () => {
  it('pops the caller on INVITE and picks the only customer reserved on the number', () => {
    const state = run(started, { type: 'lookup-done', callId: CALL_ID, customers: [wang] });
    expect(state.call).toMatchObject({ id: CALL_ID, answered: false, ended: false });
    expect(state.customerId).toBe(wang.id);
  });

  it('lets the agent choose among several, until the session is opened', () => {
    let state = run(started, { type: 'lookup-done', callId: CALL_ID, customers: [wang, li] });
    expect(state.customerId).toBeNull();
    state = verificationReducer(state, { type: 'customer-chosen', customerId: li.id });
    expect(state.customerId).toBe(li.id);
    state = verificationReducer(state, { type: 'customer-chosen', customerId: 'not-a-candidate' });
    expect(state.customerId).toBe(li.id);
    state = run(
      started,
      { type: 'call-answered', callId: CALL_ID },
      { type: 'session-loaded', session: session() },
    );
    expect(verificationReducer(state, { type: 'customer-chosen', customerId: li.id })).toBe(state);
  });

  it('marks the spinner slow only while still loading, and drops answers for another call', () => {
    let state = run(started, { type: 'lookup-slow', callId: CALL_ID });
    expect(state.lookup.slow).toBe(true);
    state = verificationReducer(state, {
      type: 'lookup-done',
      callId: 'other-call',
      customers: [li],
    });
    expect(state.lookup.status).toBe('loading');
    state = verificationReducer(state, { type: 'lookup-done', callId: CALL_ID, customers: [] });
    expect(verificationReducer(state, { type: 'lookup-slow', callId: CALL_ID })).toBe(state);
  });

  it('forgets an unanswered call entirely, and keeps an answered one for its wrap-up', () => {
    expect(run(started, { type: 'call-ended', callId: CALL_ID }).call).toBeNull();
    const ended = run(
      started,
      { type: 'call-answered', callId: CALL_ID },
      { type: 'call-ended', callId: CALL_ID },
    );
    expect(ended.wrapUpDue).toBe(true);
    expect(ended.call?.ended).toBe(true);
    const next = verificationReducer(
      { ...ended, config: { companyName: 'A', departmentName: 'B', complaintHotline: '95588' } },
      { type: 'wrapped-up' },
    );
    expect(next.call).toBeNull();
    expect(next.config?.companyName).toBe('A');
    expect(next.tier).toBe('agent');
  });

  it('takes a check answer as the new session, remembers the result for the script, and ignores another session', () => {
    const state = run(
      started,
      { type: 'call-answered', callId: CALL_ID },
      { type: 'session-loaded', session: session() },
    );
    const failed = verificationReducer(state, {
      type: 'checked',
      action: 'basic',
      response: answer(session('enquiry', { basic: { failures: 1, limit: 3 } }), 'failed', 2),
      at: 1,
    });
    expect(failed.last).toEqual({ action: 'basic', result: 'failed', attemptsLeft: 2 });
    expect(failed.session?.basic.failures).toBe(1);
    expect(failed.session).not.toHaveProperty('result');
    expect(failed.outcomes).toEqual([{ action: 'basic', result: 'failed', at: 1 }]);
    const foreign = verificationReducer(failed, {
      type: 'checked',
      action: 'basic',
      response: answer(
        session('enquiry', { id: '50000000-0000-4000-8000-000000000009' }),
        'passed',
      ),
      at: 2,
    });
    expect(foreign).toBe(failed);
  });

  it('closes the keypad when the session can no longer be checked (Art. 18 suspension)', () => {
    const pw = session('fund-transfer');
    let state = run(
      started,
      { type: 'call-answered', callId: CALL_ID },
      { type: 'session-loaded', session: after(pw, ['basic']) },
      { type: 'keypad-opened', purpose: 'password' },
    );
    expect(state.keypad).toMatchObject({ purpose: 'password', count: 0 });
    state = verificationReducer(state, { type: 'keypad-count', count: 3 });
    expect(state.keypad?.count).toBe(3);
    state = verificationReducer(state, {
      type: 'checked',
      action: 'password',
      response: answer(
        { ...after(pw, ['basic']), status: 'suspended', nextStep: null },
        'suspended',
      ),
      at: 3,
    });
    expect(state.keypad).toBeNull();
  });

  it('strips the passcode times from an OTP answer when it becomes the session', () => {
    const response = {
      ...answer(session('large-loan'), 'sent', 3),
      otp: { expiresAt: 'x', resendAvailableAt: 'y' },
    };
    expect(sessionOf(response)).not.toHaveProperty('otp');
  });
});

describe('verification views', () => {
  it('shows the policy’s steps, all to do, before the service answers (Art. 4)', () => {
    const state = run(
      started,
      { type: 'call-answered', callId: CALL_ID },
      { type: 'business-type-chosen', businessType: 'large-loan' },
    );
    expect(stepViews(state)).toEqual([
      { step: 'basic', status: 'pending' },
      { step: 'password', status: 'pending' },
      { step: 'otp', status: 'pending' },
      { step: 'confirmation', status: 'pending' },
    ]);
  });

  it('shows passed, active, pending and the step where a session ended as failed', () => {
    const base = session('fund-transfer');
    const open = run(started, { type: 'session-loaded', session: after(base, ['basic']) });
    expect(stepViews(open).map((s) => s.status)).toEqual(['passed', 'active', 'pending']);
    const locked = run(started, {
      type: 'session-loaded',
      session: after(base, ['basic'], { status: 'password-locked', nextStep: null }),
    });
    expect(stepViews(locked).map((s) => s.status)).toEqual(['passed', 'failed', 'pending']);
    const exception = run(started, {
      type: 'session-loaded',
      session: after(base, [], { status: 'exception', nextStep: null }),
    });
    expect(stepViews(exception)[0]).toEqual({ step: 'basic', status: 'failed' });
    const verified = run(started, {
      type: 'session-loaded',
      session: after(base, ['basic', 'password', 'confirmation'], { status: 'verified' }),
    });
    expect(stepViews(verified).every((s) => s.status === 'passed')).toBe(true);
  });

  it('puts the passcode’s deadlines on the local clock, whatever the server clock says (Art. 7)', () => {
    // Server clock 10 minutes ahead of ours: sent at 09:10:00 server time, received at 09:00:00
    // ours.
    const receivedAt = Date.parse('2026-11-26T09:00:00.000Z');
    const deadlines = otpDeadlines(
      { expiresAt: '2026-11-26T09:15:00.000Z', resendAvailableAt: '2026-11-26T09:11:00.000Z' },
      receivedAt,
    );
    expect(deadlines.expiresAt - receivedAt).toBe(300_000);
    expect(deadlines.resendAvailableAt - receivedAt).toBe(60_000);
    expect(secondsUntil(deadlines.expiresAt, receivedAt + 1)).toBe(300);
    expect(formatCountdown(245)).toBe('4:05');
    expect(formatCountdown(-3)).toBe('0:00');
  });

  it('offers the contract’s complaint categories, all of them', () => {
    expect([...COMPLAINT_CATEGORY_LIST]).toEqual([...COMPLAINT_CATEGORIES]);
  });
});
