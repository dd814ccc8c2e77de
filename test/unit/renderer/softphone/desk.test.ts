// The softphone desk against a fake host and a fake engine: when the phone starts and stops, what
// goes to main and when, click-to-dial, shortcuts, notifications, and that the SIP password and
// keypad digits never land in a store.
import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../common/result.js';
import type { PhoneEvent } from '../../../../common/phone.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import {
  AUTO_DIAL_WINDOW_MS,
  createDesk,
  type DeskPhoneDeps,
  type KeyEventLike,
  type KeyTarget,
} from '../../../../renderer/softphone/desk.js';
import type { IncomingNotifier } from '../../../../renderer/softphone/notifications.js';
import {
  demoAgent,
  fakeAgentDesk,
  settle,
  TEST_SIP_PASSWORD,
  testPhoneConfig,
  type FakeAgentDesk,
  type FakeHandlers,
} from '../fake-agent-desk.js';
import { activeCall, callRecord, fakePhone, type FakePhone } from './fake-phone.js';

function keyTarget() {
  const listeners = new Set<(event: KeyEventLike) => void>();
  const target: KeyTarget & { press(code: string, mods?: Partial<KeyEventLike>): KeyEventLike } = {
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    press(code, mods = {}) {
      const event = {
        code,
        key: mods.key ?? code,
        ctrlKey: false,
        altKey: false,
        shiftKey: false,
        metaKey: false,
        repeat: false,
        isComposing: false,
        preventDefault: vi.fn(),
        ...mods,
      };
      for (const listener of listeners) listener(event);
      return event;
    },
  };
  return target;
}

function notifier(): IncomingNotifier & {
  shown: { tag: string; body: string }[];
  closed: number;
  asked: number;
} {
  const n = {
    shown: [] as { tag: string; body: string }[],
    closed: 0,
    asked: 0,
    show: (tag: string, text: { body: string }) => void n.shown.push({ tag, body: text.body }),
    close: () => void (n.closed += 1),
    requestPermission: async () => void (n.asked += 1),
  };
  return n;
}

async function setup(
  options: {
    handlers?: FakeHandlers;
    signedIn?: boolean;
    focused?: boolean;
    phone?: FakePhone;
  } = {},
) {
  const api: FakeAgentDesk = fakeAgentDesk({
    'auth:current': () => ok({ agent: options.signedIn === false ? null : demoAgent }),
    ...options.handlers,
  });
  const controller = createAppController(api, {});
  const phones: FakePhone[] = [];
  const deps: DeskPhoneDeps[] = [];
  const keys = keyTarget();
  const notes = notifier();
  let clock = 1_000_000;
  let focused = options.focused ?? true;
  const desk = createDesk({
    api,
    session: controller.stores.session,
    createPhone: (d) => {
      deps.push(d);
      const phone = phones.length === 0 && options.phone ? options.phone : fakePhone();
      phones.push(phone);
      return phone;
    },
    keys,
    notifier: notes,
    notificationText: (digits) => ({ title: 'call', body: `ending ${digits}` }),
    hasFocus: () => focused,
    now: () => clock,
  });
  const stopDesk = desk.start();
  controller.start();
  await settle();
  await settle();
  return {
    api,
    controller,
    desk,
    phones,
    deps,
    keys,
    notes,
    stopDesk,
    phone: () => phones.at(-1)!,
    tick: (ms: number) => void (clock += ms),
    setFocused: (value: boolean) => void (focused = value),
  };
}

const allStores = (t: Awaited<ReturnType<typeof setup>>) =>
  JSON.stringify([t.desk.store.getState(), t.controller.stores.session.getState()]);

