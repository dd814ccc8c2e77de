// Placing a call from the desk: the number field, redial from the history, and click-to-dial from
// a link or `?dial=`. It never dials over a live call, and a number from a link is dialled by
// itself only if the line comes up soon; otherwise the agent presses Call.
import { normalizeDialTarget } from '../../../common/dial.js';
import type { Phone, PhoneState } from '../../phone/types.js';
import type { Store } from '../../state/store.js';
import type { DeskAction, DeskState } from '../desk-state.js';
import { dialBlock } from '../view.js';

/** A link's number is dialled by itself only if the line comes up this soon; later, the agent
 * presses Call. */
export const AUTO_DIAL_WINDOW_MS = 30_000;

export interface DiallerOptions {
  store: Store<DeskState, DeskAction>;
  /** The running engine, if any. */
  phone(): Phone | null;
  now(): number;
}

export interface Dialler {
  setInput(text: string): void;
  pressKey(key: string): void;
  backspace(): void;
  /** Dials what is typed. */
  dial(): Promise<void>;
  redial(number: string): Promise<void>;
  /** Click-to-dial: dials at once when the line is free, else fills in the number. */
  request(target: string): void;
  /** The line may have come up: dial a number from a link that waits for it. */
  tryPending(): void;
  /**
   * Art. 14 call-back from main: dials `target` showing only `display` (masked). The number never
   * enters the desk's state (no input field, no pending link): on a busy line it is not kept.
   */
  callBack(target: string, display: string): Promise<void>;
}

export function createDialler(options: DiallerOptions): Dialler {
  const { store } = options;
  const dispatch = (action: DeskAction) => store.dispatch(action);
  const phoneState = (): PhoneState | null => options.phone()?.store.getState() ?? null;

  const dialTarget = async (text: string, display?: string): Promise<void> => {
    const target = normalizeDialTarget(text);
    if (!target) {
      dispatch({ type: 'dial-problem', problem: 'invalid' });
      return;
    }
    const phone = options.phone();
    const state = phoneState();
    if (!phone || !state) {
      dispatch({ type: 'dial-problem', problem: 'not-registered' });
      return;
    }
    const block = dialBlock(state);
    if (block) {
      dispatch({ type: 'dial-problem', problem: block });
      return;
    }
    dispatch({ type: 'dial-sent' });
    await (display === undefined ? phone.dial(target) : phone.dial(target, { display }));
  };

  return {
    setInput: (text) => dispatch({ type: 'dial-input', input: text }),
    pressKey: (key) =>
      dispatch({ type: 'dial-input', input: `${store.getState().dial.input}${key}` }),
    backspace: () =>
      dispatch({
        type: 'dial-input',
        input: Array.from(store.getState().dial.input).slice(0, -1).join(''),
      }),
    dial: () => dialTarget(store.getState().dial.input),
    redial: (number) => dialTarget(number),
    callBack: (target, display) => dialTarget(target, display),

    request(target) {
      const normalized = normalizeDialTarget(target);
      if (!normalized) return;
      const phone = options.phone();
      const state = phoneState();
      if (phone && state && dialBlock(state) === null) {
        dispatch({ type: 'dial-sent' });
        void phone.dial(normalized);
        return;
      }
      // Busy on a call: fill it in, never dial over the customer. Line not up yet: dial when it is.
      const busy = state !== null && dialBlock(state) === 'busy';
      dispatch({
        type: 'dial-from-link',
        target: normalized,
        autoDialUntil: busy ? null : options.now() + AUTO_DIAL_WINDOW_MS,
      });
    },

    tryPending() {
      const pending = store.getState().dial.pending;
      const phone = options.phone();
      const state = phoneState();
      if (!pending || !phone || !state) return;
      if (options.now() > pending.until) {
        dispatch({ type: 'pending-expired' });
        return;
      }
      if (dialBlock(state) !== null) return;
      dispatch({ type: 'dial-sent' });
      void phone.dial(pending.target);
    },
  };
}
