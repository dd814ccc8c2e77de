// A stand-in for `window.agentDesk` for renderer unit tests: scripted answers per channel, a log
// of every call, and `emit` to push an event as main would.
import type {
  AgentDeskApi,
  Channel,
  EventName,
  EventPayload,
  RequestOf,
  ResponseOf,
} from '../../../common/contract.js';
import type { AgentProfile } from '../../../common/domain.js';
import { fail, ok, type Result } from '../../../common/result.js';

type Handler<C extends Channel> = (
  request: RequestOf<C>,
) => Result<ResponseOf<C>> | Promise<Result<ResponseOf<C>>>;
export type FakeHandlers = { [C in Channel]?: Handler<C> };

export interface FakeAgentDesk extends AgentDeskApi {
  calls: { channel: Channel; request: unknown }[];
  callsTo(channel: Channel): unknown[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(): number;
  handlers: FakeHandlers;
}

export const demoAgent: AgentProfile = { username: 'agent01', name: '张伟', tier: 'agent' };

export const TEST_SIP_PASSWORD = 'sip-pw-Q7x-test';
export const DEFAULT_TEST_SHORTCUTS = {
  answer: 'Ctrl+Shift+A',
  hangup: 'Ctrl+Shift+H',
  hold: 'Ctrl+Shift+O',
  mute: 'Ctrl+Shift+M',
};

/**
 * What `phone:config` answers in renderer tests: an account on the test proxy, defaults otherwise.
 */
export const testPhoneConfig = () => ({
  account: {
    wsUrl: 'ws://127.0.0.1:5066',
    domain: '127.0.0.1',
    user: '1001',
    password: TEST_SIP_PASSWORD,
  },
  iceServers: [],
  trustedProxies: ['127.0.0.1'],
  dtmfMode: 'info' as const,
  keepAliveSeconds: 25,
  wrapUpSeconds: 30,
  shortcuts: { ...DEFAULT_TEST_SHORTCUTS },
  devices: { microphoneId: 'default', speakerId: 'default', ringerId: 'default' },
});

/** Main as it answers with no one signed in, language zh-CN, no policy, no notices. */
export function defaultHandlers(): FakeHandlers {
  let language: 'zh-CN' | 'en' = 'zh-CN';
  return {
    'app:info': () =>
      ok({
        version: '0.1.0',
        host: 'web',
        recordsUrl: 'http://127.0.0.1:8790',
        embeddedRecords: true,
        notices: [],
      }),
    'auth:current': () => ok({ agent: null }),
    'auth:sign-in': ({ username, password }) =>
      username === 'agent01' && password === 'demo-pass-1'
        ? ok(demoAgent)
        : fail('invalid-credentials', 'wrong username or password'),
    'auth:sign-out': () => ok({}),
    'settings:get': () => ok({ values: { language }, locked: [] }),
    'settings:set': (patch) => {
      language = patch.language ?? language;
      return ok({ values: { language }, locked: [] });
    },
    'phone:config': () => ok(testPhoneConfig()),
    'phone:preferences': () =>
      ok({
        microphoneExplained: true,
        locked: [],
        defaultShortcuts: { ...DEFAULT_TEST_SHORTCUTS },
      }),
    'phone:microphone-explained': () =>
      ok({
        microphoneExplained: true,
        locked: [],
        defaultShortcuts: { ...DEFAULT_TEST_SHORTCUTS },
      }),
    'phone:history': () => ok({ calls: [] }),
    'phone:event': () => ok({}),
    'phone:set-devices': (patch) =>
      ok({ microphoneId: 'default', speakerId: 'default', ringerId: 'default', ...patch }),
    'phone:set-shortcuts': (shortcuts) => ok(shortcuts),
    'phone:call-active': () => ok({}),
  };
}

export function fakeAgentDesk(overrides: FakeHandlers = {}): FakeAgentDesk {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: Channel; request: unknown }[] = [];
  const handlers: FakeHandlers = { ...defaultHandlers(), ...overrides };
  return {
    calls,
    handlers,
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    async invoke<C extends Channel>(
      channel: C,
      request: RequestOf<C>,
    ): Promise<Result<ResponseOf<C>>> {
      calls.push({ channel, request });
      const handler = handlers[channel] as Handler<C> | undefined;
      if (!handler) return fail('unknown-channel', channel);
      return handler(request);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
}

/** Lets every pending promise callback run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
