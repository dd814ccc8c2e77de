// The training controller (Art. 9): a scenario's call starts on the phone's training line, what
// the agent does in the panel becomes the trace, the scenario's runner (the real one) answers with
// the customer's actions — a captioned prompt, the customer's own digits keyed, the passcode from
// the training outbox — and the finished trace goes to the records service to be scored. A live
// call ending the training call pauses training: nothing is scored.
import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../common/result.js';
import { createRunner } from '../../../../common/training-runner.js';
import type { Scenario } from '../../../../common/training.js';
import type { TrainingCatalog, TrainingResult } from '../../../../common/training-api.js';
import type { ActiveCall, Phone, PhoneState } from '../../../../renderer/phone/types.js';
import { createStore } from '../../../../renderer/state/store.js';
import type { SessionState } from '../../../../renderer/state/session.js';
import { createTrainingController, wrongOf } from '../../../../renderer/training/controller.js';
import { traceBetween } from '../../../../renderer/training/trace.js';
import { createOutageDrill } from '../../../../renderer/training/drill.js';
import type { CustomerLeg, EndedBy } from '../../../../renderer/training/types.js';
import {
  initialVerification,
  verificationReducer,
  type VerificationAction,
} from '../../../../renderer/verification/state.js';
import { demoAgent, fakeAgentDesk, settle } from '../fake-agent-desk.js';
import { CALL_ID, session } from '../verification/fixtures.js';

const customer = {
  key: 'tc-li',
  name: '李明',
  mobile: '17000000101',
  nationalId: '990501198804120032',
  queryPassword: '362514',
  transactionPassword: '845129',
};

const scenario: Scenario = {
  id: 'routine-enquiry',
  title: { 'zh-CN': '例行查询', en: 'Routine enquiry' },
  summary: { 'zh-CN': '查询', en: 'Enquiry' },
  customer: 'tc-li',
  callerNumber: '17000000101',
  callerIdSource: 'pai',
  reactions: [
    { on: { said: 'greeting' }, do: [{ do: 'say', prompt: 'intent-enquiry' }] },
    { on: { said: 'ask-details' }, do: [{ do: 'say', prompt: 'give-details' }] },
    { on: { keypad: 'password' }, do: [{ do: 'key', what: 'password' }] },
    { on: { keypad: 'otp' }, do: [{ do: 'key', what: 'otp' }] },
    { on: { said: 'goodbye' }, do: [{ do: 'hangup' }] },
  ],
  expect: {
    business: 'enquiry',
    outcome: 'verified',
    lines: [],
    approval: false,
    complaint: false,
    maxSecondsToVerify: 0,
  },
};
const catalog: TrainingCatalog = { scenarios: [scenario], courses: [], customers: [customer] };

const result: TrainingResult = {
  id: '00000000-0000-4000-8000-0000000000ff',
  username: 'agent01',
  name: '张伟',
  scenarioId: 'routine-enquiry',
  courseId: null,
  at: '2026-12-06T10:00:00.000Z',
  score: 100,
  passed: true,
  misses: [],
  secondsToVerify: 30,
};

function call(answered: boolean): ActiveCall {
  return {
    id: CALL_ID,
    sipCallId: 'sip-1',
    direction: 'inbound',
    phase: answered ? 'connected' : 'ringing',
    remote: { number: '17000000101', displayName: '李明', source: 'pai' },
    startedAt: 0,
    answeredAt: answered ? 1 : null,
    muted: false,
    quality: [],
    qualityWarning: false,
    consult: null,
    line: 'training',
  };
}

