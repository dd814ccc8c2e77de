import { describe, expect, it } from 'vitest';
import {
  createKeyPresses,
  digitOfEvent,
  parseTelephoneEvent,
  parseTelephoneEvents,
} from '../../../common/rfc4733.js';

/** One RFC 4733 event block: event, E bit, volume, duration. */
const block = (event: number, end: boolean, volume: number, duration: number) => [
  event,
  (end ? 0x80 : 0) | volume,
  (duration >> 8) & 0xff,
  duration & 0xff,
];
const payload = (...blocks: number[][]) => new Uint8Array(blocks.flat());

describe('parseTelephoneEvent', () => {
  it('reads event, end bit, volume and duration as Chromium delivers them', () => {
    // Bytes seen in Chromium 156's receiver transform for insertDTMF('1') over PCMU.
    expect(parseTelephoneEvent(new Uint8Array([1, 10, 0, 160]))).toEqual({
      event: 1,
      digit: '1',
      end: false,
      volume: 10,
      duration: 160,
    });
    expect(parseTelephoneEvent(payload(block(11, true, 63, 0xffff)))).toEqual({
      event: 11,
      digit: '#',
      end: true,
      volume: 63,
      duration: 0xffff,
    });
  });

  it('ignores the reserved bit', () => {
    expect(parseTelephoneEvent(new Uint8Array([5, 0x40 | 7, 1, 0]))).toMatchObject({
      digit: '5',
      end: false,
      volume: 7,
      duration: 256,
    });
  });

  it('maps 0–15 to the keypad and nothing else', () => {
    const digits = Array.from({ length: 16 }, (_, event) => digitOfEvent(event)).join('');
    expect(digits).toBe('0123456789*#ABCD');
    for (const event of [16, 17, 32, 255, -1, 1.5, Number.NaN])
      expect(digitOfEvent(event)).toBeNull();
    expect(parseTelephoneEvent(payload(block(16, false, 10, 80)))).toMatchObject({
      event: 16,
      digit: null,
    });
  });

  it('accepts ArrayBuffers and views into larger buffers', () => {
    const bytes = new Uint8Array([0xff, 0xff, 9, 0x8a, 0x03, 0x20, 0xff]);
    expect(parseTelephoneEvent(new DataView(bytes.buffer, 2, 4))).toMatchObject({
      digit: '9',
      end: true,
      duration: 800,
    });
    expect(parseTelephoneEvent(new Uint8Array([3, 10, 0, 80]).buffer)).toMatchObject({
      digit: '3',
    });
  });

  it('refuses short and ragged payloads', () => {
    for (const bytes of [[], [1], [1, 10], [1, 10, 0], [1, 10, 0, 160, 2], [1, 10, 0, 160, 2, 10]])
      expect(parseTelephoneEvent(new Uint8Array(bytes))).toBeNull();
    expect(parseTelephoneEvents(new ArrayBuffer(0))).toBeNull();
  });

  it('reads packed events in order', () => {
    const events = parseTelephoneEvents(payload(block(1, true, 10, 800), block(2, false, 10, 160)));
    expect(events?.map((e) => [e.digit, e.end, e.duration])).toEqual([
      ['1', true, 800],
      ['2', false, 160],
    ]);
  });
});

describe('createKeyPresses', () => {
  /** The packets a sender emits for one press: start, updates, three end packets. */
  const press = (event: number, updates = 5, step = 160) => [
    ...Array.from({ length: updates }, (_, i) => payload(block(event, false, 10, (i + 1) * step))),
    ...Array.from({ length: 3 }, () => payload(block(event, true, 10, (updates + 1) * step))),
  ];

  it('gives one digit per press however many packets it has', () => {
    const presses = createKeyPresses();
    const got: string[] = [];
    let timestamp = 1_000;
    for (const event of [1, 2, 3, 4, 11]) {
      for (const packet of press(event)) got.push(...presses.accept(timestamp, packet));
      timestamp += 2_000;
    }
    expect(got).toEqual(['1', '2', '3', '4', '#']);
  });

  it('counts a press whose first packets were lost, and the same digit pressed again', () => {
    const presses = createKeyPresses();
    expect(presses.accept(500, payload(block(7, true, 10, 960)))).toEqual(['7']);
    expect(presses.accept(500, payload(block(7, true, 10, 960)))).toEqual([]);
    expect(presses.accept(2_500, payload(block(7, false, 10, 160)))).toEqual(['7']);
  });

  it('does not count a late copy of an earlier press again', () => {
    const presses = createKeyPresses();
    expect(presses.accept(100, payload(block(1, false, 10, 160)))).toEqual(['1']);
    expect(presses.accept(3_000, payload(block(2, false, 10, 160)))).toEqual(['2']);
    expect(presses.accept(100, payload(block(1, true, 10, 800)))).toEqual([]);
  });

  it('follows the RTP timestamp across its 32-bit wrap', () => {
    const presses = createKeyPresses();
    expect(presses.accept(0xffff_ff00, payload(block(5, false, 10, 160)))).toEqual(['5']);
    expect(presses.accept(0xffff_ff00, payload(block(5, true, 10, 800)))).toEqual([]);
    expect(presses.accept(0x0000_0600, payload(block(6, false, 10, 160)))).toEqual(['6']);
  });

  it('treats the segments of a long event as one press (§2.5.1.3)', () => {
    const presses = createKeyPresses();
    const start = 0xffff_0000;
    expect(presses.accept(start, payload(block(0, false, 10, 0xffff)))).toEqual(['0']);
    const segment = (start + 0xffff) >>> 0;
    expect(presses.accept(segment, payload(block(0, false, 10, 4_000)))).toEqual([]);
    expect(presses.accept(segment, payload(block(0, true, 10, 8_000)))).toEqual([]);
    // A new press of the same key after the end is a new digit.
    expect(presses.accept((segment + 20_000) >>> 0, payload(block(0, false, 10, 160)))).toEqual([
      '0',
    ]);
  });

  it('does not take an ended event for a long one', () => {
    const presses = createKeyPresses();
    expect(presses.accept(10, payload(block(8, true, 10, 0xffff)))).toEqual(['8']);
    expect(presses.accept(10 + 0xffff, payload(block(8, false, 10, 160)))).toEqual(['8']);
  });

  it('gives the digits of packed events, each at its own start', () => {
    const presses = createKeyPresses();
    const packed = payload(block(1, true, 10, 800), block(2, false, 10, 160));
    expect(presses.accept(1_000, packed)).toEqual(['1', '2']);
    // The second event's own packets (at 1000 + 800) are the same press.
    expect(presses.accept(1_800, payload(block(2, true, 10, 800)))).toEqual([]);
  });

  it('yields nothing for malformed packets, non-keypad events or bad timestamps', () => {
    const presses = createKeyPresses();
    expect(presses.accept(1, new Uint8Array([1, 10, 0]))).toEqual([]);
    expect(presses.accept(2, payload(block(16, false, 10, 160)))).toEqual([]);
    expect(presses.accept(Number.NaN, payload(block(1, false, 10, 160)))).toEqual([]);
    expect(presses.accept(3, payload(block(3, false, 10, 160)))).toEqual(['3']);
  });
});
