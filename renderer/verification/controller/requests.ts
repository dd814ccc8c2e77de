// Talking to main for the panel: one check through a `verify:*` channel (main asks the records
// service, the authority, and journals every step — Art. 11), the panel's config, and a session
// that came back. An answer that arrives after the call changed is dropped, never shown.
import type { AgentDeskApi, Channel, RequestOf, ResponseOf } from '../../../common/contract.js';
import type { CheckResponse, Verification } from '../../../common/records-api.js';
import type { Store } from '../../state/store.js';
import type { PanelAction, VerificationAction, VerificationState } from '../state.js';

/** What every part of the controller works with: the host, the panel's store, the clock. */
export interface PanelContext {
  readonly api: AgentDeskApi;
  readonly store: Store<VerificationState, VerificationAction>;
  now(): number;
}

export type CheckChannel =
  | 'verify:basic'
  | 'verify:password'
  | 'verify:password-forgotten'
  | 'verify:otp'
  | 'verify:method'
  | 'verify:confirm'
  | 'verify:request-approval'
  | 'verify:business'
  | 'verify:decline'
  | 'verify:callback-result';

export interface Requests {
  /** Runs one check; null when it failed (the store says why) or the call changed meanwhile. */
  check<C extends CheckChannel>(
    action: PanelAction,
    channel: C,
    request: RequestOf<C>,
  ): Promise<CheckResponse | null>;
  /** Reads the panel's config (company and department names) once, when it is not there yet. */
  loadConfig(): Promise<void>;
  /** A session came back (started, re-read or pushed): show it and follow it. */
  sessionLoaded(session: Verification): void;
}

/** `followSession` runs after every answer that may move the session (keypad, approval poll). */
export function createRequests(ctx: PanelContext, followSession: () => void): Requests {
  const { api, store } = ctx;
  const state = () => store.getState();
  let configLoading = false;

  async function check<C extends CheckChannel>(
    action: PanelAction,
    channel: C,
    request: RequestOf<C>,
  ): Promise<CheckResponse | null> {
    const callId = state().call?.id;
    store.dispatch({ type: 'request-started', action });
    const result = (await api.invoke(channel as Channel, request as never)) as
      { ok: true; value: ResponseOf<C> } | { ok: false; error: { code: never } };
    if (state().call?.id !== callId) return null;
    if (!result.ok) {
      store.dispatch({ type: 'request-failed', action, code: result.error.code, at: ctx.now() });
      return null;
    }
    const response = result.value as CheckResponse;
    store.dispatch({ type: 'checked', action, response, at: ctx.now() });
    followSession();
    return response;
  }

  return {
    check,
    async loadConfig() {
      if (configLoading || state().config) return;
      configLoading = true;
      const result = await api.invoke('verify:config', {});
      configLoading = false;
      store.dispatch(
        result.ok
          ? { type: 'config-loaded', config: result.value }
          : { type: 'config-failed', code: result.error.code },
      );
    },
    sessionLoaded(session) {
      store.dispatch({ type: 'session-loaded', session });
      followSession();
    },
  };
}
