// The panel's controller against a fake host and a fake engine: it follows the call, asks main the
// right things in the right order, and keypad digits reach only the one request that needs them —
// never a store.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Verification } from '../../../../common/records-api.js';
import { fail, ok } from '../../../../common/result.js';
import type { Phone } from '../../../../renderer/phone/types.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { createStore } from '../../../../renderer/state/store.js';
import {
  APPROVAL_POLL_MS,
  createVerificationController,
  LOOKUP_SPINNER_AFTER_MS,
} from '../../../../renderer/verification/controller.js';
import { demoAgent, fakeAgentDesk, settle, type FakeHandlers } from '../fake-agent-desk.js';
import { activeCall, fakePhone } from '../softphone/fake-phone.js';
import {
  after,
  answer,
  CALL_ID,
  FULL_ID,
  FULL_MOBILE,
  li,
  session,
  verifyHandlers,
  wang,
} from './fixtures.js';

async function setup(handlers: FakeHandlers = {}) {
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: demoAgent }),
    ...verifyHandlers(handlers),
  });
  const app = createAppController(api);
  app.start();
  const phone = fakePhone();
  const phoneStore = createStore<Phone | null, Phone | null>((_s, next) => next, phone);
  const verification = createVerificationController({
    api,
    phone: phoneStore as never,
    attachSecureEntry: (consumer) => phone.attachSecureEntry(consumer),
    session: app.stores.session,
    today: () => new Date('2026-11-26T00:00:00Z'),
  });
  const stop = verification.start();
  await settle();
  const state = () => verification.store.getState();
  const ring = async (number = FULL_MOBILE) => {
    phone.set({
      call: activeCall({
        phase: 'ringing',
        answeredAt: null,
        remote: { number, displayName: null, source: 'pai' },
      }),
    });
    await settle();
  };
  const pickUp = async () => {
    phone.set({
      call: activeCall({ remote: { number: FULL_MOBILE, displayName: null, source: 'pai' } }),
    });
    await settle();
  };
  /** Digits keyed on the customer's phone, through the consumer the panel attached. */
  const customerKeys = async (keys: string) => {
    const consumer = phone.consumers.at(-1)!;
    for (const key of keys) consumer.onDigit(key);
    await settle();
  };
  return { api, phone, verification, state, stop, ring, pickUp, customerKeys };
}

type Setup = Awaited<ReturnType<typeof setup>>;
const onCallWithSession = async (
  t: Setup,
  type: 'enquiry' | 'fund-transfer' | 'large-loan' = 'enquiry',
) => {
  await t.ring();
  await t.pickUp();
  await t.verification.chooseBusinessType(type);
};

afterEach(() => {
  vi.useRealTimers();
});

