// Transfers (transfer.ts): blind and attended, confirmed only by the far end's NOTIFY.
import { describe, expect, it, vi } from 'vitest';
import * as sip from './fake-sip.js';
import { flush, inCall, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('transfers', () => {
  it('blind: REFER, then hang up once the far end reports 200', async () => {
    const h = await inCall();
    const done = h.phone.blindTransfer('1003');
    await flush();
    expect(h.state().call?.phase).toBe('transferring');
    const refer = h.invitation.refers[0]!;
    expect(String(refer.target)).toBe('sip:1003@127.0.0.1');
    refer.options.onNotify!({
      request: { body: 'SIP/2.0 100 Trying' },
      accept: () => Promise.resolve(),
    });
    refer.options.onNotify!({
      request: { body: 'SIP/2.0 200 OK' },
      accept: () => Promise.resolve(),
    });
    await done;
    expect(h.invitation.byes).toBe(1);
    expect(h.ofType('call-transferred')).toEqual([
      { type: 'call-transferred', callId: expect.any(String), kind: 'blind', target: '1003' },
    ]);
    expect(h.state().history[0]).toMatchObject({ outcome: 'transferred' });
  });

  it('blind: a failed transfer returns to the call', async () => {
    const h = await inCall();
    const done = h.phone.blindTransfer('1003');
    await flush();
    h.invitation.refers[0]!.options.onNotify!({
      request: { body: 'SIP/2.0 486 Busy Here' },
      accept: () => Promise.resolve(),
    });
    await done;
    expect(h.state().call?.phase).toBe('connected');
    expect(h.state().lastError).toEqual({ key: 'transfer-failed', params: { status: '486' } });
  });

  it('attended: hold, consult, then REFER with Replaces naming the consult call', async () => {
    const h = await inCall();
    const consulting = h.phone.startConsult('1003');
    await flush();
    h.invitation.answerReInvite(200); // hold
    await consulting;
    const consult = sip.Inviter.instances.at(-1)!;
    expect(h.state().call).toMatchObject({
      phase: 'held',
      consult: { number: '1003', phase: 'dialing' },
    });
    consult.answered();
    expect(h.state().call?.consult?.phase).toBe('connected');
    const done = h.phone.completeAttendedTransfer();
    await flush();
    const refer = h.invitation.refers[0]!;
    expect(refer.target).toBe(consult);
    refer.options.onNotify!({
      request: { body: 'SIP/2.0 200 OK' },
      accept: () => Promise.resolve(),
    });
    await done;
    expect(h.invitation.byes).toBe(1);
    expect(consult.byes).toBe(1);
    expect(h.ofType('call-transferred')[0]).toMatchObject({ kind: 'attended', target: '1003' });
    expect(h.state().call).toBeNull();
  });

  it('attended: cancelling the consultation goes back to the customer', async () => {
    const h = await inCall();
    const consulting = h.phone.startConsult('1003');
    await flush();
    h.invitation.answerReInvite(200);
    await consulting;
    const cancel = h.phone.cancelConsult();
    await flush();
    expect(sip.Inviter.instances.at(-1)!.cancelled).toBe(true);
    h.invitation.answerReInvite(200); // resume
    await cancel;
    expect(h.state().call).toMatchObject({ phase: 'connected', consult: null });
  });
});
