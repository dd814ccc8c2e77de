// The REGISTER side of one UserAgent: one sip.js Registerer at a time, replaced when it is stuck
// on a REGISTER lost with an old connection (sip-lab.md pitfall 6), and every 200 reported, not
// only the first (after a reconnect sip.js still says Registered and stays silent).
// It never retries by itself: the registration (registration.ts) decides when to try again.
import { Registerer, RegistererState, RequestPendingError, type UserAgent } from 'sip.js';
import { noop } from './engine-context.js';

const REGISTER_EXPIRES_S = 300;

export interface RegistrarHooks {
  /** The engine is stopping: register nothing more, report nothing more. */
  stopping(): boolean;
  /** This UserAgent is still the engine's (a restart replaces it). */
  current(): boolean;
  /** Every 200 to our REGISTER. */
  onRegistered(): void;
  /** A refresh was refused, or the registration expired, while the transport is up. */
  onLost(): void;
}

export interface Registrar {
  /** Send a REGISTER now; resolves on 200, rejects on a refusal or a send failure. */
  register(): Promise<void>;
  /** Why the last REGISTER failed (`403 Forbidden`), or null since the last success. */
  readonly lastFailure: string | null;
}

const statusText = (code: number | undefined, phrase: string | undefined): string =>
  `${code ?? 0} ${phrase ?? ''}`.trim().slice(0, 200);

export function createRegistrar(ua: UserAgent, hooks: RegistrarHooks): Registrar {
  let registerer: Registerer | null = null;
  let inFlight = false;
  let lastFailure: string | null = null;
  const active = () => !hooks.stopping() && hooks.current();

  const registered = () => {
    lastFailure = null;
    hooks.onRegistered();
  };

  function newRegisterer(): Registerer {
    const reg = new Registerer(ua, { expires: REGISTER_EXPIRES_S });
    reg.stateChange.addListener((state) => {
      if (reg !== registerer || !active()) return;
      if (state === RegistererState.Registered) {
        registered();
      } else if (state === RegistererState.Unregistered && ua.isConnected()) {
        // sip.js changes state before it calls our onReject: let that record the reason first.
        queueMicrotask(() => {
          if (reg !== registerer || !active()) return;
          lastFailure ??= 'registration lost';
          hooks.onLost();
        });
      }
    });
    return reg;
  }

  /** A Registerer waiting on a REGISTER lost with the old connection cannot register again until
   * Timer F (32 s): dispose it (once its request fails it is Unregistered, so disposing sends no
   * un-REGISTER) and start afresh (pitfall 6). */
  function replaceRegisterer(): Registerer {
    const stuck = registerer;
    registerer = newRegisterer();
    inFlight = false;
    if (stuck) void stuck.dispose().catch(noop);
    return registerer;
  }

  function register(allowReplace: boolean): Promise<void> {
    if (!active()) return Promise.resolve();
    if (!ua.isConnected()) return Promise.reject(new Error('not connected'));
    let reg = registerer ?? (registerer = newRegisterer());
    if (inFlight) reg = replaceRegisterer();
    inFlight = true;
    return new Promise<void>((resolve, reject) => {
      const settle = (error: Error | null) => {
        if (reg === registerer) inFlight = false;
        if (error) return reject(error);
        if (reg === registerer && active()) registered();
        resolve();
      };
      let sent: Promise<unknown>;
      try {
        sent = reg.register({
          requestDelegate: {
            onAccept: () => settle(null),
            onReject: (response) => {
              lastFailure = statusText(response.message.statusCode, response.message.reasonPhrase);
              settle(new Error(`REGISTER ${lastFailure}`));
            },
          },
        });
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.catch((error: unknown) => {
        if (reg === registerer) inFlight = false;
        if (
          error instanceof RequestPendingError &&
          allowReplace &&
          reg === registerer &&
          hooks.current()
        ) {
          // sip.js's own refresh went out on the dead connection and is still pending.
          replaceRegisterer();
          register(false).then(resolve, reject);
          return;
        }
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  return {
    register: () => register(true),
    get lastFailure() {
      return lastFailure;
    },
  };
}