describe('verification controller: the call', () => {
  it('looks the caller up the moment the INVITE arrives, and greets with the configured names once answered', async () => {
    const t = await setup();
    await t.ring('+86 138-1234-5678');
    expect(t.api.callsTo('verify:lookup')).toEqual([{ callerNumber: FULL_MOBILE }]);
    expect(t.state().lookup).toMatchObject({ status: 'done', customers: [wang] });
    expect(t.state().customerId).toBe(wang.id);
    expect(t.state().call?.answered).toBe(false);
    await t.pickUp();
    expect(t.state().call?.answered).toBe(true);
    expect(t.state().config?.companyName).toBe('示例信贷');
  });

  it('pops the screen in the task after the INVITE: the caller ID is committed first', async () => {
    const t = await setup();
    t.phone.set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    expect(t.state().call).toBeNull();
    expect(t.api.callsTo('verify:lookup')).toEqual([]);
    await settle();
    expect(t.state().call?.answered).toBe(false);
    expect(t.api.callsTo('verify:lookup')).toEqual([{ callerNumber: FULL_MOBILE }]);
  });

  it('a call that rang, was answered and ended within one task is followed through each step', async () => {
    const t = await setup();
    t.phone.set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    t.phone.set({ call: activeCall() });
    t.phone.set({ call: null });
    await settle();
    expect(t.api.callsTo('verify:lookup')).toEqual([{ callerNumber: FULL_MOBILE }]);
    expect(t.state()).toMatchObject({
      call: { id: CALL_ID, answered: true, ended: true },
      wrapUpDue: true,
    });
  });

  it('shows the spinner only when the look-up takes longer than 100 ms', async () => {
    let answerLookup: (() => void) | null = null;
    const t = await setup({
      'verify:lookup': () =>
        new Promise((resolve) => (answerLookup = () => resolve(ok({ customers: [] })))),
    });
    vi.useFakeTimers();
    t.phone.set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    await vi.advanceTimersByTimeAsync(LOOKUP_SPINNER_AFTER_MS - 10);
    expect(t.state().lookup).toMatchObject({ status: 'loading', slow: false });
    await vi.advanceTimersByTimeAsync(20);
    expect(t.state().lookup.slow).toBe(true);
    answerLookup!();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.state().lookup).toMatchObject({ status: 'done', slow: false, customers: [] });
  });

  it('does not look up a number nobody can have as reserved mobile', async () => {
    const t = await setup();
    await t.ring('2001');
    expect(t.api.callsTo('verify:lookup')).toEqual([]);
    expect(t.state().lookup.status).toBe('skipped');
  });

  it('opens the session for the chosen customer with the call and the caller number', async () => {
    const t = await setup({ 'verify:lookup': () => ok({ customers: [wang, li] }) });
    await t.ring();
    await t.pickUp();
    t.verification.chooseCustomer(li.id);
    await t.verification.chooseBusinessType('fund-transfer');
    expect(t.api.callsTo('verify:start')).toEqual([
      {
        callId: CALL_ID,
        callerNumber: FULL_MOBILE,
        callerIdSource: 'pai',
        businessType: 'fund-transfer',
        customerId: li.id,
      },
    ]);
    expect(t.state().session?.businessType).toBe('fund-transfer');
    await t.verification.chooseBusinessType('enquiry');
    expect(t.api.callsTo('verify:start')).toHaveLength(1);
  });

  it('wraps up when the call ends, sends the summary, and clears for the next call', async () => {
    const t = await setup();
    await onCallWithSession(t);
    t.phone.set({ call: null });
    await settle();
    expect(t.state().wrapUpDue).toBe(true);
    t.verification.setNotes('  customer asked about fees  ');
    await t.verification.submitWrapUp();
    expect(t.api.callsTo('verify:wrap-up')).toEqual([
      {
        callId: CALL_ID,
        sessionId: session().id,
        businessType: 'enquiry',
        notes: 'customer asked about fees',
      },
    ]);
    expect(t.state().call).toBeNull();
    expect(t.state().session).toBeNull();
  });

  it('saves an unsaved wrap-up as it stands when the next call rings', async () => {
    const t = await setup();
    await onCallWithSession(t);
    t.phone.set({ call: null });
    await settle();
    t.phone.set({
      call: activeCall({
        id: '30000000-0000-4000-8000-000000000002',
        phase: 'ringing',
        answeredAt: null,
      }),
    });
    await settle();
    expect(t.api.callsTo('verify:wrap-up')).toEqual([
      { callId: CALL_ID, sessionId: session().id, businessType: 'enquiry', notes: '' },
    ]);
    expect(t.state().call?.id).toBe('30000000-0000-4000-8000-000000000002');
  });
});

