// Live calls survive a reconnect (restore.ts): re-INVITE with an ICE restart once registered again,
// through the engine and on its own (once per loss, jittered retries, cancel and reset).
import { describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../../renderer/phone/call-context.js';
import { createRestore } from '../../../../renderer/phone/restore.js';
import * as sip from './fake-sip.js';
import { fakeContext } from './fake-context.js';
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
    expect(reInvite.sessionDescriptionHandlerOptions).toEqual({
      hold: false,
      offerOptions: { iceRestart: true },
    });
    h.invitation.answerReInvite(200);
    expect(h.state().call?.phase).toBe('connected');
    expect(h.ofType('call-media-restored')).toEqual([
      { type: 'call-media-restored', callId: h.state().call!.id },
    ]);
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
    expect(h.invitation.reInvites.at(-1)!.sessionDescriptionHandlerOptions).toEqual({
      hold: true,
      offerOptions: { iceRestart: true },
    });
    h.invitation.answerReInvite(480);
    const count = h.invitation.reInvites.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(h.invitation.reInvites.length).toBe(count + 1);
    h.invitation.answerReInvite(200);
    expect(h.state().call?.phase).toBe('held');
  });
});

describe('createRestore on its own', () => {
  function setup() {
    const fake = fakeContext();
    const ua = new sip.UserAgent({
      uri: new sip.FakeURI('sip:agent01@127.0.0.1'),
      delegate: {} as never,
    });
    const session = new sip.Invitation(ua, { displayName: '', uri: 'sip:1001@127.0.0.1' });
    session.transition(sip.SessionState.Established);
    const call = {
      id: 'c1',
      session,
      phase: 'connected',
      held: false,
      muted: false,
      consult: null,
      ended: false,
    } as unknown as CallContext;
    const publish = vi.fn();
    const restore = createRestore(fake.ctx, {
      current: () => call,
      connected: () => true,
      publish,
    });
    return { ...fake, call, session, restore, publish };
  }

  it('re-INVITEs only after a transport loss, once per loss', () => {
    const h = setup();
    h.restore.registered();
    expect(h.session.reInvites).toHaveLength(0);
    h.restore.transportLost();
    expect(h.call.phase).toBe('reconnecting');
    expect(h.publish).toHaveBeenCalledTimes(1);
    h.restore.registered();
    h.restore.registered();
    expect(h.session.reInvites).toHaveLength(1);
    h.session.answerReInvite(200);
    expect(h.call.phase).toBe('connected');
    expect(h.ofType('call-media-restored')).toEqual([
      { type: 'call-media-restored', callId: 'c1' },
    ]);
  });

  it('waits for a re-INVITE in flight with a growing jittered delay, which cancel() stops', async () => {
    const h = setup();
    h.session.dialog!.reinviteUserAgentServer = {};
    h.restore.transportLost();
    h.restore.registered();
    // random() is 0.5: half of the 1 s, 2 s, 4 s windows, then no longer growing.
    await vi.advanceTimersByTimeAsync(500 + 1_000 + 2_000 + 2_000);
    expect(h.session.reInvites).toHaveLength(0);
    delete h.session.dialog!.reinviteUserAgentServer;
    await vi.advanceTimersByTimeAsync(1_999);
    expect(h.session.reInvites).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.session.reInvites).toHaveLength(1);
    h.session.answerReInvite(480);
    h.restore.cancel(h.call);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.session.reInvites).toHaveLength(1);
  });

  it('reset() forgets a pending restore', () => {
    const h = setup();
    h.restore.transportLost();
    h.restore.reset();
    h.restore.registered();
    expect(h.session.reInvites).toHaveLength(0);
  });
});
