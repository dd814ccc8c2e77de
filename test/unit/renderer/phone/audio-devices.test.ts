// Audio devices through the engine (audio-devices.ts): chosen devices applied and persisted,
// microphone switched mid-call, fallback when a headset is pulled.
import { describe, expect, it, vi } from 'vitest';
import { flush, inCall, registered, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('audio devices', () => {
  it('applies the chosen speaker and ringer, and hands choices to main to persist', async () => {
    const h = await registered();
    await h.phone.selectDevice('speaker', 'headset-out');
    expect(h.audio.setSinkId).toHaveBeenLastCalledWith('headset-out');
    await h.phone.selectDevice('ringer', 'default');
    expect(h.ringer.setDevice).toHaveBeenLastCalledWith('default');
    expect(h.onDevicesChosen).toHaveBeenLastCalledWith({ microphoneId: 'headset-mic', speakerId: 'headset-out', ringerId: 'default' });
    expect(h.state().devices).toMatchObject({ speakerId: 'headset-out', ringerId: 'default' });
  });

  it('switches the microphone mid-call with replaceTrack (no re-INVITE)', async () => {
    const h = await inCall();
    h.phone.mute(true);
    await h.phone.selectDevice('microphone', 'default');
    const sender = h.invitation.sessionDescriptionHandler!.peerConnection.senders[0]!;
    expect(sender.replaced).toHaveLength(1);
    expect(sender.track!.label).toBe('fresh mic');
    expect(sender.track!.enabled).toBe(false); // still muted
    expect(h.invitation.reInvites).toHaveLength(0);
  });

  it('falls back to the default when the headset is pulled mid-call, with a notice and an event', async () => {
    const h = await inCall();
    h.unplug(['headset-mic', 'headset-out']);
    await flush();
    expect(h.state().devices).toMatchObject({ microphoneId: 'default', speakerId: 'default', notice: { kind: 'speaker-fallback', label: 'Headset Earphones' } });
    expect(h.ofType('device-fallback').map((e) => e.kind)).toEqual(['microphone', 'speaker']);
    expect(h.invitation.sessionDescriptionHandler!.peerConnection.senders[0]!.replaced).toHaveLength(1);
    expect(h.getUserMedia).toHaveBeenLastCalledWith(expect.objectContaining({ audio: expect.not.objectContaining({ deviceId: expect.anything() }) }));
    expect(h.audio.setSinkId).toHaveBeenLastCalledWith('');
    expect(h.onDevicesChosen).not.toHaveBeenCalled();
    h.phone.store.dispatch({ type: 'notice-dismissed' });
    expect(h.state().devices.notice).toBeNull();
  });
});