describe('verification controller: basic details (Art. 5)', () => {
  it('catches a typo before it costs an attempt, and sends nothing', async () => {
    const t = await setup();
    await onCallWithSession(t);
    const typo = `${FULL_ID.slice(0, 17)}3`;
    expect(t.verification.submitBasic(FULL_MOBILE, typo)).toBe(false);
    expect(t.state().basicProblem).toEqual({ field: 'id', code: 'checksum' });
    expect(t.verification.submitBasic('12345', FULL_ID)).toBe(false);
    expect(t.state().basicProblem).toEqual({ field: 'mobile', code: 'format' });
    expect(t.verification.submitBasic(FULL_MOBILE, '')).toBe(false);
    expect(t.state().basicProblem).toEqual({ field: 'id', code: 'missing' });
    expect(t.api.callsTo('verify:basic')).toEqual([]);
  });

  it('sends normalized values once and keeps them nowhere; a mismatch leaves the attempts left', async () => {
    const t = await setup({
      'verify:basic': () =>
        ok(answer(session('enquiry', { basic: { failures: 1, limit: 3 } }), 'failed', 2)),
    });
    await onCallWithSession(t);
    // The customer states another reserved mobile than the one calling, in a loose format.
    expect(t.verification.submitBasic('+86 139-0000 0002', ` ${FULL_ID} `)).toBe(true);
    await settle();
    expect(t.api.callsTo('verify:basic')).toEqual([
      { sessionId: session().id, customerId: wang.id, mobile: '13900000002', nationalId: FULL_ID },
    ]);
    expect(t.state().last).toEqual({ action: 'basic', result: 'failed', attemptsLeft: 2 });
    expect(JSON.stringify(t.state())).not.toContain(FULL_ID);
    expect(JSON.stringify(t.state())).not.toContain('13900000002');
  });

  it('finds the customer by the stated mobile when caller ID found none, using the masked ID to pick', async () => {
    let lookups = 0;
    const t = await setup({
      'verify:lookup': () => ok({ customers: lookups++ === 0 ? [] : [li, wang] }),
      'verify:start': () => ok(session('enquiry', { customer: null })),
      'verify:basic': () => ok(answer(after(session(), ['basic']), 'passed')),
    });
    await onCallWithSession(t);
    expect(t.verification.submitBasic(FULL_MOBILE, FULL_ID)).toBe(true);
    await settle();
    await settle();
    expect(t.api.callsTo('verify:lookup')).toEqual([
      { callerNumber: FULL_MOBILE },
      { callerNumber: FULL_MOBILE },
    ]);
    expect(t.api.callsTo('verify:basic')).toMatchObject([{ customerId: wang.id }]);
  });

  it('keeps a training call whose caller ID found nobody in the training namespace (Art. 9)', async () => {
    let lookups = 0;
    const t = await setup({
      'verify:lookup': () => ok({ customers: lookups++ === 0 ? [] : [wang] }),
      'verify:start': () => ok(session('enquiry', { customer: null })),
      'verify:basic': () => ok(answer(after(session(), ['basic']), 'passed')),
    });
    const other = '17000000186';
    const call = { line: 'training' as const, remote: { number: other, displayName: null } };
    t.phone.set({
      call: activeCall({
        ...call,
        phase: 'ringing',
        answeredAt: null,
        remote: { ...call.remote, source: 'from' },
      }),
    });
    await settle();
    t.phone.set({ call: activeCall({ ...call, remote: { ...call.remote, source: 'from' } }) });
    await settle();
    await t.verification.chooseBusinessType('enquiry');
    expect(t.api.callsTo('verify:start')).toMatchObject([
      { callerNumber: other, callerIdSource: 'from', training: true },
    ]);
    expect(t.verification.submitBasic(FULL_MOBILE, FULL_ID)).toBe(true);
    await settle();
    await settle();
    expect(t.api.callsTo('verify:lookup')).toEqual([
      { callerNumber: other, training: true },
      { callerNumber: FULL_MOBILE, training: true },
    ]);
    expect(t.api.callsTo('verify:basic')).toMatchObject([{ customerId: wang.id }]);
  });

  it('leaves a live call’s start and stated-mobile look-up unmarked', async () => {
    const t = await setup({
      'verify:lookup': () => ok({ customers: [] }),
      'verify:start': () => ok(session('enquiry', { customer: null })),
    });
    await onCallWithSession(t);
    expect(t.api.callsTo('verify:start')[0]).not.toHaveProperty('training');
  });
});

