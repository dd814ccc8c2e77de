// The renderer's one door to the host (style.md §6): the Electron preload or the web host's bridge
// defines `window.agentDesk` before the app script runs, and this is the only module that reads it.
// Everything else receives the API from the React context below (or as a parameter), so a test
// can hand in a fake and no component can reach around the contract.
import { createContext, createElement, useContext, useEffect, useRef, type ReactNode } from 'react';
import type {
  AgentDeskApi,
  Channel,
  EventName,
  EventPayload,
  RequestOf,
  ResponseOf,
} from '../../common/contract.js';
import { fail, type Result } from '../../common/result.js';

declare global {
  interface Window {
    /** Set by the host before the app loads; absent when the page is opened in a plain browser. */
    readonly agentDesk?: AgentDeskApi;
  }
}

/**
 * Wraps the host's API so `invoke` always resolves to a Result. A transport failure (the web
 * host's socket dropped, a preload bug) would otherwise surface as a rejected promise that every
 * caller must remember to catch; as `internal` it takes the same error path as any other failure.
 * The rejection's own message is not kept: it could echo the request, and requests carry passwords.
 */
export function toSafeApi(raw: AgentDeskApi): AgentDeskApi {
  return {
    async invoke<C extends Channel>(
      channel: C,
      request: RequestOf<C>,
    ): Promise<Result<ResponseOf<C>>> {
      try {
        return await raw.invoke(channel, request);
      } catch {
        return fail('internal', `${channel}: the host did not answer`);
      }
    },
    on: (event, listener) => raw.on(event, listener),
  };
}

const looksLikeApi = (value: unknown): value is AgentDeskApi =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Partial<AgentDeskApi>).invoke === 'function' &&
  typeof (value as Partial<AgentDeskApi>).on === 'function';

let cached: AgentDeskApi | null | undefined;

/**
 * The host's API, or null when this page was not opened by Agent Desk (the caller shows a fatal
 * screen). Read once: the host defines it before any app code runs and never replaces it.
 */
export function getAgentDesk(): AgentDeskApi | null {
  if (cached === undefined) {
    const raw: unknown = typeof window === 'undefined' ? undefined : window.agentDesk;
    cached = looksLikeApi(raw) ? toSafeApi(raw) : null;
  }
  return cached;
}

const AgentDeskContext = createContext<AgentDeskApi | null>(null);

export function AgentDeskProvider({ api, children }: { api: AgentDeskApi; children?: ReactNode }) {
  return createElement(AgentDeskContext.Provider, { value: api }, children);
}

/** The API for the component tree; throws if a component is rendered outside the provider. */
export function useAgentDesk(): AgentDeskApi {
  const api = useContext(AgentDeskContext);
  if (!api) throw new Error('useAgentDesk() called outside <AgentDeskProvider>');
  return api;
}

/** Subscribes to a push from main for the component's lifetime; the latest listener is used. */
export function useAgentDeskEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): void {
  const api = useAgentDesk();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event]);
}
