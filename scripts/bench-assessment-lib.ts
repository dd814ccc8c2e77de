// The records service in the assessment bench's own process (bundled by esbuild): PostgreSQL,
// migrated, the HTTP routes on a loopback port, and the month close (exact percentiles, frozen) to
// time directly. No archive sealing here: the bench loads a month in bulk, which
// a running service would have sealed a minute at a time as it came in.
import type { AddressInfo } from 'node:net';
import { buildServer } from '../server/app.js';
import { openPostgres } from '../server/db.js';
import { closeMonth } from '../server/assessment/close.js';
import { monthIndicators } from '../server/indicators/compute.js';
import { rollUpMonth } from '../server/indicators/rollup.js';
import { migrate } from '../server/migrations.js';
import { FLOOR_POLICY } from '../common/policy/floor.js';
import { INDICATOR_TARGETS } from '../common/policy/indicators.js';

export { BENCH_PASSWORD, BENCH_TEAMS, insertSyntheticAgents } from './bench-floor-lib.js';

export async function startIndicatorService(databaseUrl: string) {
  const db = await openPostgres(databaseUrl);
  await migrate(db);
  const app = buildServer({
    db,
    logger: false,
    pepper: 'bench-pepper-not-a-secret-000000',
    assessment: { rollupEveryMs: 0 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/**
 * The month close itself (server/assessment/close.ts): the month's settled days rolled up, then
 * one transaction under the month's lock that computes (exact percentiles) and freezes the report.
 * Answers its ms and how it ended ('closed' the first time).
 */
export async function timeMonthClose(databaseUrl: string, month: string) {
  const db = await openPostgres(databaseUrl);
  try {
    const t0 = performance.now();
    const outcome = await closeMonth(db, month, {
      indicators: monthIndicators,
      prepare: rollUpMonth,
      now: () => new Date(),
      targets: INDICATOR_TARGETS,
      timeZone: FLOOR_POLICY.timeZone,
      closedBy: 'bench',
    });
    return { ms: performance.now() - t0, status: outcome.status };
  } finally {
    await db.close();
  }
}
