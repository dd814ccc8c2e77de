// Hands the caller's keypad digits (SIP INFO) from the running engine to one consumer at a time
// (the verification panel's keypad buffer, Art. 6, 7) until it lets go, another takes over or
// the call ends. Digits pass through; this module must never hold, log or store one.
import type { Phone, SecureEntryConsumer } from '../../phone/types.js';

export interface SecureEntryLink {
  /** Null when no engine runs or no call is live. */
  attach(consumer: SecureEntryConsumer): (() => void) | null;
  /** Releases the attached consumer, if any. */
  stop(): void;
}

export function createSecureEntryLink(phone: () => Phone | null): SecureEntryLink {
  let releaseCurrent: (() => void) | null = null;

  const stop = () => {
    const release = releaseCurrent;
    releaseCurrent = null;
    release?.();
  };

  return {
    attach(consumer) {
      const running = phone();
      const call = running?.store.getState().call ?? null;
      if (!running || !call || call.phase === 'ended') return null;
      stop();
      const release = running.attachSecureEntry(consumer);
      let released = false;
      const mine = () => {
        if (released) return;
        released = true;
        if (releaseCurrent === mine) releaseCurrent = null;
        release();
      };
      releaseCurrent = mine;
      return mine;
    },
    stop,
  };
}
