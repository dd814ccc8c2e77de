// LISTEN on PostgreSQL for the push stream (server/events/): a dedicated connection outside the
// pool (a pooled one may be handed to a transaction), reconnected with full-jitter backoff when it
// drops; after a reconnect `onReconnect` runs, since notifications sent meanwhile are lost.
import pg from 'pg';
import { fullJitterDelay } from '../common/backoff.js';

export type Unlisten = () => Promise<void>;

export interface ListenHandlers {
  onPayload(payload: string): void;
  /** The link came back after a drop: whatever was sent meanwhile is gone, re-read everything. */
  onReconnect?(): void;
  /** A drop or a failed reconnect (logged by the caller; never thrown). */
  onError?(error: Error): void;
}

const LISTEN_BACKOFF = { baseMs: 250, capMs: 10_000 };

/** Resolves once LISTEN is in force; rejects when the first connection fails. */
export async function listenPostgres(
  url: string,
  channel: string,
  handlers: ListenHandlers,
): Promise<Unlisten> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let attempt = 0;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined)
        handlers.onPayload(message.payload);
    });
    next.on('error', (error) => dropped(next, error));
    next.on('end', () => dropped(next, new Error('LISTEN connection ended')));
    await next.connect();
    await next.query(`listen ${channel}`);
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    attempt = 0;
  };

  const dropped = (which: pg.Client, error: Error) => {
    if (stopped || which !== client) return;
    client = null;
    which.end().catch(() => {});
    handlers.onError?.(error);
    schedule();
  };

  const schedule = () => {
    if (stopped || timer) return;
    const delay = fullJitterDelay(attempt++, LISTEN_BACKOFF, Math.random);
    timer = setTimeout(() => {
      timer = null;
      connect().then(
        () => {
          if (!stopped) handlers.onReconnect?.();
        },
        (error: Error) => {
          handlers.onError?.(error);
          schedule();
        },
      );
    }, delay);
    timer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const current = client;
    client = null;
    if (current) await current.end().catch(() => {});
  };
}
