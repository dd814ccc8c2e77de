// A @fastify/rate-limit store in the database: every instance on one PostgreSQL counts the same
// hits, so a client's budget (sign-ins, checks, look-ups) is one budget however the load balancer
// spreads its requests. Fixed windows, as the in-memory store had; they run on the service clock.
// Hits that arrive while a count is on its way are counted together in the next statement (group
// commit): at a floor's load one statement counts many requests' hits, each still answered its
// own place in the window before its request goes on.
import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Db, Queryable } from '../db.js';

/** What @fastify/rate-limit passes a store's `child()` for each limited route. */
type RouteParams = Parameters<FastifyRateLimitStore['child']>[0];
type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Expired rows are purged after this many hits counted by one instance. */
const PURGE_EVERY = 1000;
/** Distinct keys counted by one statement at most (the rest wait for the next). */
const BATCH_KEYS = 256;

/** Hits to count for one key: how many, and the window a new row opens. */
export interface Hits {
  key: string;
  count: number;
  windowMs: number;
}

/**
 * Counts hits for distinct keys in one statement; answers, per key, the hits in its current window
 * after these and the ms left in it. Keys are written in sorted order, so two instances counting
 * overlapping keys at once wait for each other instead of deadlocking.
 */
export async function countHits(
  tx: Queryable,
  hits: readonly Hits[],
  now: Date,
): Promise<Map<string, { current: number; ttl: number }>> {
  const sorted = [...hits].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const { rows } = await tx.query<{ key: string; hits: number; ttl_ms: number }>(
    `insert into rate_limit_hits as r (key, hits, window_end)
     select k, n, $1::timestamptz + make_interval(secs => w / 1000)
       from unnest($2::text[], $3::int[], $4::float8[]) with ordinality as t(k, n, w, o)
      order by o
     on conflict (key) do update set
       hits = case when r.window_end <= $1 then excluded.hits else r.hits + excluded.hits end,
       window_end = case when r.window_end <= $1 then excluded.window_end else r.window_end end
     returning key, hits, (extract(epoch from window_end - $1::timestamptz) * 1000)::float8 as ttl_ms`,
    [now, sorted.map((h) => h.key), sorted.map((h) => h.count), sorted.map((h) => h.windowMs)],
  );
  return new Map(
    rows.map((row) => [row.key, { current: row.hits, ttl: Math.max(0, Math.round(row.ttl_ms)) }]),
  );
}

/** Counts one hit for `key`; answers the hits in the current window and the ms left in it. */
export async function countHit(
  tx: Queryable,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ current: number; ttl: number }> {
  return (await countHits(tx, [{ key, count: 1, windowMs }], now)).get(key)!;
}

/** Deletes windows that ended before `now`; answers how many. */
export async function purgeExpiredHits(tx: Queryable, now: Date): Promise<number> {
  const { rows } = await tx.query(
    'delete from rate_limit_hits where window_end <= $1 returning 1',
    [now],
  );
  return rows.length;
}

interface Waiting {
  windowMs: number;
  callbacks: IncrCallback[];
}

/**
 * One count in flight at a time: the first hit is counted at once; hits arriving meanwhile wait
 * for it and are then counted together, each told its own place (the n-th of a key's k hits in a
 * statement that answered `current` is `current - k + n`).
 */
export class HitCounter {
  private waiting = new Map<string, Waiting>();
  private counting = false;
  private counted = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  incr(key: string, windowMs: number, callback: IncrCallback): void {
    const entry = this.waiting.get(key);
    if (entry) entry.callbacks.push(callback);
    else this.waiting.set(key, { windowMs, callbacks: [callback] });
    if (!this.counting) void this.drain();
  }

  private async drain(): Promise<void> {
    this.counting = true;
    try {
      while (this.waiting.size > 0) {
        const batch = [...this.waiting].slice(0, BATCH_KEYS);
        for (const [key] of batch) this.waiting.delete(key);
        await this.count(batch);
      }
    } finally {
      this.counting = false;
    }
  }

  private async count(batch: [string, Waiting][]): Promise<void> {
    const at = this.now();
    try {
      const hits = batch.map(([key, w]) => ({
        key,
        count: w.callbacks.length,
        windowMs: w.windowMs,
      }));
      const counts = await countHits(this.db, hits, at);
      for (const [key, { callbacks }] of batch) {
        const { current, ttl } = counts.get(key)!;
        callbacks.forEach((callback, n) =>
          callback(null, { current: current - callbacks.length + n + 1, ttl }),
        );
      }
    } catch (error) {
      for (const [, { callbacks }] of batch)
        for (const callback of callbacks) callback(error as Error);
    }
    const before = this.counted;
    for (const [, { callbacks }] of batch) this.counted += callbacks.length;
    if (Math.floor(before / PURGE_EVERY) !== Math.floor(this.counted / PURGE_EVERY))
      void purgeExpiredHits(this.db, at).catch(() => {});
  }
}

/** The store class @fastify/rate-limit instantiates (`store` option), bound to `db` and a clock. */
export function databaseRateLimitStore(db: Db, now: () => Date) {
  const counter = new HitCounter(db, now);
  return class DatabaseRateLimitStore {
    private readonly scope: string;
    constructor(_global?: unknown, scope = '') {
      this.scope = scope;
    }
    // The plugin passes the route's window as a third argument (its typings omit it).
    incr(key: string, callback: IncrCallback, timeWindow = 60_000): void {
      const hashed = createHash('sha256').update(`${this.scope}\n${key}`).digest('hex');
      counter.incr(hashed, timeWindow, callback);
    }
    child(params: RouteParams): DatabaseRateLimitStore {
      const route = (params as { routeInfo?: unknown }).routeInfo as
        { method?: string | string[]; url?: string } | undefined;
      const method = [route?.method ?? ''].flat().join(',');
      return new DatabaseRateLimitStore(undefined, `${method} ${route?.url ?? ''}`);
    }
  };
}