describe('verification controller: secure entry (Art. 6, 7)', () => {
  const pwSession = after(session('fund-transfer'), ['basic']);

  it('takes the password from the customer’s keys into one request; the store only ever counts', async () => {
    const answers = [
      answer(pwSession, 'failed', 4),
      answer(after(pwSession, ['basic', 'password']), 'passed'),
    ];
    const t = await setup({
      'verify:start': () => ok(pwSession),
      'verify:password': () => ok(answers.shift()!),
    });
    await onCallWithSession(t, 'fund-transfer');
    const snapshots: string[] = [];
    t.verification.store.subscribe(() =>
      snapshots.push(JSON.stringify(t.verification.store.getState())),
    );
    t.verification.startKeypad();
    expect(t.phone.consumers).toHaveLength(1);
    expect(t.state().keypad).toMatchObject({ purpose: 'password', count: 0 });
    await t.customerKeys('7391');
    expect(t.state().keypad?.count).toBe(4);
    await t.customerKeys('#');
    expect(t.api.callsTo('verify:password')).toEqual([
      { sessionId: pwSession.id, password: '7391' },
    ]);
    // A wrong password: still listening, empty, for the customer to try again.
    expect(t.state().keypad).toMatchObject({ count: 0, submitting: false });
    expect(t.phone.released).toBe(0);
    await t.customerKeys('12*8264#');
    expect(t.api.callsTo('verify:password')).toEqual([
      { sessionId: pwSession.id, password: '7391' },
      { sessionId: pwSession.id, password: '8264' },
    ]);
    // Passed: the entry is released.
    expect(t.state().keypad).toBeNull();
    expect(t.phone.released).toBe(1);
    for (const snapshot of snapshots) {
      expect(snapshot).not.toContain('7391');
      expect(snapshot).not.toContain('8264');
    }
  });

  it('drops keys pressed while a password is being checked', async () => {
    let release: (() => void) | null = null;
    const t = await setup({
      'verify:start': () => ok(pwSession),
      'verify:password': () =>
        new Promise((resolve) => (release = () => resolve(ok(answer(pwSession, 'failed', 4))))),
    });
    await onCallWithSession(t, 'fund-transfer');
    t.verification.startKeypad();
    await t.customerKeys('11#');
    await t.customerKeys('22');
    expect(t.state().keypad).toMatchObject({ count: 0, submitting: true });
    release!();
    await settle();
    await t.customerKeys('3#');
    expect(t.api.callsTo('verify:password')).toEqual([
      { sessionId: pwSession.id, password: '11' },
      { sessionId: pwSession.id, password: '3' },
    ]);
  });

  it('records a forgotten password and releases the entry', async () => {
    const t = await setup({
      'verify:start': () => ok(pwSession),
      'verify:password-forgotten': () =>
        ok(answer({ ...pwSession, status: 'password-reset', nextStep: null }, 'password-reset')),
    });
    await onCallWithSession(t, 'fund-transfer');
    t.verification.startKeypad();
    await t.verification.forgotPassword();
    expect(t.api.callsTo('verify:password-forgotten')).toEqual([{ sessionId: pwSession.id }]);
    expect(t.phone.released).toBe(1);
    expect(t.state().session?.status).toBe('password-reset');
  });

  it('switches to an allowed alternative with the reason (Art. 14)', async () => {
    const withAlt = {
      ...pwSession,
      alternatives: { applied: [], available: ['otp-instead-of-password' as const] },
    };
    const t = await setup({
      'verify:start': () => ok(withAlt),
      'verify:method': () =>
        ok(
          answer(
            {
              ...withAlt,
              alternatives: { applied: ['otp-instead-of-password'], available: [] },
              steps: [
                { step: 'basic', passed: true },
                { step: 'otp', passed: false },
                { step: 'confirmation', passed: false },
              ],
              nextStep: 'otp',
            },
            'switched',
          ),
        ),
    });
    await onCallWithSession(t, 'fund-transfer');
    t.verification.setMethodOpen(true);
    await t.verification.switchMethod('otp-instead-of-password', '  prefers SMS  ');
    expect(t.api.callsTo('verify:method')).toEqual([
      { sessionId: pwSession.id, alternative: 'otp-instead-of-password', reason: 'prefers SMS' },
    ]);
    expect(t.state().session?.nextStep).toBe('otp');
    expect(t.state().methodOpen).toBe(false);
  });

  it('sends the passcode, counts down from the server’s expiry, and submits at 6 digits', async () => {
    const otpSession = after(session('large-loan'), ['basic', 'password']);
    const sentAt = Date.now();
    const t = await setup({
      'verify:start': () => ok(otpSession),
      'verify:otp-send': () =>
        ok({
          ...answer(otpSession, 'sent', 3),
          otp: {
            expiresAt: new Date(sentAt + 300_000).toISOString(),
            resendAvailableAt: new Date(sentAt + 60_000).toISOString(),
          },
        }),
      'verify:otp': (request) =>
        ok(
          request.code === '482913'
            ? answer(after(otpSession, ['basic', 'password', 'otp']), 'passed')
            : answer(otpSession, 'failed', 2),
        ),
    });
    await onCallWithSession(t, 'large-loan');
    t.verification.startKeypad(); // nothing sent yet: nothing to listen for
    expect(t.phone.consumers).toHaveLength(0);
    await t.verification.sendOtp();
    const otp = t.state().otp!;
    expect(otp.expiresAt - otp.resendAvailableAt).toBe(240_000);
    t.verification.startKeypad();
    await t.customerKeys('12#');
    expect(t.state().keypad?.short).toBe(true);
    expect(t.api.callsTo('verify:otp')).toEqual([]);
    await t.customerKeys('000000');
    expect(t.state().last).toEqual({ action: 'otp', result: 'failed', attemptsLeft: 2 });
    await t.customerKeys('482913');
    expect(t.api.callsTo('verify:otp')).toEqual([
      { sessionId: otpSession.id, code: '000000' },
      { sessionId: otpSession.id, code: '482913' },
    ]);
    expect(t.state().session?.nextStep).toBe('confirmation');
    expect(t.state().otp).toBeNull();
    expect(JSON.stringify(t.state())).not.toContain('482913');
  });

  it('releases the entry when the call ends', async () => {
    const t = await setup({ 'verify:start': () => ok(pwSession) });
    await onCallWithSession(t, 'fund-transfer');
    t.verification.startKeypad();
    t.phone.set({ call: null });
    await settle();
    expect(t.phone.released).toBe(1);
    t.phone.consumers[0]!.onDigit('5');
    expect(t.state().keypad).toBeNull();
  });
});

