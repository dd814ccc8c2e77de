// Test data for the monthly close: complaints as the journal archive stores them, and a server
// with the close freezing the real indicators (server/indicators/) on a movable clock.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../../server/app.js';
import type { AssessmentOptions } from '../../../../server/assessment/plugin.js';
import type { Db, Queryable } from '../../../../server/db.js';
import { TEST_COST, TEST_PEPPER, unclosable } from '../helpers.js';

export const DEMO_PASSWORD = 'demo-pass-1';
/** Small enough for hand-made months: two reviews and two ratings make an agent eligible. */
export const TEST_COMMENDATION = { minReviewed: 2, minRated: 2, best: 1 };

/** One complaint made at `at`, with the journal entry it came from. */
export async function addComplaint(db: Queryable, category: string, at: string): Promise<void> {
  const entry = randomUUID();
  const device = `desk-${entry.slice(0, 8)}`;
  await db.query(
    `insert into journal_entries (device_id, seq, id, hash, prev_hash, type, at, agent, data,
                                  received_at, received_by)
     values ($1, 1, $2, $3, $3, 'complaint.recorded', $4, 'agent01', $5, $4, 'agent01')`,
    [device, entry, '0'.repeat(64), at, JSON.stringify({ category, summary: '等待时间过长' })],
  );
  await db.query(
    `insert into complaints (id, entry_id, device_id, category, summary, recorded_at,
                             recorded_by, respond_by, created_at)
     values ($1, $2, $3, $4, '等待时间过长', $5, 'agent01', $5::timestamptz + interval '5 days', $5)`,
    [randomUUID(), entry, device, category, at],
  );
}

export interface ReportServer {
  app: FastifyInstance;
  token(username: string): Promise<string>;
}

/** A service over `db` whose clock reads `clock()`; the close freezes the real indicators. */
export function reportServer(
  db: Db,
  clock: () => Date,
  assessment: AssessmentOptions = {},
): ReportServer {
  const app = buildServer({
    db: unclosable(db),
    logger: false,
    passwordCost: TEST_COST,
    pepper: TEST_PEPPER,
    now: clock,
    assessment: {
      commendation: TEST_COMMENDATION,
      closedBy: 'test-instance',
      ...assessment,
    },
  });
  return {
    app,
    async token(username) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: DEMO_PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.body}`);
      return res.json().token as string;
    },
  };
}
