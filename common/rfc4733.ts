// RFC 4733 telephone-events as they arrive in RTP: the 4-byte payload, and which packets start a
// new key press (one per RTP timestamp; repeats, end packets and long-event segments are not).
// Pure; anything malformed or not a keypad event (0–15) yields no digit, never a guess.
// The rules are RFC 4733 §2.3 (payload), §2.5.1.3 (long events), §2.5.1.5 (packing), §3.2 (codes).

/** RFC 4733 §3.2: events 0–9, 10 = *, 11 = #, 12–15 = A–D. */
const KEYPAD_EVENTS = '0123456789*#ABCD';
const PAYLOAD_BYTES = 4;
const MAX_DURATION = 0xffff;
/** Timestamps remembered, so a late copy of an earlier press is not a new press. */
const REMEMBERED = 32;

export interface TelephoneEvent {
  /** The event code, 0–255. */
  event: number;
  /** '0'–'9', '*', '#', 'A'–'D' for events 0–15; null for any other event (flash, tones…). */
  digit: string | null;
  /** The E bit: this packet reports the end of the event. */
  end: boolean;
  /** Power level in −dBm0, 0–63. */
  volume: number;
  /** In RTP timestamp units since the event began. */
  duration: number;
}

/** The keypad digit of an event code, or null for anything but 0–15. */
export function digitOfEvent(event: number): string | null {
  if (!Number.isInteger(event) || event < 0 || event >= KEYPAD_EVENTS.length) return null;
  return KEYPAD_EVENTS[event]!;
}

const bytesOf = (payload: ArrayBuffer | ArrayBufferView): Uint8Array =>
  payload instanceof ArrayBuffer
    ? new Uint8Array(payload)
    : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);

function eventAt(bytes: Uint8Array, offset: number): TelephoneEvent {
  const event = bytes[offset]!;
  const flags = bytes[offset + 1]!;
  return {
    event,
    digit: digitOfEvent(event),
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: (bytes[offset + 2]! << 8) | bytes[offset + 3]!,
  };
}

/**
 * Every event block of a telephone-event payload, in order (more than one only when the sender
 * packed several, §2.5.1.5); null when the payload is empty or not a whole number of blocks.
 */
export function parseTelephoneEvents(
  payload: ArrayBuffer | ArrayBufferView,
): TelephoneEvent[] | null {
  const bytes = bytesOf(payload);
  if (bytes.length < PAYLOAD_BYTES || bytes.length % PAYLOAD_BYTES !== 0) return null;
  const events: TelephoneEvent[] = [];
  for (let offset = 0; offset < bytes.length; offset += PAYLOAD_BYTES)
    events.push(eventAt(bytes, offset));
  return events;
}

/** The one event of an ordinary 4-byte payload; null when malformed. */
export function parseTelephoneEvent(payload: ArrayBuffer | ArrayBufferView): TelephoneEvent | null {
  return parseTelephoneEvents(payload)?.[0] ?? null;
}

export interface KeyPresses {
  /**
   * A telephone-event packet of one RTP stream: the digits of key presses it starts (usually
   * none or one). A press counts once, whichever of its packets arrives first.
   */
  accept(rtpTimestamp: number, payload: ArrayBuffer | ArrayBufferView): string[];
}

interface Press {
  timestamp: number;
  event: number;
  ended: boolean;
}

/** Key presses of one RTP stream (one receiver): a digit per event start, never per packet. */
export function createKeyPresses(): KeyPresses {
  const recent: Press[] = [];
  let last: Press | null = null;

  const find = (timestamp: number) => recent.find((press) => press.timestamp === timestamp);

  /** §2.5.1.3: a segment of a long event starts where the previous one hit 0xFFFF. */
  const continues = (timestamp: number, event: number) =>
    last !== null &&
    !last.ended &&
    last.event === event &&
    (timestamp - last.timestamp) >>> 0 === MAX_DURATION;

  function one(timestamp: number, block: TelephoneEvent): string | null {
    const known = find(timestamp);
    if (known) {
      if (known.event === block.event) known.ended ||= block.end;
      return null;
    }
    const press: Press = { timestamp, event: block.event, ended: block.end };
    const isSegment = continues(timestamp, block.event);
    recent.push(press);
    if (recent.length > REMEMBERED) recent.shift();
    last = press;
    return isSegment ? null : block.digit;
  }

  return {
    accept(rtpTimestamp, payload) {
      const blocks = parseTelephoneEvents(payload);
      if (!blocks || !Number.isInteger(rtpTimestamp)) return [];
      const digits: string[] = [];
      let timestamp = rtpTimestamp >>> 0;
      for (const block of blocks) {
        const digit = one(timestamp, block);
        if (digit !== null) digits.push(digit);
        timestamp = (timestamp + block.duration) >>> 0;
      }
      return digits;
    },
  };
}
