// Everything the engine needs from the browser's media stack, behind one interface so unit tests
// pass fakes and the engine never reaches for `navigator` or `document` directly. Nothing here is
// put in the DOM: an Audio element plays without being attached.
import { createAudioElement, type AudioOutput } from './audio-output.js';
import type { DeviceInfoLike } from './devices.js';
import { tapDigits, type DigitTap, type DigitTapOptions } from './received-digits.js';
import { createToneRinger, type Ringer } from './ringer.js';

export interface MediaHooks {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  enumerateDevices(): Promise<DeviceInfoLike[]>;
  /** Subscribe to `devicechange`; returns the unsubscribe function. */
  onDeviceChange(listener: () => void): () => void;
  /** Where the far end's audio plays (its sink is the chosen speaker). */
  createAudioOutput(): AudioOutput;
  createRinger(): Ringer;
  /** Keypad digits in a call's media (received-digits.ts); the frames pass on either way. */
  tapDigits(pc: RTCPeerConnection, options: DigitTapOptions): DigitTap;
}

export function browserMediaHooks(): MediaHooks {
  const devices = (): MediaDevices | undefined =>
    typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  return {
    getUserMedia(constraints) {
      const media = devices();
      if (!media)
        return Promise.reject(new Error('media devices unavailable (not a secure context?)'));
      return media.getUserMedia(constraints);
    },
    async enumerateDevices() {
      const media = devices();
      if (!media) return [];
      const list = await media.enumerateDevices();
      return list.map((device) => ({
        deviceId: device.deviceId,
        kind: device.kind,
        label: device.label,
      }));
    },
    onDeviceChange(listener) {
      const media = devices();
      if (!media) return () => {};
      media.addEventListener('devicechange', listener);
      return () => media.removeEventListener('devicechange', listener);
    },
    createAudioOutput: () => createAudioElement(),
    createRinger: () => createToneRinger(() => new AudioContext(), createAudioElement()),
    tapDigits,
  };
}

export type { AudioOutput, Ringer };