function setup(played: Scenario = scenario) {
  const drill = createOutageDrill();
  const api = fakeAgentDesk({
    'training:catalog': () => ok({ ...catalog, scenarios: [played] }),
    'training:status': () =>
      ok({ username: 'agent01', courses: [], requiredCourse: null, clearedForLive: true }),
    'training:passcode': () => ok({ code: '482913' }),
    'training:result': () => ok(result),
  });
  const phoneStore = createStore<PhoneState, Partial<PhoneState>>(
    (state, patch) => ({ ...state, ...patch }),
    { call: null } as unknown as PhoneState,
  );
  let ended: ((by: EndedBy) => void) | null = null;
  const leg: CustomerLeg = {
    say: vi.fn(async () => undefined),
    key: vi.fn(async () => undefined),
    hangup: vi.fn(async () => ended?.('customer')),
    onEnded: (listener) => void (ended = listener),
    stats: async () => ({ sent: 1, received: 1 }),
  };
  const startTraining = vi.fn(async () => leg);
  const phone = { store: phoneStore, startTraining } as unknown as Phone;
  const phoneRef = createStore<Phone | null, never>((s) => s, phone);
  const panel = createStore(verificationReducer, initialVerification);
  const session$ = createStore<SessionState, never>((s) => s, {
    status: 'signed-in',
    agent: demoAgent,
    signingOut: false,
    problem: null,
  });
  const basic: string[][] = [];
  let clock = 1_000;
  const training = createTrainingController({
    api,
    phone: phoneRef,
    verification: panel,
    session: session$,
    createRunner,
    captionOf: (prompt, who) => `${who.name}: ${prompt}`,
    detailsStated: (prompt, who) =>
      prompt === 'give-details' ? { mobile: who.mobile, nationalId: who.nationalId } : null,
    submitBasic: (mobile, nationalId) => (basic.push([mobile, nationalId]), true),
    language: () => 'zh-CN',
    now: () => clock,
    sleep: async () => undefined,
    drill,
  });
  const stop = training.start();
  const tick = (ms: number) => (clock += ms);
  const act = (action: VerificationAction) => panel.dispatch(action);
  return {
    api,
    training,
    phoneStore,
    leg,
    startTraining,
    panel,
    act,
    tick,
    stop,
    basic,
    drill,
    end: () => ended,
  };
}

/** The panel as the agent moves it: the call, the session, the checks. */
function panelCall(act: (a: VerificationAction) => void) {
  const panelCall = {
    id: CALL_ID,
    number: '17000000101',
    displayName: '李明',
    callerIdSource: 'pai' as const,
    direction: 'inbound' as const,
    answered: true,
    training: true,
  };
  act({ type: 'call-started', call: panelCall, lookup: false });
  act({ type: 'call-answered', callId: CALL_ID });
}

describe('the training trace from the panel', () => {
  it('names the business, each check, the keypad and the status, in order', () => {
    const before = { ...initialVerification };
    const opened = verificationReducer(
      verificationReducer(before, {
        type: 'call-started',
        call: {
          id: CALL_ID,
          number: '1',
          displayName: null,
          callerIdSource: 'pai',
          direction: 'inbound',
          answered: true,
        },
        lookup: false,
      }),
      { type: 'session-loaded', session: session('fund-transfer') },
    );
    expect(traceBetween(before, opened, 5)).toEqual([
      { kind: 'business', business: 'fund-transfer', at: 5 },
      { kind: 'status', status: 'in-progress', at: 5 },
    ]);
    const checked = verificationReducer(opened, {
      type: 'checked',
      action: 'basic',
      response: { ...session('fund-transfer'), result: 'passed', attemptsLeft: null } as never,
      at: 9,
    });
    expect(traceBetween(opened, checked, 9)).toEqual([
      { kind: 'check', step: 'basic', result: 'passed', at: 9 },
    ]);
    const keypad = verificationReducer(checked, { type: 'keypad-opened', purpose: 'password' });
    expect(traceBetween(checked, keypad, 12)).toEqual([
      { kind: 'keypad', purpose: 'password', at: 12 },
    ]);
  });
});

