// Live calls survive a reconnect (restore.ts): re-INVITE with an ICE restart once registered again.
import { describe, expect, it, vi } from 'vitest';
import { flush, inCall, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('live calls survive a reconnect', () => {
  it('re-INVITEs with an ICE restart after re-registering, and reports media restored', async () => {
    const h = await inCall();
    h.ua().drop(new Error('proxy restarted'));
    expect(h.state().call?.phase).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(500);
    expect(h.invitation.reInvites).toHaveLength(0); // not before registering
    h.registerer().accept();
    await flush();
    const reInvite = h.invitation.reInvites.at(-1)!;
    expect(reInvite.sessionDescriptionHandlerOptions).toEqual({ hold: false, offerOptions: { iceRestart: true } });
    h.invitation.answerReInvite(200);
    expect(h.state().call?.phase).toBe('connected');
    expect(h.ofType('call-media-restored')).toEqual([{ type: 'call-media-restored', callId: h.state().call!.id }]);
    // later answers must not wait for an ICE restart that is not happening
    expect(h.invitation.sessionDescriptionHandlerOptionsReInvite).toEqual({ hold: false });
  });

  it('keeps a held call held, and retries a refused restore', async () => {
    const h = await inCall();
    const hold = h.phone.hold(true);
    await flush();
    h.invitation.answerReInvite(200);
    await hold;
    h.ua().drop();
    await vi.advanceTimersByTimeAsync(500);
    h.registerer().accept();
    await flush();
    expect(h.invitation.reInvites.at(-1)!.sessionDescriptionHandlerOptions).toEqual({ hold: true, offerOptions: { iceRestart: true } });
    h.invitation.answerReInvite(480);
    const count = h.invitation.reInvites.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(h.invitation.reInvites.length).toBe(count + 1);
    h.invitation.answerReInvite(200);
    expect(h.state().call?.phase).toBe('held');
  });
});