describe('desk: the phone follows the session', () => {
  it('stays off while signed out, starts after sign-in with main’s config, and keeps the password out of every store', async () => {
    const t = await setup({ signedIn: false });
    expect(t.phones).toHaveLength(0);
    expect(t.api.callsTo('phone:config')).toHaveLength(0);
    expect(t.desk.store.getState().phase).toBe('off');

    await t.controller.signIn('agent01', 'demo-pass-1');
    await settle();
    await settle();
    expect(t.phones).toHaveLength(1);
    expect(t.phone().start).toHaveBeenCalledWith(
      expect.objectContaining({
        account: expect.objectContaining({ user: '1001', password: TEST_SIP_PASSWORD }),
      }),
    );
    expect(t.desk.store.getState()).toMatchObject({
      phase: 'running',
      account: '1001',
      shortcuts: { answer: 'Ctrl+Shift+A' },
    });
    expect(t.desk.phone.getState()).toBe(t.phone());
    expect(allStores(t)).not.toContain(TEST_SIP_PASSWORD);
  });

  it('hands the engine main’s call history', async () => {
    const calls = [callRecord()];
    const t = await setup({ handlers: { 'phone:history': () => ok({ calls }) } });
    expect(t.deps[0]!.initialHistory).toEqual(calls);
  });

  it('starts with no history (and says so) when main cannot give it', async () => {
    const t = await setup({ handlers: { 'phone:history': () => fail('internal', 'x') } });
    expect(t.phones).toHaveLength(1);
    expect(t.deps[0]!.initialHistory).toEqual([]);
    expect(t.desk.store.getState().historyProblem).toBe('internal');
  });

  it('explains the microphone first, once: no config, no engine until the agent continues', async () => {
    let explained = false;
    const t = await setup({
      handlers: {
        'phone:preferences': () =>
          ok({
            microphoneExplained: explained,
            locked: [],
            defaultShortcuts: { answer: '', hangup: '', hold: '', mute: '' },
          }),
        'phone:microphone-explained': () => {
          explained = true;
          return ok({
            microphoneExplained: true,
            locked: [],
            defaultShortcuts: { answer: '', hangup: '', hold: '', mute: '' },
          });
        },
      },
    });
    expect(t.desk.store.getState().phase).toBe('explain-microphone');
    expect(t.phones).toHaveLength(0);
    expect(t.api.callsTo('phone:config')).toHaveLength(0);
    await t.desk.acknowledgeMicrophone();
    expect(t.notes.asked).toBe(1);
    expect(t.api.callsTo('phone:microphone-explained')).toHaveLength(1);
    expect(t.phones).toHaveLength(1);
    expect(t.desk.store.getState().phase).toBe('running');
  });

  it('shows why the phone did not start, and starts on retry', async () => {
    let answer: 'fail' | 'ok' = 'fail';
    const t = await setup({
      handlers: {
        'phone:config': () => (answer === 'fail' ? fail('unavailable', 'x') : ok(fakeConfig())),
      },
    });
    expect(t.desk.store.getState()).toMatchObject({ phase: 'failed', problem: 'unavailable' });
    answer = 'ok';
    await t.desk.retry();
    expect(t.desk.store.getState().phase).toBe('running');
  });

  it('stops the engine before main is asked to sign out, and again runs it if the sign-out fails', async () => {
    let signOutWorks = false;
    const order: string[] = [];
    const api = fakeAgentDesk({
      'auth:current': () => ok({ agent: demoAgent }),
      'auth:sign-out': () => {
        order.push('auth:sign-out');
        return signOutWorks ? ok({}) : fail('unavailable', 'x');
      },
    });
    const phone = fakePhone();
    phone.stop = vi.fn(async () => void order.push('phone.stop'));
    let desk: ReturnType<typeof createDesk> | null = null;
    const controller = createAppController(api, { beforeSignOut: () => desk!.beforeSignOut() });
    let created = 0;
    desk = createDesk({
      api,
      session: controller.stores.session,
      createPhone: () => (created++ === 0 ? phone : fakePhone()),
    });
    desk.start();
    controller.start();
    await settle();
    await settle();
    await controller.signOut();
    expect(order).toEqual(['phone.stop', 'auth:sign-out']);
    await settle();
    await settle();
    expect(created).toBe(2); // the failed sign-out left the agent signed in: the phone is back
    signOutWorks = true;
    await controller.signOut();
    await settle();
    expect(desk.store.getState().phase).toBe('off');
    expect(desk.phone.getState()).toBeNull();
  });
});

const fakeConfig = () => ({
  account: null,
  iceServers: [],
  trustedProxies: [],
  dtmfMode: 'info' as const,
  keepAliveSeconds: 25,
  wrapUpSeconds: 30,
  shortcuts: { answer: 'F8', hangup: 'F9', hold: '', mute: '' },
  devices: { microphoneId: 'default', speakerId: 'default', ringerId: 'default' },
});

