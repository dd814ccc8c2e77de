// The training line's SQL (Art. 9): a training session's passcode in the outbox its simulated
// customer reads, the results (append-only), and the best scores an agent's standing is read
// from. Only synthetic customers' passcodes are ever written here.
import { randomUUID } from 'node:crypto';
import type { TrainingResult } from '../../common/training-api.js';
import type { Miss, TrainingEvent, TrainingScore } from '../../common/training.js';
import type { Queryable } from '../db.js';

export async function insertTrainingOtp(
  tx: Queryable,
  otp: { sessionId: string; code: string; at: Date },
): Promise<void> {
  await tx.query(
    'insert into training_otp_outbox (id, session_id, code, sent_at) values ($1, $2, $3, $4)',
    [randomUUID(), otp.sessionId, otp.code, otp.at],
  );
}

/** The newest passcode sent for a training session, or undefined when none was. */
export async function latestTrainingOtp(
  tx: Queryable,
  sessionId: string,
): Promise<string | undefined> {
  const { rows } = await tx.query<{ code: string }>(
    `select o.code from training_otp_outbox o join verification_sessions s on s.id = o.session_id
      where o.session_id = $1 and s.training order by o.sent_at desc, o.id limit 1`,
    [sessionId],
  );
  return rows[0]?.code;
}

export interface NewResult {
  username: string;
  scenarioId: string;
  courseId: string | null;
  sessionId: string | null;
  score: TrainingScore;
  events: readonly TrainingEvent[];
  at: Date;
}

interface ResultRow {
  id: string;
  username: string;
  name: string | null;
  scenario_id: string;
  course_id: string | null;
  score: number;
  passed: boolean;
  misses: Miss[];
  seconds_to_verify: number | null;
  created_at: Date;
}

const toResult = (r: ResultRow): TrainingResult => ({
  id: r.id,
  username: r.username,
  name: r.name ?? r.username,
  scenarioId: r.scenario_id,
  courseId: r.course_id,
  score: r.score,
  passed: r.passed,
  misses: r.misses,
  secondsToVerify: r.seconds_to_verify,
  at: r.created_at.toISOString(),
});

const RESULT_COLUMNS = `r.id, r.username, a.name, r.scenario_id, r.course_id, r.score, r.passed,
  r.misses, r.seconds_to_verify, r.created_at`;

/** Keeps a scored result; false when its session already has one (a replayed upload). */
export async function insertResult(tx: Queryable, r: NewResult): Promise<TrainingResult | null> {
  const id = randomUUID();
  const { rows } = await tx.query<{ id: string }>(
    `insert into training_results (id, username, scenario_id, course_id, session_id, score,
        passed, misses, seconds_to_verify, events, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::jsonb, $11)
     on conflict do nothing returning id`,
    [
      id,
      r.username,
      r.scenarioId,
      r.courseId,
      r.sessionId,
      r.score.score,
      r.score.passed,
      JSON.stringify(r.score.misses),
      r.score.secondsToVerify,
      JSON.stringify(r.events),
      r.at,
    ],
  );
  if (rows.length === 0) return null;
  const read = await tx.query<ResultRow>(
    `select ${RESULT_COLUMNS} from training_results r left join agents a on a.username = r.username
      where r.id = $1`,
    [id],
  );
  return toResult(read.rows[0]!);
}

/**
 * Results newest first (at most `limit`): one agent's (`username`), a team's (`team`; null: the
 * agents in no team), or everyone's (neither).
 */
export async function listResults(
  tx: Queryable,
  filter: { username?: string | undefined; team?: string | null | undefined; limit: number },
): Promise<TrainingResult[]> {
  const { rows } = await tx.query<ResultRow>(
    `select ${RESULT_COLUMNS} from training_results r left join agents a on a.username = r.username
      where ($1::text is null or r.username = $1)
        and (not $2::boolean or a.team is not distinct from $3::text)
      order by r.created_at desc, r.id limit $4`,
    [filter.username ?? null, filter.team !== undefined, filter.team ?? null, filter.limit],
  );
  return rows.map(toResult);
}

/** Per scenario the agent tried: the best score, and the best among passed results. */
export async function bestScores(
  tx: Queryable,
  username: string,
): Promise<{ scenarioId: string; best: number; bestPassed: number | null }[]> {
  const { rows } = await tx.query<{
    scenario_id: string;
    best: number;
    best_passed: number | null;
  }>(
    `select scenario_id, max(score)::int as best,
            (max(score) filter (where passed))::int as best_passed
       from training_results where username = $1 group by scenario_id`,
    [username],
  );
  return rows.map((r) => ({
    scenarioId: r.scenario_id,
    best: r.best,
    bestPassed: r.best_passed,
  }));
}

/** The mobiles of the customers a session named (its own, and any a check tried): catalog keys. */
export async function sessionCustomerMobiles(tx: Queryable, sessionId: string): Promise<string[]> {
  const { rows } = await tx.query<{ mobile: string; training: boolean }>(
    `select distinct c.mobile, c.training from customers c
      where c.id in (select customer_id from verification_sessions where id = $1
                     union select customer_id from verification_events where session_id = $1)`,
    [sessionId],
  );
  // A live customer can never be a scenario's: answered as a mobile no catalog entry has.
  return rows.map((r) => (r.training ? r.mobile : 'live'));
}
