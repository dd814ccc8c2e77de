// The records service in the assessment bench's own process (bundled by esbuild): PostgreSQL,
// migrated, the HTTP routes on a loopback port, and the month close's computation (exact
// percentiles) to time directly. No archive sealing here: the bench loads a month in bulk, which
// a running service would have sealed a minute at a time as it came in.
import type { AddressInfo } from 'node:net';
import { buildServer } from '../server/app.js';
import { openPostgres } from '../server/db.js';
import { monthIndicators } from '../server/indicators/compute.js';
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

/** The month close's call: exact percentiles, inside one transaction; answers its ms. */
export async function timeMonthClose(databaseUrl: string, month: string): Promise<number> {
  const db = await openPostgres(databaseUrl);
  try {
    const t0 = performance.now();
    await db.transaction((tx) =>
      monthIndicators(tx, month, {
        team: null,
        targets: INDICATOR_TARGETS,
        timeZone: FLOOR_POLICY.timeZone,
      }),
    );
    return performance.now() - t0;
  } finally {
    await db.close();
  }
}