describe('a training call', () => {
  it('rings with the scenario caller, and the customer answers what the agent does', async () => {
    const t = setup();
    await t.training.startScenario('routine-enquiry');
    expect(t.startTraining).toHaveBeenCalledWith(
      expect.objectContaining({ callerNumber: '17000000101', callerIdSource: 'pai' }),
    );
    t.phoneStore.dispatch({ call: call(false) });
    expect(t.training.store.getState().call).toMatchObject({ callId: CALL_ID, phase: 'ringing' });
    t.phoneStore.dispatch({ call: call(true) });
    expect(t.training.store.getState().call?.phase).toBe('talking');

    t.tick(2_000);
    t.training.say('greeting');
    await settle();
    expect(t.leg.say).toHaveBeenCalledWith('./training-audio/zh-CN/tc-li/intent-enquiry.wav');
    expect(t.training.store.getState().call?.caption).toBe('李明: intent-enquiry');

    // The panel asks for the transaction password: the customer keys their own, then #.
    panelCall(t.act);
    t.act({ type: 'session-loaded', session: session('fund-transfer', { nextStep: 'password' }) });
    t.act({ type: 'keypad-opened', purpose: 'password' });
    await settle();
    expect(t.leg.key).toHaveBeenCalledWith('845129#');
    // Never in the training store.
    expect(JSON.stringify(t.training.store.getState())).not.toContain('845129');

    t.act({ type: 'keypad-closed' });
    t.act({
      type: 'otp-sent',
      response: { ...session('fund-transfer', { nextStep: 'otp' }), result: 'sent' } as never,
      otp: { expiresAt: 1e13, resendAvailableAt: 0 },
      at: 1,
    });
    t.act({ type: 'keypad-opened', purpose: 'otp' });
    await settle();
    await settle();
    expect(t.api.callsTo('training:passcode')).toHaveLength(1);
    expect(t.leg.key).toHaveBeenLastCalledWith('482913');

    t.training.say('goodbye');
    await settle();
    await settle();
    expect(t.leg.hangup).toHaveBeenCalled();
    const posted = t.api.callsTo('training:result')[0] as { events: { kind: string }[] };
    expect(posted).toMatchObject({ scenarioId: 'routine-enquiry', sessionId: session().id });
    expect(posted.events.map((e) => e.kind)).toEqual([
      'answered',
      'said',
      'business',
      'status',
      'keypad',
      'check',
      'keypad',
      'said',
      'ended',
    ]);
    expect(t.training.store.getState().report).toEqual(result);
    t.stop();
  });

  it('enters the details the customer stated into the basic check, once, never in the store', async () => {
    const t = setup();
    await t.training.startScenario('routine-enquiry');
    t.phoneStore.dispatch({ call: call(true) });
    t.training.enterStated();
    expect(t.basic).toEqual([]);
    t.training.say('ask-details');
    await settle();
    expect(t.training.store.getState().call?.stated).toBe(true);
    expect(JSON.stringify(t.training.store.getState())).not.toContain(customer.nationalId);
    t.training.enterStated();
    t.training.enterStated();
    expect(t.basic).toEqual([[customer.mobile, customer.nationalId]]);
    expect(t.training.store.getState().call?.stated).toBe(false);
  });

  it("drills the outage from the scenario's point until the call ends", async () => {
    const t = setup({ ...scenario, outageAfter: 'basic' });
    await t.training.startScenario('routine-enquiry');
    t.phoneStore.dispatch({ call: call(true) });
    panelCall(t.act);
    t.act({ type: 'session-loaded', session: session('enquiry') });
    expect(t.drill.getState()).toBe(false);
    t.act({
      type: 'checked',
      action: 'basic',
      response: { ...session('enquiry', { nextStep: 'confirmation' }), result: 'passed' } as never,
      at: 1,
    });
    expect(t.drill.getState()).toBe(true);
    t.end()?.('customer');
    expect(t.drill.getState()).toBe(false);
  });

  it('pauses, and scores nothing, when a live call takes the line', async () => {
    const t = setup();
    await t.training.startScenario('routine-enquiry');
    t.phoneStore.dispatch({ call: call(true) });
    t.end()?.('live-call');
    await settle();
    expect(t.training.store.getState()).toMatchObject({
      call: null,
      paused: { scenarioId: 'routine-enquiry' },
    });
    expect(t.api.callsTo('training:result')).toEqual([]);
    // Not while the live call is up; once it ended, one call takes the scenario from its start.
    await t.training.restartPaused();
    expect(t.startTraining).toHaveBeenCalledOnce();
    t.phoneStore.dispatch({ call: null });
    await t.training.restartPaused();
    expect(t.startTraining).toHaveBeenCalledTimes(2);
    expect(t.training.store.getState()).toMatchObject({
      paused: null,
      call: { scenarioId: 'routine-enquiry', phase: 'starting' },
    });
  });

  it('asks for the standing again when main says it changed (the records service is back)', async () => {
    const t = setup();
    let down = true;
    t.api.handlers['training:status'] = () =>
      down
        ? fail('unavailable', 'records service down')
        : ok({ username: 'agent01', courses: [], requiredCourse: null, clearedForLive: true });
    await t.training.refreshStatus();
    expect(t.training.store.getState()).toMatchObject({ statusUnknown: true });
    down = false;
    t.api.emit('phone:config-changed', {});
    await settle();
    expect(t.training.store.getState()).toMatchObject({
      status: { clearedForLive: true },
      statusUnknown: false,
    });
    t.stop();
  });

  it('refuses a scenario it does not know, and a phone without a training line', async () => {
    const t = setup();
    await t.training.startScenario('no-such');
    expect(t.training.store.getState().problem).toEqual({ action: 'start', code: 'not-found' });
    expect(t.startTraining).not.toHaveBeenCalled();
  });

  it('keys a wrong secret of the same length when the scenario says so', () => {
    expect(wrongOf('362514')).toBe('473625');
    expect(wrongOf('999999')).not.toBe('999999');
  });
});