describe('verification controller: confirmation, approval, fraud', () => {
  it('confirms with the customer’s yes (Art. 8)', async () => {
    const confirmSession = after(session(), ['basic']);
    const t = await setup({
      'verify:start': () => ok(confirmSession),
      'verify:confirm': () =>
        ok(
          answer(
            after(confirmSession, ['basic', 'confirmation'], { status: 'verified' }),
            'verified',
          ),
        ),
    });
    await onCallWithSession(t);
    await t.verification.confirm(true);
    expect(t.api.callsTo('verify:confirm')).toEqual([
      { sessionId: confirmSession.id, confirmed: true },
    ]);
    expect(t.state().session?.status).toBe('verified');
  });

  it('requests approval, then follows the lead’s decision by push or by polling (Art. 10)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const base = after(session('account-change'), ['basic', 'password', 'otp'], {
      approval: {
        state: 'not-requested',
        reasons: ['beyond-tier'],
        decidedBy: null,
        decidedByName: null,
        reason: null,
      },
    });
    const waiting = {
      ...base,
      status: 'awaiting-approval' as const,
      nextStep: null,
      approval: { ...base.approval, state: 'pending' as const },
    };
    const approved = {
      ...base,
      approval: {
        state: 'approved' as const,
        reasons: ['beyond-tier' as const],
        decidedBy: 'lead01',
        decidedByName: '王丽',
        reason: 'known customer',
      },
    };
    let current: Verification = waiting;
    const t = await setup({
      'verify:start': () => ok(base),
      'verify:request-approval': () => ok(answer(waiting, 'requested')),
      'verify:get': () => ok(current),
    });
    await onCallWithSession(t, 'large-loan');
    await t.verification.requestApproval('  customer in branch queue ');
    expect(t.api.callsTo('verify:request-approval')).toEqual([
      { sessionId: base.id, note: 'customer in branch queue' },
    ]);
    expect(t.state().session?.approval.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(APPROVAL_POLL_MS);
    expect(t.api.callsTo('verify:get')).toHaveLength(1);
    current = approved;
    t.api.emit('verify:changed', approved);
    expect(t.state().session?.approval).toMatchObject({ state: 'approved', decidedBy: 'lead01' });
    await vi.advanceTimersByTimeAsync(APPROVAL_POLL_MS * 3);
    expect(t.api.callsTo('verify:get')).toHaveLength(1); // no longer waiting: polling stopped
    t.api.emit('verify:changed', { ...approved, id: '50000000-0000-4000-8000-00000000000f' });
    expect(t.state().session?.id).toBe(base.id);
  });

  it('stops everything on suspected fraud (Art. 18)', async () => {
    const t = await setup({
      'verify:basic': () =>
        ok(
          answer(
            {
              ...session(),
              status: 'suspended',
              nextStep: null,
              fraud: {
                reasons: ['many-customers-per-caller'],
                script: 'suspected-fraud',
                customerInformedAt: null,
              },
            },
            'suspended',
          ),
        ),
    });
    await onCallWithSession(t);
    t.verification.submitBasic(FULL_MOBILE, FULL_ID);
    await settle();
    expect(t.state().session?.status).toBe('suspended');
    expect(t.verification.submitBasic(FULL_MOBILE, FULL_ID)).toBe(false);
    await t.verification.confirm(true);
    expect(t.api.callsTo('verify:basic')).toHaveLength(1);
    expect(t.api.callsTo('verify:confirm')).toHaveLength(0);
  });

  it('records once that the customer was read the suspension script (Art. 18)', async () => {
    const suspended = {
      ...session(),
      status: 'suspended' as const,
      nextStep: null,
      fraud: {
        reasons: ['many-customers-per-caller' as const],
        script: 'suspected-fraud' as const,
        customerInformedAt: null,
      },
    };
    let fails = true;
    const t = await setup({
      'verify:basic': () => ok(answer(suspended, 'suspended')),
      'verify:customer-informed': () =>
        fails
          ? fail('unavailable', 'down')
          : ok({
              ...suspended,
              fraud: { ...suspended.fraud, customerInformedAt: '2026-11-26T09:00:00.000Z' },
            }),
    });
    await onCallWithSession(t);
    t.verification.submitBasic(FULL_MOBILE, FULL_ID);
    await settle();
    await t.verification.informCustomer();
    expect(t.state().problem).toMatchObject({ action: 'customer-informed', code: 'unavailable' });
    fails = false;
    await t.verification.informCustomer();
    expect(t.state().session?.fraud?.customerInformedAt).toBe('2026-11-26T09:00:00.000Z');
    await t.verification.informCustomer();
    expect(t.api.callsTo('verify:customer-informed')).toEqual([
      { sessionId: suspended.id },
      { sessionId: suspended.id },
    ]);
  });

  it('files a complaint with the call and shows its due date (Art. 16); a failure is reported', async () => {
    let fails = true;
    const t = await setup({
      'verify:complaint': () =>
        fails
          ? fail('unavailable', 'down')
          : ok({ id: '70000000-0000-4000-8000-000000000001', dueAt: '2026-12-01T09:00:00.000Z' }),
    });
    await onCallWithSession(t);
    t.verification.setComplaintOpen(true);
    expect(
      await t.verification.submitComplaint({
        category: 'wait-time',
        text: ' waited 20 minutes ',
        wantsReply: true,
      }),
    ).toBe(false);
    expect(t.state().problem).toEqual({ action: 'complaint', code: 'unavailable' });
    fails = false;
    expect(
      await t.verification.submitComplaint({
        category: 'wait-time',
        text: ' waited 20 minutes ',
        wantsReply: true,
      }),
    ).toBe(true);
    expect(t.api.callsTo('verify:complaint').at(-1)).toEqual({
      callId: CALL_ID,
      sessionId: session().id,
      category: 'wait-time',
      text: 'waited 20 minutes',
      wantsReply: true,
    });
    expect(t.state().complaint).toEqual({
      open: false,
      filed: [{ id: '70000000-0000-4000-8000-000000000001', dueAt: '2026-12-01T09:00:00.000Z' }],
    });
  });

  it('reports a failed request with its code and lets the agent try again', async () => {
    const t = await setup({ 'verify:start': () => fail('unavailable', 'records service down') });
    await t.ring();
    await t.pickUp();
    await t.verification.chooseBusinessType('enquiry');
    expect(t.state().problem).toEqual({ action: 'start', code: 'unavailable' });
    expect(t.state().session).toBeNull();
    t.api.handlers['verify:start'] = (request) => ok(session(request.businessType));
    await t.verification.chooseBusinessType('enquiry');
    expect(t.state().session).not.toBeNull();
  });

  it('forgets everything when the agent signs out', async () => {
    const t = await setup();
    await onCallWithSession(t);
    t.api.emit('agent:changed', { agent: null });
    await settle();
    expect(t.state().call).toBeNull();
    expect(t.state().tier).toBeNull();
    t.stop();
  });
});
