// What every part of the softphone engine shares: the store's dispatch, the report to main, the
// error channel, the log, clock, randomness and timers, and the running configuration. The
// engine (engine.ts) builds it once; the parts never reach for globals themselves. Nothing here
// may carry a keypad digit or a credential out of the engine.
import type { PhoneConfig, PhoneEvent } from '../../common/phone.js';
import type { PhoneLogSink } from './sip-log.js';
import type { PhoneAction } from './state.js';

export interface EngineTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const globalEngineTimers: EngineTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

/** The i18n keys of PhoneState.lastError the engine sets. */
export type ErrorKey =
  | 'no-account'
  | 'not-connected'
  | 'busy'
  | 'bad-target'
  | 'no-call'
  | 'call-failed'
  | 'answer-failed'
  | 'hold-failed'
  | 'bad-dtmf'
  | 'dtmf-failed'
  | 'transfer-failed'
  | 'transfer-unconfirmed'
  | 'consult-failed'
  | 'consult-ended'
  | 'microphone-failed'
  | 'device-failed'
  | 'training-failed'
  | 'unexpected';

export interface EngineContext {
  dispatch(action: PhoneAction): void;
  /** To main (journal, call history), in order (report-queue.ts); never throws. */
  report(event: PhoneEvent): void;
  /** Show an error to the agent (PhoneState.lastError). */
  fail(key: ErrorKey, params?: Record<string, string>): void;
  log: PhoneLogSink;
  now(): number;
  /** [0, 1); backoff jitter. */
  random(): number;
  uuid(): string;
  timers: EngineTimers;
  /** The configuration the phone was started with; null while stopped. */
  config(): PhoneConfig | null;
}

export const noop = (): void => {};

/** An error's message for a log line, capped. */
export const errorText = (error: unknown, max = 120): string =>
  String(error instanceof Error ? error.message : error).slice(0, max);
