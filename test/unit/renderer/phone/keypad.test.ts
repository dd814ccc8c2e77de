// Keypad tones (keypad.ts): the caller's digits reach the secure-entry consumer only; the agent's
// go out by SIP INFO or RFC 4733.
import { describe, expect, it, vi } from 'vitest';
import { inCall, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('secure entry (DTMF over SIP INFO)', () => {
  it('gives the digits to the consumer only: not to state, events or logs', async () => {
    const h = await inCall();
    const digits: string[] = [];
    const release = h.phone.attachSecureEntry({ onDigit: (d) => digits.push(d) });
    const statuses = ['7', '3', '9', '1', '5', '8'].map((d, i) =>
      i % 2 === 0 ? h.invitation.receiveInfo('application/dtmf-relay', `Signal=${d}\r\nDuration=160`) : h.invitation.receiveInfo('application/dtmf', d),
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
      { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Signal=5\r\nDuration=160' },
      { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Signal=#\r\nDuration=160' },
    ]);
    await h.phone.sendDtmf('x');
    expect(h.state().lastError).toEqual({ key: 'bad-dtmf' });
    const r = await inCall({ dtmfMode: 'rfc4733' });
    await r.phone.sendDtmf('12');
    expect(r.invitation.sessionDescriptionHandler!.dtmfSent).toEqual(['12']);
  });
});