describe('desk: what goes to main', () => {
  it('sends every engine report to phone:event', async () => {
    const t = await setup();
    const event: PhoneEvent = { type: 'agent-state', state: 'break', reason: null };
    t.deps[0]!.report(event);
    expect(t.api.callsTo('phone:event')).toEqual([event]);
  });

  it('tells the shell a call is live in the task after it rings (its caller ID first), and at once when it ends', async () => {
    const t = await setup();
    const phone = t.phone();
    phone.set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    expect(t.desk.callLive.getState()).toBe(false);
    await settle();
    expect(t.desk.callLive.getState()).toBe(true);
    phone.set({ call: null });
    expect(t.desk.callLive.getState()).toBe(false);
    // Rung and gone within one task: the shell never saw it live, and does not later.
    phone.set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    phone.set({ call: null });
    await settle();
    expect(t.desk.callLive.getState()).toBe(false);
  });

  it('says phone:call-active once when a call connects and once when it ends', async () => {
    const t = await setup();
    const phone = t.phone();
    phone.set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    expect(t.api.callsTo('phone:call-active')).toEqual([]);
    phone.set({ call: activeCall({ phase: 'connected' }) });
    phone.set({ call: activeCall({ phase: 'held' }) });
    phone.set({ call: activeCall({ phase: 'connected', muted: true }) });
    phone.set({ call: null });
    expect(t.api.callsTo('phone:call-active')).toEqual([{ active: true }, { active: false }]);
    expect(t.desk.callLive.getState()).toBe(false);
  });

  it('an update’s restart: the phone stops taking calls and stops, and comes back if refused', async () => {
    const t = await setup();
    const first = t.phone();
    expect(await t.desk.pauseForUpdate()).toBe(true);
    expect(first.stopTakingCalls).toHaveBeenCalledOnce();
    expect(t.desk.store.getState().phase).not.toBe('running');
    await t.desk.resumeAfterUpdate();
    await settle();
    expect(t.phones).toHaveLength(2);
    expect(t.desk.store.getState().phase).toBe('running');
  });

  it('an update’s restart with a call on the line: the phone keeps running', async () => {
    const t = await setup();
    vi.mocked(t.phone().stopTakingCalls).mockResolvedValueOnce(false);
    expect(await t.desk.pauseForUpdate()).toBe(false);
    expect(t.phone().stop).not.toHaveBeenCalled();
    expect(t.desk.store.getState().phase).toBe('running');
  });

  it('releases the power blocker when the phone stops mid-call', async () => {
    const t = await setup();
    t.phone().set({ call: activeCall() });
    await settle();
    expect(t.desk.callLive.getState()).toBe(true);
    await t.desk.beforeSignOut();
    expect(t.api.callsTo('phone:call-active')).toEqual([{ active: true }, { active: false }]);
    expect(t.desk.callLive.getState()).toBe(false);
  });

  it('saves the devices the agent chose (the engine says when), and shows a failure to save', async () => {
    const t = await setup({ handlers: { 'phone:set-devices': () => fail('internal', 'x') } });
    t.desk.selectDevice('microphone', 'mic-1');
    expect(t.phone().selectDevice).toHaveBeenCalledWith('microphone', 'mic-1');
    t.deps[0]!.onDevicesChosen({
      microphoneId: 'mic-1',
      speakerId: 'default',
      ringerId: 'default',
    });
    await settle();
    expect(t.api.callsTo('phone:set-devices')).toEqual([
      { microphoneId: 'mic-1', speakerId: 'default', ringerId: 'default' },
    ]);
    expect(t.desk.store.getState().saveProblem).toEqual({ what: 'devices', code: 'internal' });
  });

  it('nudges the engine on OS resume and refetches the config when main says it changed', async () => {
    let shortcuts = { answer: 'Ctrl+Shift+A', hangup: '', hold: '', mute: '' };
    const t = await setup({
      handlers: { 'phone:config': () => ok({ ...fakeConfig(), shortcuts }) },
    });
    t.api.emit('phone:resume', {});
    expect(t.phone().nudge).toHaveBeenCalledWith('resume');
    shortcuts = { ...shortcuts, answer: 'F8' };
    t.api.emit('phone:config-changed', {});
    await settle();
    expect(t.desk.store.getState().shortcuts.answer).toBe('F8');
  });
});

describe('desk: the live line coming or going', () => {
  it('starts the engine afresh when main says the account came (a training course passed)', async () => {
    let account: ReturnType<typeof testPhoneConfig>['account'] | null = null;
    const t = await setup({
      handlers: { 'phone:config': () => ok({ ...fakeConfig(), account }) },
    });
    expect(t.phones).toHaveLength(1);
    expect(t.phone().start).toHaveBeenLastCalledWith(expect.objectContaining({ account: null }));
    account = testPhoneConfig().account;
    t.api.emit('phone:config-changed', {});
    for (let i = 0; i < 10; i += 1) await settle();
    expect(t.phones).toHaveLength(2);
    expect(t.phones[0]!.stop).toHaveBeenCalled();
    expect(t.phone().start).toHaveBeenLastCalledWith(expect.objectContaining({ account }));
  });
});

