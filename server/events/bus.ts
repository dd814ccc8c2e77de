// One instance's end of the push channel: it LISTENs on the schema's NOTIFY channel (migration
// 0013) and hands each event to the streams connected to this instance. Writers NOTIFY in their
// own transaction (triggers, server/floor/), so every instance hears every committed change and
// nothing two instances must agree on lives here — only this process's open streams.
import type { FastifyBaseLogger } from 'fastify';
import { DeskEvent } from '../../common/floor-api.js';
import type { Db, Queryable, Unlisten } from '../db.js';

export interface EventBus {
  /** Called with every event; the returned function unsubscribes. */
  subscribe(listener: (event: DeskEvent) => void): () => void;
  /** Resolves once LISTEN is in force (a stream opened after it misses nothing committed). */
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly listening: boolean;
}

/** NOTIFY in the caller's transaction: delivered on COMMIT, never on a rollback. */
export async function notifyEvent(
  tx: Queryable,
  kind: DeskEvent['kind'],
  id: string | null,
  username: string | null,
): Promise<void> {
  await tx.query('select desk_event_notify($1, $2, $3)', [kind, id, username]);
}

export function createEventBus(db: Db, logger?: FastifyBaseLogger): EventBus {
  const listeners = new Set<(event: DeskEvent) => void>();
  let unlisten: Unlisten | null = null;
  let starting: Promise<void> | null = null;

  const deliver = (event: DeskEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger?.warn({ err: error }, 'event listener failed');
      }
    }
  };
  const onPayload = (payload: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      parsed = undefined;
    }
    const event = DeskEvent.safeParse(parsed);
    if (event.success) deliver(event.data);
    else logger?.warn({ payloadLength: payload.length }, 'unreadable event notification dropped');
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      starting ??= (async () => {
        if (!db.listen) {
          logger?.warn('this database cannot LISTEN: no pushes');
          return;
        }
        const { rows } = await db.query<{ channel: string }>(
          'select desk_events_channel() as channel',
        );
        unlisten = await db.listen(rows[0]!.channel, {
          onPayload,
          onReconnect: () => {
            logger?.info('event channel back: clients told to re-fetch');
            deliver({ kind: 'resync', id: null, username: null });
          },
          onError: (error) => logger?.warn({ err: error }, 'event channel dropped; reconnecting'),
        });
      })();
      // A failed start (database down, not migrated) is tried again by the next stream.
      starting.catch(() => (starting = null));
      return starting;
    },
    async stop() {
      await starting?.catch(() => {});
      const stopping = unlisten;
      unlisten = null;
      listeners.clear();
      await stopping?.();
    },
    get listening() {
      return unlisten !== null;
    },
  };
}
