// Keypad digits the caller types (a PIN, an account number) arrive by SIP INFO and go to exactly
// one place: the attached SecureEntryConsumer. They are never stored here, never put in
// PhoneState (only how many arrived), never logged and never reported to main.
import type { SecureEntryConsumer } from './types.js';

export interface SecureEntryProgress {
  active: boolean;
  digitCount: number;
}

export interface SecureEntry {
  /** Attach a consumer (replacing any other); returns its release function. */
  attach(consumer: SecureEntryConsumer): () => void;
  /** Hand a digit to the consumer; false (and the digit dropped) when none is attached. */
  deliver(digit: string): boolean;
  /** Release whatever is attached (call ended, engine stopped). */
  releaseAll(): void;
}

export function createSecureEntry(
  onProgress: (progress: SecureEntryProgress | null) => void,
): SecureEntry {
  let current: { consumer: SecureEntryConsumer; count: number } | null = null;

  const release = (owner: typeof current) => {
    if (current === null || current !== owner) return;
    current = null;
    onProgress(null);
  };

  return {
    attach(consumer) {
      const owner = { consumer, count: 0 };
      current = owner;
      onProgress({ active: true, digitCount: 0 });
      return () => release(owner);
    },
    deliver(digit) {
      const owner = current;
      if (owner === null) return false;
      try {
        owner.consumer.onDigit(digit);
      } catch {
        // A consumer's bug must not break the call, nor leak the digit into an error message.
      }
      if (current !== owner) return true; // released from inside onDigit
      owner.count += 1;
      onProgress({ active: true, digitCount: owner.count });
      return true;
    },
    releaseAll() {
      release(current);
    },
  };
}
