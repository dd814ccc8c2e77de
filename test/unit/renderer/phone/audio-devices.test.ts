// Audio devices (audio-devices.ts): through the engine, chosen devices applied and persisted, the
// microphone switched mid-call, fallback when a headset is pulled; on their own, the microphone's
// fallback rules and what play, ring and release do.
import { describe, expect, it, vi } from 'vitest';
import {
  createAudioDevices,
  type AudioDevicesHooks,
} from '../../../../renderer/phone/audio-devices.js';
import type { AudioOutput } from '../../../../renderer/phone/media.js';
import type { Ringer } from '../../../../renderer/phone/ringer.js';
import { fakeContext } from './fake-context.js';
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
    expect(h.onDevicesChosen).toHaveBeenLastCalledWith({
      microphoneId: 'headset-mic',
      speakerId: 'headset-out',
      ringerId: 'default',
    });
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
    expect(h.state().devices).toMatchObject({
      microphoneId: 'default',
      speakerId: 'default',
      notice: { kind: 'speaker-fallback', label: 'Headset Earphones' },
    });
    expect(h.ofType('device-fallback').map((e) => e.kind)).toEqual(['microphone', 'speaker']);
    expect(
      h.invitation.sessionDescriptionHandler!.peerConnection.senders[0]!.replaced,
    ).toHaveLength(1);
    expect(h.getUserMedia).toHaveBeenLastCalledWith(
      expect.objectContaining({
        audio: expect.not.objectContaining({ deviceId: expect.anything() }),
      }),
    );
    expect(h.audio.setSinkId).toHaveBeenLastCalledWith('');
    expect(h.onDevicesChosen).not.toHaveBeenCalled();
    h.phone.store.dispatch({ type: 'notice-dismissed' });
    expect(h.state().devices.notice).toBeNull();
  });
});

describe('createAudioDevices on its own', () => {
  function setup(getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream>) {
    const fake = fakeContext();
    const output = {
      srcObject: null as unknown,
      play: vi.fn(() => Promise.resolve()),
      pause: vi.fn(),
      setSinkId: vi.fn(() => Promise.resolve()),
    };
    const ringer = {
      start: vi.fn(),
      stop: vi.fn(),
      setDevice: vi.fn(() => Promise.resolve()),
      dispose: vi.fn(),
    };
    const hooks: AudioDevicesHooks = {
      microphoneFellBack: vi.fn(),
      microphoneChosen: vi.fn(() => Promise.resolve()),
    };
    const audio = createAudioDevices(
      fake.ctx,
      {
        getUserMedia: vi.fn(getUserMedia),
        enumerateDevices: () => Promise.resolve([]),
        onDeviceChange: () => () => {},
        createAudioOutput: () => output as unknown as AudioOutput,
        createRinger: () => ringer as Ringer,
      },
      hooks,
    );
    audio.configure({ microphoneId: 'headset-mic', speakerId: 'headset-out', ringerId: '' });
    return { ...fake, audio, output, ringer, hooks };
  }
  const named = (name: string) => Object.assign(new Error(name), { name });
  const stream = {} as MediaStream;

  it('a chosen microphone that is gone: the default one, with a notice and an event', async () => {
    const h = setup((c) =>
      (c.audio as MediaTrackConstraints).deviceId
        ? Promise.reject(named('NotFoundError'))
        : Promise.resolve(stream),
    );
    await expect(h.audio.microphone()).resolves.toBe(stream);
    expect(h.dispatched.at(-1)).toEqual({
      type: 'devices',
      devices: {
        microphoneId: 'default',
        speakerId: 'headset-out',
        ringerId: 'default',
        notice: { kind: 'microphone-fallback', label: '' },
      },
    });
    expect(h.ofType('device-fallback')).toEqual([{ type: 'device-fallback', kind: 'microphone' }]);
  });

  it('a microphone refused for another reason is an error for the agent, not a fallback', async () => {
    const h = setup(() => Promise.reject(named('NotAllowedError')));
    await expect(h.audio.microphone()).rejects.toThrow('NotAllowedError');
    expect(h.errors).toEqual([{ key: 'microphone-failed' }]);
    expect(h.ofType('device-fallback')).toEqual([]);
  });

  it('plays on the chosen speaker, rings on the chosen ringer, and lets both go on release', () => {
    const h = setup(() => Promise.resolve(stream));
    h.audio.play(stream);
    expect(h.output.setSinkId).toHaveBeenCalledWith('headset-out');
    expect([h.output.srcObject, h.output.play.mock.calls.length]).toEqual([stream, 1]);
    h.audio.ring();
    // In the next task: the INVITE's task renders the caller ID first.
    expect(h.ringer.start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(h.ringer.setDevice).toHaveBeenCalledWith('default');
    expect(h.ringer.start).toHaveBeenCalledTimes(1);
    h.audio.release();
    expect(h.ringer.dispose).toHaveBeenCalled();
    expect(h.output.srcObject).toBeNull();
  });

  it('a ring stopped (or released) before its task never starts the ringer', () => {
    const h = setup(() => Promise.resolve(stream));
    h.audio.ring();
    h.audio.ring(); // asked twice before it starts: one ring
    h.audio.stopRinging();
    vi.advanceTimersByTime(10);
    expect(h.ringer.start).not.toHaveBeenCalled();
    h.audio.ring();
    h.audio.release();
    vi.advanceTimersByTime(10);
    expect(h.ringer.start).not.toHaveBeenCalled();
    h.audio.ring();
    h.audio.ring();
    vi.advanceTimersByTime(0);
    expect(h.ringer.start).toHaveBeenCalledTimes(1);
  });

  it('a microphone chosen by the agent is handed to live calls; a failure is shown', async () => {
    const h = setup(() => Promise.resolve(stream));
    await h.audio.select('microphone', 'usb-mic');
    expect(h.hooks.microphoneChosen).toHaveBeenCalled();
    vi.mocked(h.hooks.microphoneChosen).mockRejectedValueOnce(new Error('gone'));
    await h.audio.select('microphone', 'other-mic');
    expect(h.errors).toEqual([{ key: 'device-failed' }]);
  });
});
