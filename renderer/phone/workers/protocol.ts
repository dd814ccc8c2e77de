// What the page and the phone's two same-origin worker files say to each other: the
// telephone-events transform worker and the tone-detector worklet. Types and names only, so the
// page and the workers (each typed for its own global scope) share one definition.
// A digit crosses here only toward secure entry; nothing here is ever logged.

/** Built by scripts/build.mjs beside index.html (the CSP admits only same-origin workers). */
export const TRANSFORM_WORKER_FILE = 'telephone-events.worker.js';
export const TONE_DETECTOR_FILE = 'tone-detector.worklet.js';
/** The name the worklet registers its processor under. */
export const TONE_DETECTOR_PROCESSOR = 'dtmf-tone-detector';

/**
 * The options of each RTCRtpScriptTransform: a receiver of audio reads telephone-events; every
 * other sender or receiver only passes its frames on (a peer connection created with
 * `encodedInsertableStreams` sends and plays nothing that no transform passes on).
 */
export interface TransformOptions {
  role: 'audio-receiver' | 'pass';
}

/** Frames seen by the worker's transforms, for tests and diagnostics. */
export interface FrameCounts {
  /** Audio (not telephone-event) frames passed on by audio receivers. */
  audio: number;
  /** Telephone-event frames received. */
  events: number;
  /** Telephone-event frames dropped (while listening). */
  dropped: number;
}

export type ToTransformWorker =
  | { type: 'listening'; on: boolean }
  | { type: 'counts' }
  /** Older Chromium without RTCRtpScriptTransform: the streams of createEncodedStreams(). */
  | {
      type: 'streams';
      options: TransformOptions;
      readable: ReadableStream<unknown>;
      writable: WritableStream<unknown>;
    };

export type FromTransformWorker =
  /** The script loaded and runs (an error before this means it never loaded). */
  | { type: 'ready' }
  /** The first telephone-event frame of this peer connection (listening or not). */
  | { type: 'telephone-events' }
  /** A key press begun while listening. */
  | { type: 'digit'; digit: string }
  | { type: 'counts'; counts: FrameCounts };

export type FromToneDetector = { type: 'digit'; digit: string };
