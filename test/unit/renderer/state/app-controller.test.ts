// The renderer's effects against a fake host: what it asks main, what it does with the answers and
// pushes, and that the password goes to main once and nowhere else.
import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../common/result.js';
import {
  createAppController,
  type AppController,
} from '../../../../renderer/state/app-controller.js';
import { toSafeApi } from '../../../../renderer/platform/agent-desk.js';
import { demoAgent, fakeAgentDesk, settle, type FakeAgentDesk } from '../fake-agent-desk.js';

async function started(api: FakeAgentDesk = fakeAgentDesk()) {
  const onLanguage = vi.fn();
  const controller = createAppController(api, { onLanguage });
  const stop = controller.start();
  await settle();
  return { api, controller, onLanguage, stop };
}

const allState = (controller: AppController) =>
  JSON.stringify([
    controller.stores.session.getState(),
    controller.stores.settings.getState(),
    controller.stores.appInfo.getState(),
  ]);

describe('app controller: start', () => {
  it('subscribes to pushes before it asks for the initial state', () => {
    const api = fakeAgentDesk();
    const order: string[] = [];
    const on = api.on.bind(api);
    const invoke = api.invoke.bind(api);
    const spied = {
      ...api,
      on: ((event, listener) => (order.push(`on ${event}`), on(event, listener))) as typeof api.on,
      invoke: ((channel, request) => (
        order.push(channel),
        invoke(channel, request)
      )) as typeof api.invoke,
    };
    createAppController(spied).start();
    expect(order.slice(0, 2)).toEqual(['on agent:changed', 'on settings:changed']);
    expect(order.slice(2).sort()).toEqual(['app:info', 'auth:current', 'settings:get']);
  });

  it('loads the agent, the settings and the app info, and announces the language', async () => {
    const { controller, onLanguage } = await started();
    expect(controller.stores.session.getState()).toMatchObject({ status: 'signed-out' });
    expect(controller.stores.settings.getState()).toMatchObject({
      loaded: true,
      language: 'zh-CN',
    });
    expect(controller.stores.appInfo.getState().info).toMatchObject({
      version: '0.1.0',
      embeddedRecords: true,
    });
    expect(onLanguage).toHaveBeenCalledExactlyOnceWith('zh-CN');
  });

  it('starts in the language main has saved (it survives a restart)', async () => {
    const { onLanguage } = await started(
      fakeAgentDesk({
        'settings:get': () => ok({ values: { language: 'en' }, locked: ['language'] }),
      }),
    );
    expect(onLanguage).toHaveBeenCalledExactlyOnceWith('en');
  });

  it('starts signed in when main already has a session', async () => {
    const { controller } = await started(
      fakeAgentDesk({ 'auth:current': () => ok({ agent: demoAgent }) }),
    );
    expect(controller.stores.session.getState()).toMatchObject({
      status: 'signed-in',
      agent: demoAgent,
    });
  });

  it('still starts, in the default language, when main cannot read settings or info', async () => {
    const { controller, onLanguage } = await started(
      fakeAgentDesk({
        'settings:get': () => fail('internal', 'x'),
        'app:info': () => fail('internal', 'x'),
        'auth:current': () => fail('internal', 'x'),
      }),
    );
    expect(controller.stores.session.getState().status).toBe('signed-out');
    expect(controller.stores.settings.getState()).toMatchObject({
      loaded: true,
      language: 'zh-CN',
      problem: { action: 'load' },
    });
    expect(controller.stores.appInfo.getState().problem).toBe('internal');
    expect(onLanguage).toHaveBeenCalledWith('zh-CN');
  });

  it('stops listening when stopped', async () => {
    const { api, stop } = await started();
    expect(api.listenerCount()).toBe(2);
    stop();
    expect(api.listenerCount()).toBe(0);
  });
});

