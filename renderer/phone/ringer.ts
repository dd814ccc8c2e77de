// The ringtone: made with WebAudio (no audio file to ship or for the CSP to block) and played
// through its own Audio element, so it can ring on a device other than the call's speaker
// (setSinkId) — a loudspeaker while the agent's headset is on the desk.
import type { AudioOutput } from './audio-output.js';
import { sinkIdFor } from './devices.js';

export interface Ringer {
  start(): void;
  stop(): void;
  /** Choose the ringer device ('default' or a deviceId). */
  setDevice(deviceId: string): Promise<void>;
  dispose(): void;
}

/** Ring cadence: on 0.4 s, off 0.2 s, on 0.4 s, off 2 s (a double ring), 3 s a cycle. */
const CADENCE: [on: number, off: number][] = [
  [0.4, 0.2],
  [0.4, 2.0],
];
const CYCLE_SECONDS = CADENCE.reduce((sum, [on, off]) => sum + on + off, 0);
/** Scheduled ahead; longer than any ringing (sip.js rejects unanswered calls after 60 s). */
const CYCLES = 40;

export function createToneRinger(createContext: () => AudioContext, output: AudioOutput): Ringer {
  let context: AudioContext | null = null;
  let destination: MediaStreamAudioDestinationNode | null = null;
  let voices: { oscillators: OscillatorNode[]; gain: GainNode } | null = null;
  let deviceId = 'default';

  const ensureContext = (): {
    context: AudioContext;
    destination: MediaStreamAudioDestinationNode;
  } => {
    if (!context || !destination) {
      context = createContext();
      destination = context.createMediaStreamDestination();
      output.srcObject = destination.stream;
    }
    return { context, destination };
  };

  const stopVoices = () => {
    if (!voices) return;
    for (const oscillator of voices.oscillators) {
      try {
        oscillator.stop();
      } catch {
        // already stopped
      }
      oscillator.disconnect();
    }
    voices.gain.disconnect();
    voices = null;
  };

  return {
    start() {
      if (voices) return;
      try {
        const { context: ctx, destination: dest } = ensureContext();
        void ctx.resume().catch(() => {});
        const gain = ctx.createGain();
        gain.gain.value = 0;
        gain.connect(dest);
        const oscillators = [440, 480].map((frequency) => {
          const oscillator = ctx.createOscillator();
          oscillator.frequency.value = frequency;
          oscillator.connect(gain);
          return oscillator;
        });
        const start = ctx.currentTime + 0.05;
        for (let cycle = 0; cycle < CYCLES; cycle += 1) {
          let t = start + cycle * CYCLE_SECONDS;
          for (const [on, off] of CADENCE) {
            gain.gain.setTargetAtTime(0.2, t, 0.01);
            gain.gain.setTargetAtTime(0, t + on, 0.01);
            t += on + off;
          }
        }
        for (const oscillator of oscillators) {
          oscillator.start(start);
          oscillator.stop(start + CYCLES * CYCLE_SECONDS);
        }
        voices = { oscillators, gain };
        void output.play().catch(() => {
          // Autoplay refused (no user gesture yet): the desktop notification still shows the call.
        });
      } catch {
        // No WebAudio: ring silently; the incoming-call panel and notification remain.
      }
    },
    stop() {
      stopVoices();
      output.pause();
    },
    async setDevice(id) {
      deviceId = id;
      if (output.setSinkId) await output.setSinkId(sinkIdFor(deviceId));
    },
    dispose() {
      stopVoices();
      output.pause();
      output.srcObject = null;
      if (context) void context.close().catch(() => {});
      context = null;
      destination = null;
    },
  };
}
