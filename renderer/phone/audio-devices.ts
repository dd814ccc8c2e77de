// The phone's sound: which microphone, speaker and ringer the agent chose, the remote audio and
// the ringtone, and what happens when a device is unplugged (back to the default, with a notice).
// Device rules are pure in devices.ts; this applies them. The agent's choice is persisted only
// when the agent made it, never for an automatic fallback.
import type { Session } from 'sip.js';
import type { AudioOutput } from './audio-output.js';
import {
  DEFAULT_DEVICE,
  listDevices,
  microphoneConstraints,
  normalizeDeviceId,
  rememberLabels,
  resolveFallbacks,
  sinkIdFor,
  type DeviceChoice,
  type DeviceKind,
} from './devices.js';
import { noop, type EngineContext } from './engine-context.js';
import type { MediaHooks } from './media.js';
import type { Ringer } from './ringer.js';
import { sdhOf } from './sip-session.js';
import type { PhoneState } from './types.js';

export interface AudioDevicesHooks {
  /** The agent chose a device: persist it. */
  onDevicesChosen?(choice: DeviceChoice): void;
  /** The chosen microphone is gone: give live calls the default one. */
  microphoneFellBack(): void;
  /** The agent chose another microphone: give it to live calls. */
  microphoneChosen(): Promise<void>;
}

export interface AudioDevices {
  /** The devices of a new configuration. */
  configure(devices: DeviceChoice): void;
  /** Follow `devicechange`; returns the unsubscribe function. */
  watch(): () => void;
  /** List the devices again and fall back from any chosen one that has gone. */
  refresh(): Promise<void>;
  select(kind: DeviceKind, deviceId: string): Promise<void>;
  /** The chosen microphone; if it is gone, the default one, with a notice. */
  microphone(): Promise<MediaStream>;
  /** A fresh track from the chosen microphone in place of the session's (no renegotiation). */
  switchMicrophone(session: Session, enabled: boolean): Promise<void>;
  /** Play this stream on the chosen speaker; nothing when undefined. */
  play(stream: MediaStream | undefined): void;
  /**
   * Start the ringtone in the next task, not in the INVITE's: the caller ID is rendered first
   * (starting WebAudio and the element's play() costs milliseconds). stopRinging cancels it.
   */
  ring(): void;
  stopRinging(): void;
  release(): void;
}

const CHOICE_KEY = {
  microphone: 'microphoneId',
  speaker: 'speakerId',
  ringer: 'ringerId',
} as const;

function applySink(target: AudioOutput, deviceId: string): Promise<void> {
  if (!target.setSinkId) return Promise.resolve();
  return target.setSinkId(sinkIdFor(deviceId));
}

/**
 * The ringer, made on first use for the chosen device, and a ring asked for but not started yet:
 * the ring starts in the next task (see AudioDevices.ring), so stopping must cancel that too.
 */
function createRingtone(
  ctx: EngineContext,
  media: Pick<MediaHooks, 'createRinger'>,
  deviceId: () => string,
) {
  let ringer: Ringer | null = null;
  /** A ring asked for and not started yet (the timer handle). */
  let pendingRing: unknown = null;

  const cancelPendingRing = () => {
    if (pendingRing === null) return;
    ctx.timers.clearTimeout(pendingRing);
    pendingRing = null;
  };

  function ringerNow(): Ringer {
    if (!ringer) {
      ringer = media.createRinger();
      void ringer.setDevice(deviceId()).catch(noop);
    }
    return ringer;
  }

  return {
    ringerNow,
    /** The ringer if one was made, else null (a device fallback applies only to a made one). */
    existing: () => ringer,
    ring() {
      if (pendingRing !== null) return;
      pendingRing = ctx.timers.setTimeout(() => {
        pendingRing = null;
        ringerNow().start();
      }, 0);
    },
    stop() {
      cancelPendingRing();
      ringer?.stop();
    },
    release() {
      cancelPendingRing();
      ringer?.dispose();
      ringer = null;
    },
  };
}

