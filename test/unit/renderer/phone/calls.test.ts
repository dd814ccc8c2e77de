// The call in progress (calls.ts): hold and resume by re-INVITE, mute, hang-up.
import { describe, expect, it, vi } from 'vitest';
import { flush, inCall, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('in call', () => {
  it('holds and resumes by re-INVITE, silencing both directions while held', async () => {
    const h = await inCall();
    const hold = h.phone.hold(true);
    await flush();
    expect(h.invitation.reInvites.at(-1)!.sessionDescriptionHandlerOptions).toEqual({ hold: true });
    h.invitation.answerReInvite(200);
    await hold;
    const pc = h.invitation.sessionDescriptionHandler!.peerConnection;
    expect(h.state().call?.phase).toBe('held');
    expect(pc.senders[0]!.track!.enabled).toBe(false);
    expect(pc.receivers[0]!.track.enabled).toBe(false);
    const resume = h.phone.hold(false);
    await flush();
    h.invitation.answerReInvite(200);
    await resume;
    expect(h.state().call?.phase).toBe('connected');
    expect(pc.senders[0]!.track!.enabled).toBe(true);
    expect(h.ofType('call-held').map((e) => e.held)).toEqual([true, false]);
  });

  it('waits for the ACK before a re-INVITE (no INVITE while one is in progress)', async () => {
    const h = await inCall();
    h.invitation.dialog!.sessionState = 'AckWait';
    const hold = h.phone.hold(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(h.invitation.reInvites).toHaveLength(0);
    h.invitation.dialog!.sessionState = 'Confirmed';
    await vi.advanceTimersByTimeAsync(50);
    expect(h.invitation.reInvites).toHaveLength(1);
    h.invitation.answerReInvite(200);
    await hold;
    expect(h.state().call?.phase).toBe('held');
  });

  it('a refused hold leaves the call connected, with an error', async () => {
    const h = await inCall();
    const hold = h.phone.hold(true);
    await flush();
    h.invitation.answerReInvite(491);
    await hold;
    expect(h.state().call?.phase).toBe('connected');
    expect(h.state().lastError).toEqual({ key: 'hold-failed' });
    // the far end's next re-INVITE is answered as not held
    expect(h.invitation.sessionDescriptionHandlerOptionsReInvite).toEqual({ hold: false });
  });

  it('mutes with track.enabled', async () => {
    const h = await inCall();
    h.phone.mute(true);
    expect(h.invitation.sessionDescriptionHandler!.peerConnection.senders[0]!.track!.enabled).toBe(
      false,
    );
    expect(h.state().call?.muted).toBe(true);
  });
});

describe('hanging up', () => {
  it('hanging up while disconnected still ends the call', async () => {
    const h = await inCall();
    h.ua().nextConnect = 'hang';
    h.ua().drop();
    await h.phone.hangup();
    expect(h.state().call).toBeNull();
    expect(h.ofType('call-ended')).toHaveLength(1);
  });
});
