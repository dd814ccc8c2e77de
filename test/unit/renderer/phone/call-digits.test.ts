// Keypad digits in a call's media (call-digits.ts) through the engine: every leg's peer connection
// is tapped, only the customer's digits reach secure entry, only while it listens, a key sent as
// telephone-events and as tones counts once, and nothing of a digit reaches state, events or logs.
import { describe, expect, it, vi } from 'vitest';
import type { Leg } from '../../../../renderer/phone/call-context.js';
import { createCallDigits, TONE_DIGIT_HOLD_MS } from '../../../../renderer/phone/call-digits.js';
import { fakeContext } from './fake-context.js';
import * as sip from './fake-sip.js';
import { flush, inCall, useFakeClock, type FakeTap, type Harness } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

const customerTap = (h: Harness): FakeTap => {
  const tap = h.taps.find((t) => t.options.onDigit);
  if (!tap) throw new Error('the customer leg was not tapped');
  return tap;
};

function listenFor(h: Harness) {
  const digits: string[] = [];
  const release = h.phone.attachSecureEntry({ onDigit: (d) => digits.push(d) });
  return { digits, release };
}

describe('keypad digits in the media of a call', () => {
  it("taps the customer's peer connection as soon as its media handler exists", async () => {
    const h = await inCall();
    expect(h.taps).toHaveLength(1);
    const tap = customerTap(h);
    expect(tap.pc).toBe(h.invitation.sessionDescriptionHandler!.peerConnection);
    expect(tap.listens).toEqual([]);
    expect(tap.closed).toBe(false);
  });

  it('listens only while secure entry has a consumer', async () => {
    const h = await inCall();
    const tap = customerTap(h);
    const { release } = listenFor(h);
    expect(tap.listens).toEqual([true]);
    release();
    expect(tap.listens).toEqual([true, false]);
  });

  it('gives RFC 4733 digits to the consumer only: not to state, events or logs', async () => {
    const h = await inCall();
    const tap = customerTap(h);
    const { digits } = listenFor(h);
    for (const digit of '482916') tap.options.onDigit!(digit, 'rfc4733');
    expect(digits.join('')).toBe('482916');
    expect(h.state().secureEntry).toEqual({ active: true, digitCount: 6 });
    expect(JSON.stringify([h.state(), h.events, h.logs])).not.toContain('482916');
  });

  it('drops digits that arrive while nobody listens', async () => {
    const h = await inCall();
    const tap = customerTap(h);
    tap.options.onDigit!('1', 'rfc4733');
    tap.options.onDigit!('2', 'tones');
    await vi.advanceTimersByTimeAsync(TONE_DIGIT_HOLD_MS * 2);
    const { digits } = listenFor(h);
    expect(digits).toEqual([]);
    expect(h.state().secureEntry).toEqual({ active: true, digitCount: 0 });
  });

  it('delivers tone digits after a short hold, in order', async () => {
    const h = await inCall();
    const tap = customerTap(h);
    const { digits } = listenFor(h);
    tap.options.onDigit!('7', 'tones');
    await vi.advanceTimersByTimeAsync(50);
    tap.options.onDigit!('8', 'tones');
    await vi.advanceTimersByTimeAsync(TONE_DIGIT_HOLD_MS - 51);
    expect(digits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(digits).toEqual(['7']);
    await vi.advanceTimersByTimeAsync(50);
    expect(digits).toEqual(['7', '8']);
  });

  it('counts a key sent both as telephone-events and as tones once', async () => {
    const h = await inCall();
    const tap = customerTap(h);
    const { digits } = listenFor(h);
    // The tone detector heard the gateway's in-band copy a moment before the event arrived.
    tap.options.onDigit!('5', 'tones');
    tap.options.onDigit!('5', 'rfc4733');
    await vi.advanceTimersByTimeAsync(TONE_DIGIT_HOLD_MS * 2);
    expect(digits).toEqual(['5']);
    // From now on this call's tone digits are never counted.
    tap.options.onDigit!('6', 'tones');
    await vi.advanceTimersByTimeAsync(TONE_DIGIT_HOLD_MS * 2);
    expect(digits).toEqual(['5']);
  });

  it('drops held tone digits once the worker reports telephone-events on the call', async () => {
    const h = await inCall();
    const tap = customerTap(h);
    const { digits } = listenFor(h);
    tap.options.onDigit!('9', 'tones');
    tap.options.onTelephoneEvents!();
    await vi.advanceTimersByTimeAsync(TONE_DIGIT_HOLD_MS * 2);
    expect(digits).toEqual([]);
  });

  it('drops a held tone digit when secure entry stops listening meanwhile', async () => {
    const h = await inCall();
    const tap = customerTap(h);
    const { digits, release } = listenFor(h);
    tap.options.onDigit!('3', 'tones');
    release();
    listenFor(h);
    await vi.advanceTimersByTimeAsync(TONE_DIGIT_HOLD_MS * 2);
    expect(digits).toEqual([]);
  });

  it('closes the tap when the call ends; a late digit goes nowhere', async () => {
    const h = await inCall();
    const tap = customerTap(h);
    listenFor(h);
    await h.phone.hangup();
    await flush();
    expect(tap.closed).toBe(true);
    const { digits } = listenFor(h);
    tap.options.onDigit!('4', 'rfc4733');
    expect(digits).toEqual([]);
  });

  it('taps the consultation too (its frames must pass on) but never reads its keys', async () => {
    const h = await inCall();
    const { digits } = listenFor(h);
    const consulting = h.phone.startConsult('1003');
    await flush();
    h.invitation.answerReInvite(200); // hold
    await consulting;
    const consult = sip.Inviter.instances.at(-1)!;
    consult.answered();
    expect(h.taps).toHaveLength(2);
    const consultTap = h.taps[1]!;
    expect(consultTap.pc).toBe(consult.sessionDescriptionHandler!.peerConnection);
    expect(consultTap.options.onDigit).toBeUndefined();
    expect(consultTap.listens).toEqual([]);
    consult.bye();
    expect(consultTap.closed).toBe(true);
    expect(customerTap(h).closed).toBe(false);
    expect(digits).toEqual([]);
  });
});

describe('createCallDigits on its own', () => {
  const leg = (pc: object | null) =>
    ({
      session: Object.assign(new sip.Session(new sip.UserAgent({} as never)), {
        sessionDescriptionHandler: pc
          ? Object.assign(new sip.Web.SessionDescriptionHandler(), { peerConnection: pc })
          : undefined,
      }),
      phase: 'connected',
    }) as unknown as Leg;

  it('logs (without digits) and carries on when a connection cannot be tapped', () => {
    const fake = fakeContext();
    const deliver = vi.fn();
    const digits = createCallDigits(fake.ctx, {
      tap: () => {
        throw new Error('Failed to construct Worker');
      },
      deliver,
      fromCustomer: () => true,
    });
    const customer = leg({});
    digits.mediaReady(customer, true);
    digits.listening(true);
    digits.release(customer);
    expect(fake.logs).toEqual([
      'keypad digits in media not read: Error: Failed to construct Worker',
    ]);
  });

  it('taps nothing without a peer connection, and a new handler replaces the old tap', () => {
    const fake = fakeContext();
    const closed: number[] = [];
    let made = 0;
    const digits = createCallDigits(fake.ctx, {
      tap: () => {
        const id = ++made;
        return {
          encoded: true,
          listen: () => undefined,
          counts: () => Promise.resolve(null),
          close: () => void closed.push(id),
        };
      },
      deliver: vi.fn(),
      fromCustomer: () => true,
    });
    digits.mediaReady(leg(null), true);
    expect(made).toBe(0);
    const customer = leg({});
    digits.mediaReady(customer, true);
    digits.mediaReady(customer, true);
    expect(closed).toEqual([1]);
    digits.release(customer);
    digits.release(customer);
    expect(closed).toEqual([1, 2]);
  });
});