describe('desk: dialling', () => {
  it('dials what was typed, normalized, and refuses what is not a number', async () => {
    const t = await setup();
    t.desk.setDialInput('138 1234-5678');
    await t.desk.dial();
    expect(t.phone().dial).toHaveBeenCalledWith('13812345678');
    t.desk.setDialInput('call mom!');
    await t.desk.dial();
    expect(t.desk.store.getState().dial.problem).toBe('invalid');
    expect(t.phone().dial).toHaveBeenCalledTimes(1);
  });

  it('does not dial while the line is down or a call is live', async () => {
    const t = await setup();
    t.phone().set({ registration: { kind: 'connecting', attempt: 2 } });
    t.desk.setDialInput('2001');
    await t.desk.dial();
    expect(t.desk.store.getState().dial.problem).toBe('not-registered');
    t.phone().set({ registration: { kind: 'registered', since: 0 }, call: activeCall() });
    await t.desk.redial('2001');
    expect(t.desk.store.getState().dial.problem).toBe('busy');
    expect(t.phone().dial).not.toHaveBeenCalled();
  });

  it('click-to-dial: dials at once on a free line', async () => {
    const t = await setup();
    t.api.emit('phone:dial', { target: '+861088880000' });
    expect(t.phone().dial).toHaveBeenCalledWith('+861088880000');
  });

  it('click-to-dial: during a call only fills in the number, never dials over the customer', async () => {
    const t = await setup();
    t.phone().set({ call: activeCall() });
    t.api.emit('phone:dial', { target: '2001' });
    expect(t.phone().dial).not.toHaveBeenCalled();
    t.phone().set({ call: null });
    expect(t.phone().dial).not.toHaveBeenCalled();
    expect(t.desk.store.getState().dial).toMatchObject({
      input: '2001',
      fromLink: true,
      pending: null,
    });
  });

  it('click-to-dial before sign-in or registration: dials when the line comes up, if soon', async () => {
    const t = await setup({ signedIn: false });
    t.desk.requestDial('tel:10086');
    expect(t.desk.store.getState().dial).toMatchObject({ input: '10086', fromLink: true });
    await t.controller.signIn('agent01', 'demo-pass-1');
    await settle();
    await settle();
    expect(t.phone().dial).toHaveBeenCalledWith('10086');
  });

  it('click-to-dial: a line that comes up too late leaves the number for the agent to confirm', async () => {
    const t = await setup();
    t.phone().set({ registration: { kind: 'failed', reason: 'timeout' } });
    t.desk.requestDial('2001');
    t.tick(AUTO_DIAL_WINDOW_MS + 1);
    t.phone().set({ registration: { kind: 'registered', since: 0 } });
    expect(t.phone().dial).not.toHaveBeenCalled();
    expect(t.desk.store.getState().dial).toMatchObject({
      input: '2001',
      fromLink: true,
      pending: null,
    });
  });

  it('ignores click-to-dial targets that are not numbers', async () => {
    const t = await setup();
    t.desk.requestDial('javascript:alert(1)');
    expect(t.phone().dial).not.toHaveBeenCalled();
    expect(t.desk.store.getState().dial.input).toBe('');
  });
});

