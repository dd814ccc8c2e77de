// The desk's one push stream from the records service (`GET /api/v1/events`, Art. 10, 26): held
// while someone is signed in, re-connected with full-jitter backoff (common/backoff.ts). Each
// (re)connect is announced to listeners as `resync` — pushes may have been missed meanwhile — so
// every consumer re-fetches then. A stream from an earlier sign-in never emits after a new one.
import { RECONNECT_BACKOFF, fullJitterDelay, type BackoffWindow } from '../../../common/backoff.js';
import { DeskEvent } from '../../../common/floor-api.js';
import type { Logger } from '../logger.js';
import { createSseParser } from './sse-parser.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RecordsEventsOptions {
  baseUrl: string;
  logger: Logger;
  fetch?: typeof fetch;
  backoff?: BackoffWindow;
  random?: () => number;
  /**
   * Nothing at all (not even the service's 15 s keep-alive comment) for this long: the stream is
   * taken for dead (a half-open TCP connection) and re-connected. Default 45 s.
   */
  idleMs?: number;
  timers?: Timers;
}

export type RecordsEventListener = (event: DeskEvent) => void;

export interface RecordsEvents {
  /** Holds a stream with this token (a stream of an earlier token is dropped first). */
  start(token: string): void;
  /** Drops the stream; nothing more is emitted until the next start. */
  stop(): void;
  subscribe(listener: RecordsEventListener): () => void;
  /** Whether a stream is up now (after its `ready`). */
  connected(): boolean;
  /**
   * The records service answers again (the connectivity probe saw it): a stream waiting out its
   * backoff (up to 30 s) reconnects within a second instead, with jitter so desks spread.
   */
  retrySoon(): void;
}

/** What listeners are told on every (re)connect: re-fetch everything. */
export const RESYNC: DeskEvent = { kind: 'resync', id: null, username: null };

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function createRecordsEvents(options: RecordsEventsOptions): RecordsEvents {
  const { logger } = options;
  const doFetch = options.fetch ?? fetch;
  const timers = options.timers ?? defaultTimers;
  const window = options.backoff ?? RECONNECT_BACKOFF;
  const random = options.random ?? Math.random;
  const idleMs = options.idleMs ?? 45_000;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/v1/events`;
  const listeners = new Set<RecordsEventListener>();

  /** The running stream; a new start or a stop replaces it, so an old loop sees it is stale. */
  let run: {
    token: string;
    abort: AbortController;
    retry: unknown;
    up: boolean;
    /** Ends the backoff wait early (set while waiting). */
    wake: (() => void) | null;
  } | null = null;

  const emit = (event: DeskEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.warn({ err: (error as Error).message, kind: event.kind }, 'push listener failed');
      }
    }
  };

  /** One connection: resolves when it ends; `fatal` when retrying cannot help (401, `end`). */
  async function connect(
    mine: NonNullable<typeof run>,
    onReady: () => void,
  ): Promise<'fatal' | 'retry'> {
    const current = () => run === mine;
    let idle: unknown = null;
    const touch = () => {
      if (idle !== null) timers.clearTimeout(idle);
      idle = timers.setTimeout(() => mine.abort.abort(new Error('idle')), idleMs);
    };
    try {
      touch();
      const response = await doFetch(url, {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${mine.token}` },
        signal: mine.abort.signal,
      });
      if (response.status === 401 || response.status === 403) {
        logger.warn({ status: response.status }, 'push stream refused: the sign-in is not valid');
        return 'fatal';
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        logger.warn({ status: response.status }, 'push stream not available; retrying');
        return 'retry';
      }
      const parser = createSseParser();
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !current()) {
          await reader.cancel().catch(() => undefined);
          return 'retry';
        }
        touch();
        for (const event of parser.feed(decoder.decode(value, { stream: true }))) {
          if (!current()) return 'retry';
          if (event.event === 'ready') onReady();
          else if (event.event === 'end') {
            logger.warn('push stream ended by the records service: the sign-in is not valid');
            return 'fatal';
          } else if (event.event === 'message') {
            const parsed = parseEvent(event.data);
            if (parsed) emit(parsed);
            else logger.warn('push stream sent an event of an unknown shape; ignored');
          }
        }
      }
    } catch (error) {
      if (current())
        logger.info({ err: (error as Error).message }, 'push stream dropped; reconnecting');
      return 'retry';
    } finally {
      if (idle !== null) timers.clearTimeout(idle);
    }
  }

  async function loop(mine: NonNullable<typeof run>): Promise<void> {
    let attempt = 0;
    while (run === mine) {
      const outcome = await connect(mine, () => {
        attempt = 0;
        mine.up = true;
        emit(RESYNC);
      });
      mine.up = false;
      if (run !== mine) return;
      if (outcome === 'fatal') {
        run = null;
        return;
      }
      const delay = fullJitterDelay(attempt, window, random);
      attempt += 1;
      mine.abort = new AbortController();
      await new Promise<void>((resolve) => {
        mine.wake = resolve;
        mine.retry = timers.setTimeout(() => resolve(), delay);
      });
      mine.wake = null;
    }
  }

  function stop(): void {
    if (!run) return;
    const old = run;
    run = null;
    old.abort.abort(new Error('stopped'));
    if (old.retry !== null) timers.clearTimeout(old.retry);
  }

  return {
    start(token) {
      stop();
      const mine = {
        token,
        abort: new AbortController(),
        retry: null as unknown,
        up: false,
        wake: null as (() => void) | null,
      };
      run = mine;
      void loop(mine);
    },
    stop,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connected: () => run?.up === true,
    retrySoon() {
      const waiting = run;
      if (!waiting?.wake) return;
      const wake = waiting.wake;
      if (waiting.retry !== null) timers.clearTimeout(waiting.retry);
      waiting.retry = timers.setTimeout(wake, random() * window.baseMs);
    },
  };
}

function parseEvent(data: string): DeskEvent | null {
  try {
    const parsed = DeskEvent.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
