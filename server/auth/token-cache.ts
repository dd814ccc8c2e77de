// Who a bearer token belongs to, remembered by this instance so a signed-in request does not pay
// a database round trip for it (issue 17: the look-up and the check are two and three requests of
// an agent's call, each of which used to read the token first). PostgreSQL stays the authority:
// triggers (migration 0028, ./schema.ts) NOTIFY every change to a token or an agent, and every
// instance LISTENs and forgets what changed, so a sign-out or a disabled agent counts on all
// instances at once. The cache serves only while that channel is live; a drop empties it until
// the link is back, and nothing is kept longer than MAX_AGE_MS in case a notification is lost.
import type { AgentProfile } from '../../common/domain.js';
import type { Db, Unlisten } from '../db.js';

/** What a live token resolves to. */
export interface TokenOwner {
  agent: AgentProfile;
  auditor: boolean;
  expiresAt: Date;
}

/** A belt to the NOTIFY braces: an entry is read from the database again after this long. */
export const MAX_AGE_MS = 30_000;
/** Bounded memory: a centre has hundreds of desks signed in, not tens of thousands. */
export const MAX_ENTRIES = 10_000;
/** The payload that empties the cache (an agent changed: its tier, name or enabled flag). */
export const EVERY_TOKEN = '*';

export interface TokenCache {
  /** The owner of a cached token still live at `now`, or undefined (then read the database). */
  get(hash: string, now: Date): TokenOwner | undefined;
  /**
   * Remembers what the database answered. `since` is `generation()` taken before the read: if
   * anything was invalidated meanwhile the answer may predate it, and is not kept.
   */
  set(hash: string, owner: TokenOwner, since: number, now: Date): void;
  generation(): number;
  /** This instance changed a token itself (sign-out): forget it now, not at the NOTIFY. */
  forget(hash: string): void;
  /** Starts listening (once; again after a failure). Resolves when the cache may serve. */
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly live: boolean;
}

interface Entry extends TokenOwner {
  cachedAt: number;
}

export function createTokenCache(
  db: Pick<Db, 'query' | 'listen'>,
  onError: (error: Error) => void = () => {},
): TokenCache {
  const entries = new Map<string, Entry>();
  let generation = 0;
  let live = false;
  let unlisten: Unlisten | null = null;
  let starting: Promise<void> | null = null;
  let stopped = false;

  const invalidate = (hash: string) => {
    generation++;
    if (hash === EVERY_TOKEN) entries.clear();
    else entries.delete(hash);
  };
  const down = () => {
    live = false;
    invalidate(EVERY_TOKEN);
  };

  return {
    get(hash, now) {
      if (!live) return undefined;
      const entry = entries.get(hash);
      if (!entry) return undefined;
      if (entry.expiresAt <= now || now.getTime() - entry.cachedAt >= MAX_AGE_MS) {
        entries.delete(hash);
        return undefined;
      }
      return entry;
    },
    set(hash, owner, since, now) {
      if (!live || since !== generation) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(hash, { ...owner, cachedAt: now.getTime() });
    },
    generation: () => generation,
    forget: invalidate,
    start() {
      if (!db.listen) return Promise.resolve();
      starting ??= (async () => {
        const { rows } = await db.query<{ channel: string }>(
          'select auth_changes_channel() as channel',
        );
        const stop = await db.listen!(rows[0]!.channel, {
          onPayload: invalidate,
          onReconnect: () => {
            invalidate(EVERY_TOKEN);
            live = !stopped;
          },
          onError: (error) => {
            down();
            onError(error);
          },
        });
        if (stopped) return void (await stop());
        unlisten = stop;
        live = true;
      })();
      // A failed start (database down) is tried again by the next request.
      starting.catch((error: Error) => {
        starting = null;
        onError(error);
      });
      return starting;
    },
    async stop() {
      stopped = true;
      down();
      await starting?.catch(() => {});
      const stopping = unlisten;
      unlisten = null;
      await stopping?.();
    },
    get live() {
      return live;
    },
  };
}
