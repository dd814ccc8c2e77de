// Audio device choices: microphone, speaker and ringer, each chosen separately. The rules are pure
// (tested in test/unit/renderer/phone/devices.test.ts); the engine applies them with getUserMedia,
// RTCRtpSender.replaceTrack and HTMLMediaElement.setSinkId.

export type DeviceKind = 'microphone' | 'speaker' | 'ringer';

/** What enumerateDevices() gives, reduced to what we use. */
export interface DeviceInfoLike {
  deviceId: string;
  kind: string; // 'audioinput' | 'audiooutput' | 'videoinput'
  label: string;
}

export interface DeviceChoice {
  microphoneId: string;
  speakerId: string;
  ringerId: string;
}

export const DEFAULT_DEVICE = 'default';

/** '' (never chosen) means the system default. */
export const normalizeDeviceId = (id: string | null | undefined): string =>
  id && id.trim() !== '' ? id : DEFAULT_DEVICE;

export function listDevices(devices: readonly DeviceInfoLike[]): {
  microphones: { deviceId: string; label: string }[];
  speakers: { deviceId: string; label: string }[];
} {
  const pick = (kind: string) =>
    devices
      .filter((device) => device.kind === kind && device.deviceId !== '')
      .map((device) => ({ deviceId: device.deviceId, label: device.label }));
  return { microphones: pick('audioinput'), speakers: pick('audiooutput') };
}

const kindOf: Record<DeviceKind, string> = {
  microphone: 'audioinput',
  speaker: 'audiooutput',
  ringer: 'audiooutput',
};
const idOf: Record<DeviceKind, keyof DeviceChoice> = {
  microphone: 'microphoneId',
  speaker: 'speakerId',
  ringer: 'ringerId',
};

export interface FallbackResult {
  choice: DeviceChoice;
  /** Kinds whose chosen device is gone and now use the default, with the label it had. */
  fellBack: { kind: DeviceKind; label: string }[];
}

/**
 * After `devicechange`: a chosen device that is no longer listed falls back to the default.
 * A kind with no listed ids (enumeration failed, or no media permission yet) is left alone,
 * rather than dropping every choice. `labels` remembers what the device was called, for the notice.
 */
export function resolveFallbacks(
  choice: DeviceChoice,
  available: readonly DeviceInfoLike[],
  labels: ReadonlyMap<string, string> = new Map(),
): FallbackResult {
  const next = { ...choice };
  const fellBack: FallbackResult['fellBack'] = [];
  for (const kind of ['microphone', 'speaker', 'ringer'] as const) {
    const id = normalizeDeviceId(choice[idOf[kind]]);
    if (id === DEFAULT_DEVICE) continue;
    // Before media permission, browsers list devices without ids: nothing can be concluded.
    const listed = available.filter(
      (device) => device.kind === kindOf[kind] && device.deviceId !== '',
    );
    if (listed.length === 0) continue;
    if (listed.some((device) => device.deviceId === id)) continue;
    next[idOf[kind]] = DEFAULT_DEVICE;
    fellBack.push({ kind, label: labels.get(`${kindOf[kind]}:${id}`) ?? '' });
  }
  return { choice: next, fellBack };
}

/** Labels by `kind:deviceId`, to name a device after it has gone. */
export function rememberLabels(
  labels: Map<string, string>,
  devices: readonly DeviceInfoLike[],
): void {
  for (const device of devices)
    if (device.label) labels.set(`${device.kind}:${device.deviceId}`, device.label);
}

/** getUserMedia audio constraints for a microphone choice: echo cancellation etc. on. */
export function microphoneConstraints(microphoneId: string): MediaStreamConstraints {
  const id = normalizeDeviceId(microphoneId);
  const audio: MediaTrackConstraints = {
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
  if (id !== DEFAULT_DEVICE) audio.deviceId = { exact: id };
  return { audio, video: false };
}

/** setSinkId takes '' for the system default. */
export const sinkIdFor = (deviceId: string): string =>
  normalizeDeviceId(deviceId) === DEFAULT_DEVICE ? '' : deviceId;