export function createAudioDevices(
  ctx: EngineContext,
  media: Omit<MediaHooks, 'tapDigits'>,
  hooks: AudioDevicesHooks,
): AudioDevices {
  let choice: DeviceChoice = {
    microphoneId: DEFAULT_DEVICE,
    speakerId: DEFAULT_DEVICE,
    ringerId: DEFAULT_DEVICE,
  };
  const labels = new Map<string, string>();
  let remoteAudio: AudioOutput | null = null;
  const ringtone = createRingtone(ctx, media, () => choice.ringerId);

  const publishChoice = (extra: Partial<PhoneState['devices']> = {}) =>
    ctx.dispatch({ type: 'devices', devices: { ...choice, ...extra } });

  function output(): AudioOutput {
    if (!remoteAudio) {
      remoteAudio = media.createAudioOutput();
      void applySink(remoteAudio, choice.speakerId);
    }
    return remoteAudio;
  }

  function fallBack(kind: DeviceKind, label = '') {
    const key = CHOICE_KEY[kind];
    const listedAs = `${kind === 'microphone' ? 'audioinput' : 'audiooutput'}:${choice[key]}`;
    const knownLabel = label || labels.get(listedAs) || '';
    choice = { ...choice, [key]: DEFAULT_DEVICE };
    publishChoice({ notice: { kind: `${kind}-fallback`, label: knownLabel } });
    ctx.report({ type: 'device-fallback', kind });
  }

  async function microphone(): Promise<MediaStream> {
    const chosen = choice.microphoneId;
    try {
      return await media.getUserMedia(microphoneConstraints(chosen));
    } catch (error) {
      const gone =
        error instanceof Error &&
        (error.name === 'NotFoundError' || error.name === 'OverconstrainedError');
      if (!gone || normalizeDeviceId(chosen) === DEFAULT_DEVICE) {
        ctx.fail('microphone-failed');
        throw error;
      }
      fallBack('microphone');
      return media.getUserMedia(microphoneConstraints(DEFAULT_DEVICE));
    }
  }

  async function refresh(): Promise<void> {
    let list;
    try {
      list = await media.enumerateDevices();
    } catch {
      return;
    }
    const { fellBack } = resolveFallbacks(choice, list, labels);
    rememberLabels(labels, list);
    ctx.dispatch({ type: 'devices', devices: listDevices(list) });
    for (const { kind, label } of fellBack) {
      fallBack(kind, label);
      if (kind === 'speaker' && remoteAudio)
        void applySink(remoteAudio, DEFAULT_DEVICE).catch(noop);
      if (kind === 'ringer') void ringtone.existing()?.setDevice(DEFAULT_DEVICE).catch(noop);
      if (kind === 'microphone') hooks.microphoneFellBack();
    }
  }

  async function select(kind: DeviceKind, deviceId: string): Promise<void> {
    const id = normalizeDeviceId(deviceId);
    choice = { ...choice, [CHOICE_KEY[kind]]: id };
    publishChoice();
    hooks.onDevicesChosen?.({ ...choice });
    try {
      if (kind === 'speaker') await applySink(output(), id);
      else if (kind === 'ringer') await ringtone.ringerNow().setDevice(id);
      else await hooks.microphoneChosen();
    } catch {
      ctx.fail('device-failed');
    }
  }

  async function switchMicrophone(session: Session, enabled: boolean): Promise<void> {
    const sdh = sdhOf(session);
    const sender = sdh?.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
    if (!sdh || !sender) return;
    const track = (await microphone()).getAudioTracks()[0];
    if (!track) return;
    track.enabled = enabled;
    const old = sender.track;
    // replaceTrack: no renegotiation, the far end hears the new microphone at once.
    await sender.replaceTrack(track);
    const local = sdh.localMediaStream;
    if (old) {
      old.stop();
      local.removeTrack(old);
    }
    local.addTrack(track);
  }

  return {
    configure(devices) {
      choice = {
        microphoneId: normalizeDeviceId(devices.microphoneId),
        speakerId: normalizeDeviceId(devices.speakerId),
        ringerId: normalizeDeviceId(devices.ringerId),
      };
      publishChoice();
      if (remoteAudio) void applySink(remoteAudio, choice.speakerId).catch(noop);
    },
    watch: () => media.onDeviceChange(() => void refresh()),
    refresh,
    select,
    microphone,
    switchMicrophone,
    play(stream) {
      const out = output();
      out.srcObject = stream ?? null;
      if (stream) void out.play().catch(noop);
      else out.pause();
    },
    ring: ringtone.ring,
    stopRinging: ringtone.stop,
    release() {
      ringtone.release();
      if (remoteAudio) {
        remoteAudio.pause();
        remoteAudio.srcObject = null;
      }
    },
  };
}
