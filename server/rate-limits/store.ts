// A @fastify/rate-limit store in the database: every instance on one PostgreSQL counts the same
// hits, so a client's budget (sign-ins, checks, look-ups) is one budget however the load balancer
// spreads its requests. Fixed windows, as the in-memory store had; they run on the service clock.
import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Db, Queryable } from '../db.js';

/** What @fastify/rate-limit passes a store's `child()` for each limited route. */
type RouteParams = Parameters<FastifyRateLimitStore['child']>[0];
type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Expired rows are purged after this many hits counted by one instance. */
const PURGE_EVERY = 1000;

/** Counts one hit for `key`; answers the hits in the current window and the ms left in it. */
export async function countHit(
  tx: Queryable,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ current: number; ttl: number }> {
  const { rows } = await tx.query<{ hits: number; ttl_ms: number }>(
    `insert into rate_limit_hits as r (key, hits, window_end)
     values ($1, 1, $2::timestamptz + make_interval(secs => $3::float8 / 1000))
     on conflict (key) do update set
       hits = case when r.window_end <= $2 then 1 else r.hits + 1 end,
       window_end = case when r.window_end <= $2 then excluded.window_end else r.window_end end
     returning hits, (extract(epoch from window_end - $2::timestamptz) * 1000)::float8 as ttl_ms`,
    [key, now, windowMs],
  );
  return { current: rows[0]!.hits, ttl: Math.max(0, Math.round(rows[0]!.ttl_ms)) };
}

/** Deletes windows that ended before `now`; answers how many. */
export async function purgeExpiredHits(tx: Queryable, now: Date): Promise<number> {
  const { rows } = await tx.query(
    'delete from rate_limit_hits where window_end <= $1 returning 1',
    [now],
  );
  return rows.length;
}

/** The store class @fastify/rate-limit instantiates (`store` option), bound to `db` and a clock. */
export function databaseRateLimitStore(db: Db, now: () => Date) {
  let counted = 0;
  return class DatabaseRateLimitStore {
    private readonly scope: string;
    constructor(_global?: unknown, scope = '') {
      this.scope = scope;
    }
    // The plugin passes the route's window as a third argument (its typings omit it).
    incr(key: string, callback: IncrCallback, timeWindow = 60_000): void {
      const at = now();
      const hashed = createHash('sha256').update(`${this.scope}\n${key}`).digest('hex');
      countHit(db, hashed, timeWindow, at).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
      if (++counted % PURGE_EVERY === 0) void purgeExpiredHits(db, at).catch(() => {});
    }
    child(params: RouteParams): DatabaseRateLimitStore {
      const route = (params as { routeInfo?: unknown }).routeInfo as
        { method?: string | string[]; url?: string } | undefined;
      const method = [route?.method ?? ''].flat().join(',');
      return new DatabaseRateLimitStore(undefined, `${method} ${route?.url ?? ''}`);
    }
  };
}
