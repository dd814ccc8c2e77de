// Keypad tones (keypad.ts): the caller's digits reach the secure-entry consumer only; the agent's
// go out by SIP INFO or RFC 4733, to the consulted party while consulting.
import { describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../../renderer/phone/call-context.js';
import { createKeypad } from '../../../../renderer/phone/keypad.js';
import { createSecureEntry } from '../../../../renderer/phone/secure-entry.js';
import * as sip from './fake-sip.js';
import { fakeContext } from './fake-context.js';
import { inCall, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('secure entry (DTMF over SIP INFO)', () => {
  it('gives the digits to the consumer only: not to state, events or logs', async () => {
    const h = await inCall();
    const digits: string[] = [];
    const release = h.phone.attachSecureEntry({ onDigit: (d) => digits.push(d) });
    const statuses = ['7', '3', '9', '1', '5', '8'].map((d, i) =>
      i % 2 === 0
        ? h.invitation.receiveInfo('application/dtmf-relay', `Signal=${d}\r\nDuration=160`)
        : h.invitation.receiveInfo('application/dtmf', d),
    );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(digits.join('')).toBe('739158');
    expect(h.state().secureEntry).toEqual({ active: true, digitCount: 6 });
    const everything = JSON.stringify([h.state(), h.events, h.logs]);
    expect(everything).not.toContain('739158');
    expect(everything).not.toMatch(/Signal/);
    release();
    expect(h.state().secureEntry).toBeNull();
  });

  it('answers 415 to other INFO bodies, 200 to empty ones, and drops digits nobody asked for', async () => {
    const h = await inCall();
    expect(h.invitation.receiveInfo('application/media_control+xml', '<x/>')).toBe(415);
    expect(h.invitation.receiveInfo(undefined, '')).toBe(200);
    expect(h.invitation.receiveInfo('application/dtmf', '4')).toBe(200);
    expect(h.state().secureEntry).toBeNull();
  });

  it('releases the consumer when the call ends', async () => {
    const h = await inCall();
    const onDigit = vi.fn();
    h.phone.attachSecureEntry({ onDigit });
    await h.phone.hangup();
    expect(h.state().secureEntry).toBeNull();
  });
});

describe('sending DTMF', () => {
  it('sends DTMF by SIP INFO or RFC 4733, as configured, and refuses non-DTMF', async () => {
    const h = await inCall();
    await h.phone.sendDtmf('5#');
    expect(h.invitation.infos.map((i) => i.requestOptions!.body)).toEqual([
      {
        contentDisposition: 'render',
        contentType: 'application/dtmf-relay',
        content: 'Signal=5\r\nDuration=160',
      },
      {
        contentDisposition: 'render',
        contentType: 'application/dtmf-relay',
        content: 'Signal=#\r\nDuration=160',
      },
    ]);
    await h.phone.sendDtmf('x');
    expect(h.state().lastError).toEqual({ key: 'bad-dtmf' });
    const r = await inCall({ dtmfMode: 'rfc4733' });
    await r.phone.sendDtmf('12');
    expect(r.invitation.sessionDescriptionHandler!.dtmfSent).toEqual(['12']);
  });
});

describe('createKeypad on its own', () => {
  function setup(dtmfMode: 'info' | 'rfc4733' = 'info') {
    const fake = fakeContext({ dtmfMode });
    const digits: string[] = [];
    const secureEntry = createSecureEntry(() => {});
    secureEntry.attach({ onDigit: (d) => digits.push(d) });
    const ua = new sip.UserAgent({
      uri: new sip.FakeURI('sip:agent01@127.0.0.1'),
      delegate: {} as never,
    });
    const customer = new sip.Invitation(ua, { displayName: '', uri: 'sip:1001@127.0.0.1' });
    customer.transition(sip.SessionState.Established);
    const call = { session: customer, consult: null } as unknown as CallContext;
    let established: CallContext | null = call;
    const keypad = createKeypad(fake.ctx, secureEntry, () => established);
    const info = (contentType: string, body: string) => {
      let status = 0;
      const request = { getHeader: () => contentType, body };
      const message = {
        request,
        accept: () => ((status = 200), Promise.resolve()),
        reject: () => ((status = 415), Promise.resolve()),
      };
      return { message: message as never, status: () => status };
    };
    return { ...fake, digits, keypad, customer, call, info, noCall: () => (established = null) };
  }

  it('hands a digit to secure entry only when it came from the customer', () => {
    const h = setup();
    const fromCustomer = h.info('application/dtmf-relay', 'Signal=7\r\nDuration=160');
    h.keypad.receive(fromCustomer.message, true);
    const fromConsult = h.info('application/dtmf', '8');
    h.keypad.receive(fromConsult.message, false);
    expect([fromCustomer.status(), fromConsult.status()]).toEqual([200, 200]);
    expect(h.digits).toEqual(['7']);
  });

  it('refuses a body that is not DTMF with 415 and delivers nothing', () => {
    const h = setup();
    const other = h.info('text/plain', '5');
    h.keypad.receive(other.message, true);
    expect(other.status()).toBe(415);
    expect(h.digits).toEqual([]);
  });

  it('sends nothing that is not 1–32 keypad tones, and nothing without an established call', async () => {
    const h = setup();
    await h.keypad.send('');
    await h.keypad.send('1'.repeat(33));
    await h.keypad.send('12x');
    expect(h.errors).toEqual([{ key: 'bad-dtmf' }, { key: 'bad-dtmf' }, { key: 'bad-dtmf' }]);
    h.noCall();
    await h.keypad.send('1');
    expect(h.customer.infos).toEqual([]);
  });

  it('goes to the consulted party while consulting', async () => {
    const h = setup();
    const ua = new sip.UserAgent({
      uri: new sip.FakeURI('sip:agent01@127.0.0.1'),
      delegate: {} as never,
    });
    const consult = new sip.Inviter(ua, new sip.FakeURI('sip:1003@127.0.0.1'), {});
    consult.transition(sip.SessionState.Established);
    h.call.consult = { session: consult as never, phase: 'connected', number: '1003' };
    await h.keypad.send('9');
    expect([consult.infos.length, h.customer.infos.length]).toEqual([1, 0]);
  });
});
