// A stand-in for `window.agentDesk` for renderer unit tests: scripted answers per channel, a log
// of every call, and `emit` to push an event as main would.
import type { AgentDeskApi, Channel, EventName, EventPayload, RequestOf, ResponseOf } from '../../../common/contract.js';
import type { AgentProfile } from '../../../common/domain.js';
import { fail, ok, type Result } from '../../../common/result.js';

type Handler<C extends Channel> = (request: RequestOf<C>) => Result<ResponseOf<C>> | Promise<Result<ResponseOf<C>>>;
export type FakeHandlers = { [C in Channel]?: Handler<C> };

export interface FakeAgentDesk extends AgentDeskApi {
  calls: { channel: Channel; request: unknown }[];
  callsTo(channel: Channel): unknown[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(): number;
  handlers: FakeHandlers;
}

export const demoAgent: AgentProfile = { username: 'agent01', name: '张伟', tier: 'agent' };

/** Main as it answers with no one signed in, language zh-CN, no policy, no notices. */
export function defaultHandlers(): FakeHandlers {
  let language: 'zh-CN' | 'en' = 'zh-CN';
  return {
    'app:info': () => ok({ version: '0.1.0', host: 'web', recordsUrl: 'http://127.0.0.1:8790', embeddedRecords: true, notices: [] }),
    'auth:current': () => ok({ agent: null }),
    'auth:sign-in': ({ username, password }) =>
      username === 'agent01' && password === 'demo-pass-1' ? ok(demoAgent) : fail('invalid-credentials', 'wrong username or password'),
    'auth:sign-out': () => ok({}),
    'settings:get': () => ok({ values: { language }, locked: [] }),
    'settings:set': (patch) => {
      language = patch.language ?? language;
      return ok({ values: { language }, locked: [] });
    },
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
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
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