describe('app controller: sign-in', () => {
  it('signs in with the right password', async () => {
    const { api, controller } = await started();
    await controller.signIn(' agent01 ', 'demo-pass-1');
    expect(api.callsTo('auth:sign-in')).toEqual([{ username: 'agent01', password: 'demo-pass-1' }]);
    expect(controller.stores.session.getState()).toEqual({
      status: 'signed-in',
      agent: demoAgent,
      signingOut: false,
      problem: null,
    });
  });

  it('shows the service’s refusal and stays signed out', async () => {
    const { controller } = await started();
    await controller.signIn('agent01', 'not-the-password');
    expect(controller.stores.session.getState()).toMatchObject({
      status: 'signed-out',
      form: { submitting: false, problem: { source: 'service', code: 'invalid-credentials' } },
    });
  });

  it('keeps the password out of every store, whatever the outcome', async () => {
    const { controller } = await started();
    await controller.signIn('agent01', 'S3cret-wrong');
    expect(allState(controller)).not.toContain('S3cret-wrong');
    await controller.signIn('agent01', 'demo-pass-1');
    expect(allState(controller)).not.toContain('demo-pass-1');
  });

  it('catches an empty or malformed form without asking main', async () => {
    const { api, controller } = await started();
    await controller.signIn('', 'x');
    expect(controller.stores.session.getState()).toMatchObject({
      form: { problem: { source: 'form', reason: 'username-missing' } },
    });
    await controller.signIn('agent 01', 'x');
    expect(controller.stores.session.getState()).toMatchObject({
      form: { problem: { source: 'form', reason: 'username-format' } },
    });
    await controller.signIn('agent01', '');
    expect(controller.stores.session.getState()).toMatchObject({
      form: { problem: { source: 'form', reason: 'password-missing' } },
    });
    expect(api.callsTo('auth:sign-in')).toEqual([]);
  });

  it('sends one attempt at a time (a double click is one sign-in)', async () => {
    let release: () => void = () => {};
    const api = fakeAgentDesk({
      'auth:sign-in': () => new Promise((resolve) => (release = () => resolve(ok(demoAgent)))),
    });
    const { controller } = await started(api);
    const first = controller.signIn('agent01', 'demo-pass-1');
    expect(controller.stores.session.getState()).toMatchObject({ form: { submitting: true } });
    await controller.signIn('agent01', 'demo-pass-1');
    release();
    await first;
    expect(api.callsTo('auth:sign-in')).toHaveLength(1);
    expect(controller.stores.session.getState().status).toBe('signed-in');
  });

  it('shows the existing session when main says someone is already signed in', async () => {
    const api = fakeAgentDesk({ 'auth:sign-in': () => fail('conflict', 'already signed in') });
    const { controller } = await started(api);
    api.handlers['auth:current'] = () => ok({ agent: demoAgent });
    await controller.signIn('agent01', 'demo-pass-1');
    expect(controller.stores.session.getState()).toMatchObject({
      status: 'signed-in',
      agent: demoAgent,
    });
  });

  it('reports a host that does not answer as an internal error, not an exception', async () => {
    const api = fakeAgentDesk();
    const broken = toSafeApi({
      ...api,
      invoke: ((channel, request) =>
        channel === 'auth:sign-in'
          ? Promise.reject(new Error(`socket gone: ${JSON.stringify(request)}`))
          : api.invoke(channel, request)) as typeof api.invoke,
    });
    const controller = createAppController(broken);
    controller.start();
    await settle();
    await controller.signIn('agent01', 'demo-pass-1');
    expect(controller.stores.session.getState()).toMatchObject({
      form: { problem: { source: 'service', code: 'internal' } },
    });
    expect(allState(controller)).not.toContain('demo-pass-1');
  });
});

describe('app controller: pushes from main', () => {
  it('follows agent:changed (sign-in elsewhere, sign-out from the tray)', async () => {
    const { api, controller } = await started();
    api.emit('agent:changed', { agent: demoAgent });
    expect(controller.stores.session.getState()).toMatchObject({
      status: 'signed-in',
      agent: demoAgent,
    });
    api.emit('agent:changed', { agent: null });
    expect(controller.stores.session.getState()).toMatchObject({
      status: 'signed-out',
      form: { sessionEnded: true },
    });
  });

  it('follows settings:changed, language and lock', async () => {
    const { api, controller, onLanguage } = await started();
    api.emit('settings:changed', { values: { language: 'en' }, locked: ['language'] });
    expect(controller.stores.settings.getState()).toMatchObject({
      language: 'en',
      languageLocked: true,
    });
    expect(onLanguage).toHaveBeenLastCalledWith('en');
  });
});

