// Secure entry on the panel (Art. 6, 7): the caller's keys go from the engine into a keypad buffer
// (../keypad-buffer.ts) and from there into one `verify:password` / `verify:otp` request. The
// digits must never reach the store, a log or a variable that outlives the request: the store
// only learns how many digits are held.
import type { SecureEntryConsumer } from '../../phone/types.js';
import { createKeypadBuffer, type KeypadBuffer } from '../keypad-buffer.js';
import type { KeypadPurpose, VerificationAction } from '../state.js';
import { canCheck, OTP_DIGITS, PASSWORD_MAX_DIGITS } from '../view.js';
import type { PanelContext, Requests } from './requests.js';

export interface KeypadOptions {
  /** desk.attachSecureEntry: the consumer gets the caller's keypad digits until released. */
  attachSecureEntry(consumer: SecureEntryConsumer): (() => void) | null;
  check: Requests['check'];
}

export interface Keypad {
  /** Listens for the step the session waits for (password, or a passcode that was sent). */
  open(): void;
  /** Stops listening and drops what was held. */
  close(): void;
  /** After any answer: keeps the keypad only while the same step is still open. */
  followSession(): void;
}

export function createKeypad(ctx: PanelContext, options: KeypadOptions): Keypad {
  const { store } = ctx;
  const dispatch = (action: VerificationAction) => store.dispatch(action);
  let keypad: { buffer: KeypadBuffer; release: () => void; purpose: KeypadPurpose } | null = null;

  const close = () => {
    const open = keypad;
    keypad = null;
    if (open) {
      open.buffer.dispose();
      open.release();
    }
    dispatch({ type: 'keypad-closed' });
  };

  const submit = async (purpose: KeypadPurpose, digits: string) => {
    const open = keypad;
    const session = store.getState().session;
    if (!open || !session) return;
    if (purpose === 'otp' && digits.length !== OTP_DIGITS) {
      dispatch({ type: 'keypad-short' });
      return;
    }
    open.buffer.setPaused(true);
    dispatch({ type: 'keypad-submitting', submitting: true });
    // `digits` lives in this call's scope only: into the request, then gone.
    if (purpose === 'password')
      await options.check('password', 'verify:password', {
        sessionId: session.id,
        password: digits,
      });
    else await options.check('otp', 'verify:otp', { sessionId: session.id, code: digits });
    if (keypad === open) {
      open.buffer.setPaused(false);
      dispatch({ type: 'keypad-submitting', submitting: false });
    }
  };

  return {
    open() {
      const current = store.getState();
      if (keypad || !canCheck(current)) return;
      const step = current.session!.nextStep;
      const purpose: KeypadPurpose | null =
        step === 'password' ? 'password' : step === 'otp' && current.otp ? 'otp' : null;
      if (!purpose) return;
      const buffer = createKeypadBuffer({
        maxDigits: purpose === 'otp' ? OTP_DIGITS : PASSWORD_MAX_DIGITS,
        ...(purpose === 'otp' ? { autoSubmitAt: OTP_DIGITS } : {}),
        onCount: (count) => dispatch({ type: 'keypad-count', count }),
        onSubmit: (digits) => void submit(purpose, digits),
      });
      const release = options.attachSecureEntry(buffer);
      if (!release) {
        buffer.dispose();
        dispatch({ type: 'request-failed', action: purpose, code: 'unavailable', at: ctx.now() });
        return;
      }
      keypad = { buffer, release, purpose };
      dispatch({ type: 'keypad-opened', purpose });
    },
    close,
    followSession() {
      const session = store.getState().session;
      if (
        keypad &&
        (!session || session.status !== 'in-progress' || session.nextStep !== keypad.purpose)
      )
        close();
    },
  };
}