describe('desk: in a call', () => {
  it('transfers blind to a valid target, refuses an invalid one', async () => {
    const t = await setup();
    t.phone().set({ call: activeCall() });
    t.desk.setTransferOpen(true);
    t.desk.setTransferTarget('no way');
    t.desk.blindTransfer();
    expect(t.desk.store.getState().transfer.problem).toBe('invalid');
    t.desk.setTransferTarget('3001');
    t.desk.blindTransfer();
    expect(t.phone().blindTransfer).toHaveBeenCalledWith('3001');
    expect(t.desk.store.getState().transfer.open).toBe(false);
  });

  it('consults, then completes or cancels the attended transfer', async () => {
    const t = await setup();
    t.phone().set({ call: activeCall() });
    t.desk.setTransferTarget('3001');
    t.desk.startConsult();
    expect(t.phone().startConsult).toHaveBeenCalledWith('3001');
    t.desk.cancelConsult();
    expect(t.phone().cancelConsult).toHaveBeenCalled();
    t.desk.completeTransfer();
    expect(t.phone().completeAttendedTransfer).toHaveBeenCalled();
  });

  it('sends only keypad tones, and keeps none of them', async () => {
    const t = await setup();
    t.phone().set({ call: activeCall() });
    for (const tone of ['1', '#', '*', 'A', '12', '<']) t.desk.sendTone(tone);
    expect(vi.mocked(t.phone().sendDtmf).mock.calls).toEqual([['1'], ['#'], ['*']]);
    expect(allStores(t)).not.toMatch(/"[1#*]"/);
  });

  it('toggles hold and mute from the call’s own state', async () => {
    const t = await setup();
    t.phone().set({ call: activeCall({ phase: 'held', muted: true }) });
    t.desk.toggleHold();
    t.desk.toggleMute();
    expect(t.phone().hold).toHaveBeenCalledWith(false);
    expect(t.phone().mute).toHaveBeenCalledWith(false);
  });

  it('attaches the given secure-entry consumer, replaces an earlier one, and releases it when the call is over; digits never reach a store', async () => {
    const t = await setup();
    // No call: nothing to listen to.
    expect(t.desk.attachSecureEntry({ onDigit: () => {} })).toBeNull();
    t.phone().set({ call: activeCall() });
    const heard: string[] = [];
    const first = t.desk.attachSecureEntry({ onDigit: () => {} });
    const second = t.desk.attachSecureEntry({ onDigit: (digit) => heard.push(digit) });
    expect(first).not.toBeNull();
    expect(t.phone().consumers).toHaveLength(2);
    expect(t.phone().released).toBe(1); // the first went when the second came
    first!(); // releasing an old one again does nothing
    expect(t.phone().released).toBe(1);
    t.phone().consumers[1]!.onDigit('7');
    expect(heard).toEqual(['7']);
    t.phone().set({ secureEntry: { active: true, digitCount: 1 } });
    expect(allStores(t)).not.toContain('"7"');
    t.phone().set({ call: null });
    expect(t.phone().released).toBe(2);
    second!();
    expect(t.phone().released).toBe(2);
  });

  it('stops the attached consumer on request', async () => {
    const t = await setup();
    t.phone().set({ call: activeCall() });
    t.desk.attachSecureEntry({ onDigit: () => {} });
    t.desk.stopSecureEntry();
    t.desk.stopSecureEntry();
    expect(t.phone().released).toBe(1);
  });

  it('changes the agent state from the select’s value, and ignores nonsense', async () => {
    const t = await setup();
    t.desk.setAgentState('not-ready:training');
    t.desk.setAgentState('asleep');
    expect(vi.mocked(t.phone().setAgentState).mock.calls).toEqual([['not-ready', 'training']]);
  });

  it('follows a team lead’s not-ready order: the agent state changes, the order is kept for the banner', async () => {
    const t = await setup();
    const order = { reason: 'meeting' as const, by: '王丽', at: '2026-12-06T08:00:00.000Z' };
    t.api.emit('desk:not-ready-ordered', order);
    expect(vi.mocked(t.phone().setAgentState).mock.calls).toEqual([['not-ready', 'meeting']]);
    expect(t.desk.store.getState().notReadyOrder).toEqual(order);
    t.desk.dismissNotReadyOrder();
    expect(t.desk.store.getState().notReadyOrder).toBeNull();
  });

  it('dismisses the engine’s notice and error through its store', async () => {
    const t = await setup();
    t.desk.dismissDeviceNotice();
    t.desk.dismissPhoneError();
    expect(t.phone().uiActions).toEqual([
      { type: 'notice-dismissed' },
      { type: 'error-dismissed' },
    ]);
  });
});

