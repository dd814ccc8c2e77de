// Keypad digits in a call's media (RFC 4733 telephone-events, in-band tones), tapped on every leg
// and delivered like SIP INFO digits: to secure entry only, only from the customer's leg, never
// logged, stored or put in state. A key sent both ways (events and tones) counts once: tone digits
// wait briefly and are dropped once the call has shown telephone-events.
import type { Leg } from './call-context.js';
import type { EngineContext } from './engine-context.js';
import type { DigitSource, DigitTap, DigitTapOptions } from './received-digits.js';
import { sdhOf } from './sip-session.js';

/** How long a tone-detector digit waits for the call's telephone-events to show up. */
export const TONE_DIGIT_HOLD_MS = 150;

export interface CallDigitsDeps {
  tap(pc: RTCPeerConnection, options: DigitTapOptions): DigitTap;
  /** Secure entry's deliver. */
  deliver(digit: string): void;
  /** Is this leg the customer's, on the call in progress? (Asked at delivery.) */
  fromCustomer(leg: Leg): boolean;
}

export interface CallDigits {
  /**
   * The leg's media handler was created (before any description is applied): tap its peer
   * connection. Only the customer's leg reads digits; every leg gets the frames passed on.
   */
  mediaReady(leg: Leg, customer: boolean): void;
  /** The leg ended: its workers and audio context go. */
  release(leg: Leg): void;
  /** Secure entry started or stopped listening. */
  listening(on: boolean): void;
}

interface Tapped {
  tap: DigitTap;
  eventsSeen: boolean;
  held: Set<unknown>;
}

export function createCallDigits(ctx: EngineContext, deps: CallDigitsDeps): CallDigits {
  const taps = new Map<Leg, Tapped>();
  let listening = false;

  function dropHeld(entry: Tapped) {
    for (const timer of entry.held) ctx.timers.clearTimeout(timer);
    entry.held.clear();
  }

  function received(leg: Leg, entry: Tapped, digit: string, source: DigitSource) {
    if (taps.get(leg) !== entry || !listening || !deps.fromCustomer(leg)) return;
    if (source === 'rfc4733') {
      entry.eventsSeen = true;
      dropHeld(entry);
      deps.deliver(digit);
      return;
    }
    if (entry.eventsSeen) return;
    const timer = ctx.timers.setTimeout(() => {
      entry.held.delete(timer);
      if (taps.get(leg) === entry && listening && !entry.eventsSeen && deps.fromCustomer(leg))
        deps.deliver(digit);
    }, TONE_DIGIT_HOLD_MS);
    entry.held.add(timer);
  }

  function release(leg: Leg) {
    const entry = taps.get(leg);
    if (!entry) return;
    taps.delete(leg);
    dropHeld(entry);
    entry.tap.close();
  }

  return {
    mediaReady(leg, customer) {
      const pc = sdhOf(leg.session)?.peerConnection;
      if (!pc) return;
      release(leg);
      const entry: Tapped = {
        tap: null as unknown as DigitTap,
        eventsSeen: false,
        held: new Set(),
      };
      const options: DigitTapOptions = {
        log: (message) => ctx.log('warn', message),
        ...(customer
          ? {
              onDigit: (digit, source) => received(leg, entry, digit, source),
              onTelephoneEvents: () => {
                entry.eventsSeen = true;
                dropHeld(entry);
              },
            }
          : {}),
      };
      try {
        entry.tap = deps.tap(pc, options);
      } catch (error) {
        ctx.log('warn', `keypad digits in media not read: ${String(error).slice(0, 120)}`);
        return;
      }
      taps.set(leg, entry);
      if (customer && listening) entry.tap.listen(true);
    },
    release,
    listening(on) {
      if (listening === on) return;
      listening = on;
      for (const entry of taps.values()) {
        if (!on) dropHeld(entry);
        entry.tap.listen(on);
      }
    },
  };
}
