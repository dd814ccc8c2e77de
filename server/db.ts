// One tiny database interface over two engines: PostgreSQL in production, PGlite (Postgres compiled
// to WebAssembly) as the embedded default. Both speak the same SQL with $1 placeholders, so every
// query in server/ is written once and tested on both (architecture.md, "server/").
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { listenPostgres, type ListenHandlers, type Unlisten } from './db-listen.js';

export type { ListenHandlers, Unlisten } from './db-listen.js';

export type DbKind = 'pglite' | 'postgres';

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>>;
  /** Several `;`-separated statements without parameters (migrations only). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Connections this instance may hold (PostgreSQL); 1 for PGlite. Shares are bounded by it. */
  readonly poolSize: number;
  /** Runs `fn` in BEGIN … COMMIT; any throw rolls back and is rethrown. Not re-entrant. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Idempotent: the server's onClose and a test's cleanup may both call it. */
  close(): Promise<void>;
  /**
   * LISTEN on `channel` (a plain lower-case name) for the push stream; resolves once in force.
   * Absent on a stand-in database (tests): the service then pushes nothing.
   */
  listen?(channel: string, handlers: ListenHandlers): Promise<Unlisten>;
}

export interface OpenDbOptions {
  /** `postgres://…`; when set, PostgreSQL is used and `dataDir` is ignored. */
  databaseUrl?: string;
  /** PGlite keeps its files under `<dataDir>/pgdata`; without it, PGlite runs in memory. */
  dataDir?: string;
  /** PostgreSQL connections per instance (default DEFAULT_POOL_SIZE). */
  poolSize?: number;
}

/**
 * Connections per records-service instance. Each request holds one for a few short statements;
 * more than the database's cores mostly adds queueing inside PostgreSQL, fewer than the clients
 * queues them here (several instances share one database: mind its max_connections).
 */
export const DEFAULT_POOL_SIZE = 10;

export function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize);
  if (options.dataDir === undefined) return openPglite(undefined);
  const dir = join(options.dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  return openPglite(dir);
}

/**
 * PGlite is single-connection: it queues queries behind a mutex, and a transaction holds that
 * mutex, so `db.query` issued during a transaction waits for it. One process per data dir.
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const pglite = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await target.query<T>(sql, params ? [...params] : undefined);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  let closing: Promise<void> | null = null;
  return {
    kind: 'pglite',
    poolSize: 1,
    ...wrap(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    close: () => (closing ??= pglite.close()),
    // One connection: NOTIFY from this same session reaches its own listeners after COMMIT, so
    // several services over one PGlite object (tests) hear each other like separate instances.
    async listen(channel, handlers) {
      const unlisten = await pglite.listen(channel, (payload) => handlers.onPayload(payload));
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
  };
}

/**
 * Statements run as named (prepared) statements: PostgreSQL parses and plans each once per
 * connection instead of on every call — most of the records service's statements are short
 * look-ups where that is a large share of the work. Not prepared: `*` result lists (a migration
 * adding a column would change a cached plan's result type), statements with many parameters
 * (multi-row inserts: one text per row count) and anything past a bound on distinct texts.
 */
const PREPARED_MAX_TEXTS = 500;
const PREPARED_MAX_PARAMS = 32;
const STAR_RESULT = /\bselect\s+\*|\breturning\s+\*|\.\*/i;
const preparedNames = new Map<string, string | null>();

/**
 * Whether a statement of this text and parameter count can run prepared (the bound on distinct
 * texts aside). A statement on a hot path that cannot is planned on every call: the verification
 * flow's are held to it (test/unit/server/verification/round-trips.test.ts).
 */
export const preparable = (sql: string, params: number): boolean =>
  params <= PREPARED_MAX_PARAMS && !STAR_RESULT.test(sql);

function statementName(sql: string, params: number): string | null {
  let name = preparedNames.get(sql);
  if (name === undefined) {
    name =
      preparedNames.size < PREPARED_MAX_TEXTS && !STAR_RESULT.test(sql)
        ? `s${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`
        : null;
    preparedNames.set(sql, name);
  }
  return preparable(sql, params) ? name : null;
}

/** A prepared plan whose result type changed under it (a schema change): drop that connection. */
const stalePlan = (error: unknown): boolean =>
  (error as { code?: string }).code === '0A000' &&
  /cached plan must not change result type/.test(String((error as Error).message));

function queryConfig(sql: string, params?: readonly unknown[]): pg.QueryConfig {
  const values = params ? [...params] : undefined;
  const name = statementName(sql, values?.length ?? 0);
  return name ? { name, text: sql, ...(values ? { values } : {}) } : { text: sql, values };
}

export async function openPostgres(url: string, poolSize = DEFAULT_POOL_SIZE): Promise<Db> {
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new RangeError('poolSize must be a positive integer');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that would crash the
  // process. The next query fails cleanly instead and /health reports it (Art. 12, Art. 25).
  pool.on('error', () => {});
  const exec = async (target: pg.Pool | pg.PoolClient, sql: string) => {
    await target.query(sql); // no parameters → simple protocol → several statements allowed
  };
  const onClient = (client: pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await client.query(queryConfig(sql, params));
      return { rows: result.rows as T[] };
    },
    exec: (sql) => exec(client, sql),
  });
  const onPool: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]) {
      try {
        return { rows: (await pool.query(queryConfig(sql, params))).rows as T[] };
      } catch (error) {
        // pg-pool discards a connection whose query failed: the retry gets a fresh one.
        if (!stalePlan(error)) throw error;
        return { rows: (await pool.query(sql, params ? [...params] : undefined)).rows as T[] };
      }
    },
    exec: (sql) => exec(pool, sql),
  };
  // Fail at open, not on the first request, when the URL is wrong or the server is down.
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    kind: 'postgres',
    poolSize,
    ...onPool,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A connection lost mid-transaction (a restart, pg_terminate_backend) emits 'error' on the
      // checked-out client after its query failed; unhandled, that would end the process.
      const lost = (error: Error) => (broken = error);
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const value = await fn(onClient(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        if (stalePlan(error)) broken = error as Error; // next time, a fresh connection
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error; // do not return a connection in an unknown state
        }
        throw error;
      } finally {
        // A broken client is discarded and may still report its end: it keeps the listener.
        if (!broken) client.off('error', lost);
        client.release(broken);
      }
    },
    close: () => (closing ??= pool.end()),
    listen: (channel, handlers) => listenPostgres(url, channel, handlers),
  };
}
