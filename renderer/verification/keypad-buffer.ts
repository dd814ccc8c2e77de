// The verification panel's secure-entry consumer (Art. 6, 7): keypad digits the customer types on
// the phone (SIP INFO → engine → renderer/phone/secure-entry.ts) land in this closure and nowhere
// else. Only how many digits are held leaves it (one dot each, style.md §6 state); `#` hands the
// digits to `onSubmit` and wipes the buffer in the same breath, `*` clears. The digits never enter
// a store, React state, the DOM or a log.
import type { SecureEntryConsumer } from '../phone/types.js';

export interface KeypadBufferOptions {
  /** Digits beyond this are dropped (the password schema takes at most 32). */
  maxDigits: number;
  /** Submit by itself once this many digits are held (the 6-digit passcode). */
  autoSubmitAt?: number;
  /** How many digits are held now: the only thing the screen learns. */
  onCount(count: number): void;
  /** The digits, once: the buffer is already empty when this runs. */
  onSubmit(digits: string): void;
}

export interface KeypadBuffer extends SecureEntryConsumer {
  /** While paused (a submission in flight) keys are ignored, not queued. */
  setPaused(paused: boolean): void;
  clear(): void;
  /** Wipes and stops for good; later keys are ignored. */
  dispose(): void;
}

export function createKeypadBuffer(options: KeypadBufferOptions): KeypadBuffer {
  const held: string[] = [];
  let paused = false;
  let disposed = false;

  const wipe = () => {
    held.fill('');
    held.length = 0;
  };
  const clear = () => {
    const had = held.length;
    wipe();
    if (had > 0) options.onCount(0);
  };
  const submit = () => {
    if (held.length === 0) return;
    const digits = held.join('');
    wipe();
    options.onCount(0);
    options.onSubmit(digits);
  };

  return {
    onDigit(key) {
      if (disposed || paused) return;
      if (key === '*') return clear();
      if (key === '#') return submit();
      if (!/^[0-9]$/.test(key) || held.length >= options.maxDigits) return;
      held.push(key);
      options.onCount(held.length);
      if (options.autoSubmitAt !== undefined && held.length >= options.autoSubmitAt) submit();
    },
    setPaused(next) {
      paused = next;
    },
    clear,
    dispose() {
      disposed = true;
      wipe();
    },
  };
}
