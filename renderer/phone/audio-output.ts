// Where the phone's sound goes: the part of HTMLAudioElement the engine and the ringer use, and
// the browser's element for it. Never put in the DOM: an Audio element plays without being
// attached. Both media.ts and ringer.ts build on this; it imports neither.

/** The part of HTMLAudioElement we use. */
export interface AudioOutput {
  srcObject: MediaProvider | null;
  play(): Promise<void>;
  pause(): void;
  setSinkId?(sinkId: string): Promise<void>;
}

export function createAudioElement(): AudioOutput {
  const audio = new Audio();
  audio.autoplay = true;
  return audio;
}
