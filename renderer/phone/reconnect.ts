// Retries that never give up (sip-lab.md): after a failure, wait reconnectDelay(time since the
// outage began) and try again, forever, one try at a time. sip.js fires onDisconnect only when a
// *connected* transport drops, so a failed `reconnect()` is silent (sip-lab.md pitfall 6): the
// scheduler reschedules itself whenever a try rejects. The engine resets it once registered, and
// `now()` lets `online` / OS resume skip the wait.
import { fullJitterDelay } from '../../common/backoff.js';

/**
 * The reconnect window: full jitter over [0, ceiling), where the ceiling is a share of how long the
 * outage has lasted so far, at least `firstMs`, at most `capMs`. A desk that lost a proxy which
 * restarts in a second is back a few hundred ms after it (one desk p95 ≤ 500 ms), while desks that
 * lost it together come back spread over a third of the outage: 500 desks after a 30 s outage
 * arrive over ~10 s, after a long one over 30 s. The number of tries grows with the logarithm of
 * the outage (≈ 6 per tenfold), which keeps Chromium's own WebSocket throttle small after short
 * outages: it holds every new connection of a page back by up to 5 s · 2^(f / (s + 1)) / 65536,
 * with f failed and s successful connections of the last 2–4 minutes (2^16 at most).
 */
export interface ReconnectWindow {
  readonly firstMs: number;
  readonly share: number;
  readonly capMs: number;
}

export const RECONNECT_WINDOW: ReconnectWindow = { firstMs: 300, share: 1 / 3, capMs: 30_000 };

/** The wait before the next try, `elapsedMs` into the outage; `random` returns [0, 1). */
export function reconnectDelay(
  elapsedMs: number,
  random: () => number,
  window: ReconnectWindow = RECONNECT_WINDOW,
): number {
  const elapsed = Number.isFinite(elapsedMs) ? Math.max(0, elapsedMs) : 0;
  const ceiling = Math.min(window.capMs, Math.max(window.firstMs, elapsed * window.share));
  return fullJitterDelay(0, { baseMs: ceiling, capMs: ceiling }, random);
}

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
  /** The retry window (RECONNECT_WINDOW unless given). */
  window?: ReconnectWindow;
  /** One try. Rejecting means "failed: schedule the next one". */
  attempt(): Promise<void>;
  /** A try is planned: `attempt` is 1-based; `at` is when it will run. */
  onScheduled?(attempt: number, at: number): void;
  /** A try is starting now. */
  onAttempt?(attempt: number): void;
  onFailed?(attempt: number, error: unknown): void;
}

export interface RetryScheduler {
  /**
   * Plan the next try after reconnectDelay(time since the first unanswered schedule()), unless one
   * is planned or running already.
   */
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
  /** When this outage began (the first schedule() since a success), or null. */
  let since: number | null = null;
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
      const at = options.now();
      since ??= at;
      const delay = reconnectDelay(at - since, options.random, options.window);
      timer = timers.setTimeout(run, delay);
      options.onScheduled?.(failures + 1, at + delay);
    },
    now() {
      failures = 0;
      since = null;
      if (running) return;
      clear();
      run();
    },
    reset() {
      failures = 0;
      since = null;
      clear();
    },
    cancel() {
      generation += 1;
      failures = 0;
      since = null;
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