describe('desk: keyboard shortcuts', () => {
  it('answers a ringing call and toggles hold with the configured keys; ignores repeats and IME composition', async () => {
    const t = await setup();
    const phone = t.phone();
    phone.set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    t.keys.press('KeyA', { ctrlKey: true, shiftKey: true, repeat: true });
    t.keys.press('KeyA', { ctrlKey: true, shiftKey: true, isComposing: true });
    expect(phone.answer).not.toHaveBeenCalled();
    const event = t.keys.press('KeyA', { ctrlKey: true, shiftKey: true });
    expect(phone.answer).toHaveBeenCalledTimes(1);
    expect(event.preventDefault).toHaveBeenCalled();
    phone.set({ call: activeCall() });
    t.keys.press('KeyO', { ctrlKey: true, shiftKey: true });
    expect(phone.hold).toHaveBeenCalledWith(true);
    const stray = t.keys.press('KeyA', { ctrlKey: true });
    expect(stray.preventDefault).not.toHaveBeenCalled();
  });

  it('hang-up key declines a ringing call and ends a live one', async () => {
    const t = await setup();
    t.phone().set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    t.keys.press('KeyH', { ctrlKey: true, shiftKey: true });
    expect(t.phone().reject).toHaveBeenCalled();
    t.phone().set({ call: activeCall() });
    t.keys.press('KeyH', { ctrlKey: true, shiftKey: true });
    expect(t.phone().hangup).toHaveBeenCalled();
  });

  it('records a new combination, saves it through main and uses it from then on', async () => {
    const t = await setup();
    t.desk.recordShortcut('mute');
    t.keys.press('ControlLeft', { ctrlKey: true });
    expect(t.desk.store.getState().recording).toBe('mute');
    t.keys.press('KeyK', { ctrlKey: true, altKey: true });
    await settle();
    expect(t.api.callsTo('phone:set-shortcuts').at(-1)).toMatchObject({ mute: 'Ctrl+Alt+K' });
    expect(t.desk.store.getState()).toMatchObject({
      recording: null,
      shortcuts: { mute: 'Ctrl+Alt+K' },
    });
    t.phone().set({ call: activeCall() });
    t.keys.press('KeyK', { ctrlKey: true, altKey: true });
    expect(t.phone().mute).toHaveBeenCalledWith(true);
  });

  it('refuses reserved and duplicate combinations without asking main; Esc cancels', async () => {
    const t = await setup();
    t.desk.recordShortcut('mute');
    t.keys.press('KeyC', { ctrlKey: true });
    expect(t.desk.store.getState().shortcutProblem).toEqual({
      action: 'mute',
      problem: 'reserved',
    });
    t.desk.recordShortcut('mute');
    t.keys.press('KeyA', { ctrlKey: true, shiftKey: true });
    expect(t.desk.store.getState().shortcutProblem).toEqual({
      action: 'mute',
      problem: 'duplicate',
    });
    t.desk.recordShortcut('hold');
    t.keys.press('Escape', { key: 'Escape' });
    expect(t.desk.store.getState().recording).toBeNull();
    expect(t.api.callsTo('phone:set-shortcuts')).toHaveLength(0);
  });

  it('clears one, restores the defaults, and shows main’s refusal (policy)', async () => {
    let locked = false;
    const t = await setup({
      handlers: { 'phone:set-shortcuts': (s) => (locked ? fail('locked-by-policy', 'x') : ok(s)) },
    });
    await t.desk.clearShortcut('hold');
    expect(t.desk.store.getState().shortcuts.hold).toBe('');
    await t.desk.resetShortcuts();
    expect(t.desk.store.getState().shortcuts.hold).toBe('Ctrl+Shift+O');
    locked = true;
    await t.desk.clearShortcut('hold');
    expect(t.desk.store.getState().saveProblem).toEqual({
      what: 'shortcuts',
      code: 'locked-by-policy',
    });
    expect(t.desk.store.getState().shortcuts.hold).toBe('Ctrl+Shift+O');
  });
});

describe('desk: desktop notification for a ringing call', () => {
  it('shows one (last four digits only) when the window is not focused, and closes it when ringing stops', async () => {
    const t = await setup({ focused: false });
    const call = activeCall({ phase: 'ringing', answeredAt: null });
    t.phone().set({ call });
    t.phone().set({ call: { ...call, muted: false, quality: [] } });
    expect(t.notes.shown).toEqual([{ tag: `call-${call.id}`, body: 'ending 5678' }]);
    expect(JSON.stringify(t.notes.shown)).not.toContain('13812345678');
    expect(JSON.stringify(t.notes.shown)).not.toContain('王');
    t.phone().set({ call: { ...call, phase: 'connected', answeredAt: 5 } });
    expect(t.notes.closed).toBe(1);
  });

  it('shows none while the agent is looking at the desk', async () => {
    const t = await setup({ focused: true });
    t.phone().set({ call: activeCall({ phase: 'ringing', answeredAt: null }) });
    expect(t.notes.shown).toEqual([]);
  });
});
