// `GET /health`: liveness and database reachability for monitors, and the desktop's first sign of
// a records outage (Art. 12). Public, so it names the database kind and the version and nothing
// else; a failure answers 503 in a shape both monitors and the desktop read. `GET /health/live`
// and `GET /health/ready` are for orchestrators and load balancers (docs/deploy.md).
import { z } from 'zod';
import type { Db } from './db.js';
import type { Api } from './http.js';
import { MIGRATIONS } from './migrations.js';

const Health = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
});
const HealthDown = z.object({
  status: z.literal('unavailable'),
  error: z.object({ code: z.literal('unavailable'), message: z.string() }),
});
const Live = z.object({ status: z.literal('ok') });

/** What readiness knows beyond the database: set by start.ts when the service begins to drain. */
export interface Readiness {
  draining: boolean;
}

const LATEST_MIGRATION = MIGRATIONS[MIGRATIONS.length - 1]!.id;
const NOT_MIGRATED = 'the database schema is not migrated to this version';

const down = (message: string) => ({
  status: 'unavailable' as const,
  error: { code: 'unavailable' as const, message },
});

/** Why this instance should not take traffic now, or null when it should. */
async function notReady(db: Db, readiness: Readiness): Promise<string | null> {
  if (readiness.draining) return 'the service is shutting down';
  try {
    const { rows } = await db.query<{ id: string }>(
      'select id from schema_migrations where id = $1',
      [LATEST_MIGRATION],
    );
    return rows.length === 1 ? null : NOT_MIGRATED;
  } catch (error) {
    // 42P01 undefined_table: the database answers but was never migrated.
    return (error as { code?: string }).code === '42P01'
      ? NOT_MIGRATED
      : 'the records database is unreachable';
  }
}

export async function healthPlugin(
  api: Api,
  { db, version, readiness }: { db: Db; version: string; readiness: Readiness },
): Promise<void> {
  api.get(
    '/health',
    {
      schema: {
        summary: 'Liveness and database reachability',
        tags: ['service'],
        response: { 200: Health, 503: HealthDown },
      },
    },
    async (request, reply) => {
      try {
        await db.query('select 1');
        return { status: 'ok' as const, db: db.kind, version };
      } catch (error) {
        request.log.warn({ err: error }, 'health check: database unreachable');
        // `status` for monitors, `error` for the desktop's records client (Art. 12 outage path).
        return reply.status(503).send(down('the records database is unreachable'));
      }
    },
  );

  // The process answers: nothing else is checked, so a database outage never gets every
  // instance restarted at once (readiness takes them out of the balancer instead).
  api.get(
    '/health/live',
    {
      schema: {
        summary: 'Liveness: the process answers HTTP',
        tags: ['service'],
        response: { 200: Live },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  api.get(
    '/health/ready',
    {
      schema: {
        summary:
          'Readiness: the database answers, its schema is migrated to this version, and the service is not shutting down',
        tags: ['service'],
        response: { 200: Health, 503: HealthDown },
      },
    },
    async (request, reply) => {
      const reason = await notReady(db, readiness);
      if (reason === null) return { status: 'ok' as const, db: db.kind, version };
      if (!readiness.draining) request.log.warn({ reason }, 'readiness check failed');
      return reply.status(503).send(down(reason));
    },
  );
}