describe('app controller: sign-out', () => {
  it('signs out', async () => {
    const { api, controller } = await started(
      fakeAgentDesk({ 'auth:current': () => ok({ agent: demoAgent }) }),
    );
    await controller.signOut();
    expect(api.callsTo('auth:sign-out')).toHaveLength(1);
    expect(controller.stores.session.getState()).toMatchObject({
      status: 'signed-out',
      form: { sessionEnded: false },
    });
  });

  it('stays signed in, with the reason, when main cannot sign out', async () => {
    const { controller } = await started(
      fakeAgentDesk({
        'auth:current': () => ok({ agent: demoAgent }),
        'auth:sign-out': () => fail('internal', 'x'),
      }),
    );
    await controller.signOut();
    expect(controller.stores.session.getState()).toMatchObject({
      status: 'signed-in',
      problem: 'internal',
      signingOut: false,
    });
  });

  it('waits for beforeSignOut (the phone stopping) before asking main, and signs out even if it fails', async () => {
    const api = fakeAgentDesk({ 'auth:current': () => ok({ agent: demoAgent }) });
    const order: string[] = [];
    const invoke = api.invoke.bind(api);
    const spied = {
      ...api,
      invoke: ((channel, request) => (
        order.push(channel),
        invoke(channel, request)
      )) as typeof api.invoke,
    };
    const controller = createAppController(spied, {
      beforeSignOut: async () => {
        order.push('beforeSignOut');
        await settle();
        throw new Error('phone would not stop');
      },
    });
    controller.start();
    await settle();
    await controller.signOut();
    expect(order.slice(order.indexOf('beforeSignOut'))).toEqual(['beforeSignOut', 'auth:sign-out']);
    expect(controller.stores.session.getState().status).toBe('signed-out');
  });
});

describe('app controller: language', () => {
  it('saves the choice in main and switches when main confirms', async () => {
    const { api, controller, onLanguage } = await started();
    await controller.setLanguage('en');
    expect(api.callsTo('settings:set')).toEqual([{ language: 'en' }]);
    expect(controller.stores.settings.getState()).toMatchObject({
      language: 'en',
      pendingLanguage: null,
    });
    expect(onLanguage.mock.calls).toEqual([['zh-CN'], ['en']]);
  });

  it('does not ask main when the language is locked by IT or unchanged', async () => {
    const { api, controller } = await started(
      fakeAgentDesk({
        'settings:get': () => ok({ values: { language: 'zh-CN' }, locked: ['language'] }),
      }),
    );
    await controller.setLanguage('en');
    await controller.setLanguage('zh-CN');
    expect(api.callsTo('settings:set')).toEqual([]);
  });

  it('keeps the current language and says why when main refuses', async () => {
    const { controller, onLanguage } = await started(
      fakeAgentDesk({ 'settings:set': () => fail('locked-by-policy', 'IT') }),
    );
    await controller.setLanguage('en');
    expect(controller.stores.settings.getState()).toMatchObject({
      language: 'zh-CN',
      languageLocked: true,
      problem: { action: 'change-language', code: 'locked-by-policy' },
    });
    expect(onLanguage.mock.calls).toEqual([['zh-CN']]);
  });
});

describe('app controller: notices', () => {
  it('dismisses a notice for this run', async () => {
    const notice = {
      id: 'settings-corrupt',
      level: 'warning' as const,
      key: 'settings-corrupt',
      params: { backup: '/x' },
    };
    const { controller } = await started(
      fakeAgentDesk({
        'app:info': () =>
          ok({
            version: '0.1.0',
            host: 'electron',
            recordsUrl: 'https://r.example',
            embeddedRecords: false,
            notices: [notice],
          }),
      }),
    );
    controller.dismissNotice('settings-corrupt');
    expect(controller.stores.appInfo.getState().dismissed).toEqual(['settings-corrupt']);
  });
});
