// Retries that never give up (sip-lab.md): after a failure, wait fullJitterDelay(attempt) and try
// again, forever, one try at a time. sip.js fires onDisconnect only when a *connected* transport
// drops, so a failed `reconnect()` is silent (sip-lab.md pitfall 6): the scheduler reschedules
// itself whenever a try rejects. The engine resets it once registered, and `now()` lets
// `online` / OS resume skip the wait.
import { fullJitterDelay, RECONNECT_BACKOFF } from '../../common/backoff.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const globalTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface RetrySchedulerOptions {
  now(): number;
  random(): number;
  timers?: Timers;
  /** One try. Rejecting means "failed: schedule the next one". */
  attempt(): Promise<void>;
  /** A try is planned: `attempt` is 1-based; `at` is when it will run. */
  onScheduled?(attempt: number, at: number): void;
  /** A try is starting now. */
  onAttempt?(attempt: number): void;
  onFailed?(attempt: number, error: unknown): void;
}

export interface RetryScheduler {
  /** Plan the next try after the backoff delay, unless one is planned or running already. */
  schedule(): void;
  /** Forget the backoff and try at once (unless a try is running). */
  now(): void;
  /** Success: the next failure starts the backoff from the beginning. */
  reset(): void;
  /** Stop: nothing planned, nothing more after a running try. */
  cancel(): void;
  readonly failures: number;
  readonly pending: boolean;
  readonly running: boolean;
}

export function createRetryScheduler(options: RetrySchedulerOptions): RetryScheduler {
  const timers = options.timers ?? globalTimers;
  let failures = 0;
  let timer: unknown = null;
  let running = false;
  let generation = 0;

  const clear = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const run = () => {
    timer = null;
    running = true;
    const mine = generation;
    const attempt = failures + 1;
    options.onAttempt?.(attempt);
    let promise: Promise<void>;
    try {
      promise = options.attempt();
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      () => {
        if (mine !== generation) return;
        running = false;
      },
      (error: unknown) => {
        if (mine !== generation) return;
        running = false;
        failures += 1;
        options.onFailed?.(attempt, error);
        scheduler.schedule();
      },
    );
  };

  const scheduler: RetryScheduler = {
    schedule() {
      if (timer !== null || running) return;
      const delay = fullJitterDelay(failures, RECONNECT_BACKOFF, options.random);
      timer = timers.setTimeout(run, delay);
      options.onScheduled?.(failures + 1, options.now() + delay);
    },
    now() {
      failures = 0;
      if (running) return;
      clear();
      run();
    },
    reset() {
      failures = 0;
      clear();
    },
    cancel() {
      generation += 1;
      failures = 0;
      running = false;
      clear();
    },
    get failures() {
      return failures;
    },
    get pending() {
      return timer !== null;
    },
    get running() {
      return running;
    },
  };
  return scheduler;
}

export interface KeepAliveOptions {
  intervalMs: number;
  /** No answer within this time: the connection is dead (half-open). */
  timeoutMs: number;
  timers?: Timers & {
    setInterval(fn: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
  };
  /**
   * Send one OPTIONS; resolve with the final status code (sip.js makes 408/503 itself on a
   * timeout or a transport error).
   */
  ping(): Promise<number>;
  /** The connection is not answering: force a reconnect. */
  onDead(reason: string): void;
}

export interface KeepAlive {
  start(): void;
  stop(): void;
  /** Probe now (after OS resume): a sleeping laptop's connection is often half-open. */
  probe(): void;
}

const DEAD_STATUSES = new Set([408, 503]);

/**
 * OPTIONS keep-alive (sip-lab.md pitfall 7): a half-open WebSocket is never noticed by sip.js,
 * so ping the proxy every `intervalMs`; 408, 503, a failure to send or no answer within
 * `timeoutMs` means dead. Any other answer (even 404) proves the proxy is there.
 */
export function createKeepAlive(options: KeepAliveOptions): KeepAlive {
  const timers = options.timers ?? {
    ...globalTimers,
    setInterval: (fn: () => void, ms: number) => globalThis.setInterval(fn, ms),
    clearInterval: (handle: unknown) =>
      globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
  };
  let interval: unknown = null;
  let inFlight: { timeout: unknown; id: number } | null = null;
  let counter = 0;

  const settle = (id: number, deadReason: string | null) => {
    if (!inFlight || inFlight.id !== id) return;
    timers.clearTimeout(inFlight.timeout);
    inFlight = null;
    if (deadReason !== null && interval !== null) options.onDead(deadReason);
  };

  const probe = () => {
    if (inFlight || interval === null) return;
    counter += 1;
    const id = counter;
    inFlight = {
      id,
      timeout: timers.setTimeout(() => settle(id, 'keep-alive timeout'), options.timeoutMs),
    };
    let sent: Promise<number>;
    try {
      sent = options.ping();
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      (status) => settle(id, DEAD_STATUSES.has(status) ? `keep-alive ${status}` : null),
      () => settle(id, 'keep-alive send failed'),
    );
  };

  return {
    start() {
      if (interval !== null) return;
      interval = timers.setInterval(probe, options.intervalMs);
    },
    stop() {
      if (interval !== null) timers.clearInterval(interval);
      interval = null;
      if (inFlight) timers.clearTimeout(inFlight.timeout);
      inFlight = null;
    },
    probe,
  };
}
