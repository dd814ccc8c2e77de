// `GET /health`: liveness and database reachability for monitors, and the desktop's first sign of
// a records outage (Art. 12). Public, so it names the database kind and the version and nothing
// else; a failure answers 503 in a shape both monitors and the desktop read.
import { z } from 'zod';
import type { Db } from './db.js';
import type { Api } from './http.js';

const Health = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
});
const HealthDown = z.object({
  status: z.literal('unavailable'),
  error: z.object({ code: z.literal('unavailable'), message: z.string() }),
});

export async function healthPlugin(
  api: Api,
  { db, version }: { db: Db; version: string },
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
        return reply.status(503).send({
          status: 'unavailable',
          error: { code: 'unavailable', message: 'the records database is unreachable' },
        });
      }
    },
  );
}
