// A new alert must be noticed by a lead working in another window (Art. 10, 18): a short two-tone
// chime made with Web Audio (nothing to bundle) and a desktop notification through the browser's
// Notification API (renderer/softphone/notifications.ts). The notification names the kind only
// (Art. 11: the OS keeps notifications in its own history). With the console open in a window of
// its own beside the desk (or two tabs of the web host), one window sounds: the one holding a Web
// Lock, handed on when it closes.
import { browserNotifier, type NotificationText } from '../../softphone/notifications.js';

export interface AlertAlarm {
  sound(): void;
  notify(tag: string, text: NotificationText, onClick: () => void): void;
  requestPermission(): Promise<void>;
}

type AudioScope = { AudioContext?: typeof AudioContext };

/** Two short beeps, 880 Hz then 660 Hz; silent where there is no Web Audio. */
export function playChime(scope: AudioScope = globalThis as AudioScope): void {
  const Ctor = scope.AudioContext;
  if (!Ctor) return;
  try {
    const audio = new Ctor();
    const gain = audio.createGain();
    gain.connect(audio.destination);
    const start = audio.currentTime;
    gain.gain.setValueAtTime(0.0001, start);
    [880, 660].forEach((hz, i) => {
      const at = start + i * 0.18;
      const tone = audio.createOscillator();
      tone.type = 'sine';
      tone.frequency.setValueAtTime(hz, at);
      tone.connect(gain);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
      tone.start(at);
      tone.stop(at + 0.17);
      if (i === 1) tone.onended = () => void audio.close();
    });
  } catch {
    // Autoplay refused before any click: the notification and the tab still tell.
  }
}

/** The part of the Web Locks API the election uses. */
export interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

/**
 * Whether this window is the one that sounds: the first window to ask holds the lock for its
 * lifetime; the others wait in line and take over when it closes. No Web Locks: every window.
 */
export function alarmWindowElection(locks: LockManagerLike | undefined): () => boolean {
  if (!locks) return () => true;
  let leader = false;
  void locks
    .request(
      'agent-desk-alert-alarm',
      () =>
        new Promise<void>(() => {
          leader = true; // held until the window goes
        }),
    )
    .catch(() => (leader = true));
  return () => leader;
}

/** One per window: `isLeader` from `alarmWindowElection`, shared by every room that sounds. */
export function browserAlarm(scope: Window, isLeader: () => boolean = () => true): AlertAlarm {
  const notifier = browserNotifier(scope as never);
  return {
    sound() {
      if (isLeader()) playChime(scope as unknown as AudioScope);
    },
    notify(tag, text, onClick) {
      if (isLeader()) notifier.show(tag, text, onClick);
    },
    requestPermission: () => notifier.requestPermission(),
  };
}
