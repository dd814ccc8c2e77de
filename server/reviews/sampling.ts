// The daily review sample (Art. 19), decided when a verification session ends, in the transaction
// that writes its end status: every session that needed an approval, hit an exception or fraud,
// or changed business (Art. 4(2)) enters the queue, the rest by a seeded draw — HMAC(seed, session
// id) under the rate. Same answer on every instance and every run; no job, no memory.
import { FLOOR_POLICY } from '../../common/policy/floor.js';
import { createHmac } from 'node:crypto';
import {
  dayOf,
  DEFAULT_REVIEW_SAMPLE_RATE,
  drawFraction,
  isSampleRate,
  isTerminal,
  sampleReasons,
} from '../../common/policy.js';
import type { Queryable } from '../db.js';
import { notifyEvent } from '../events/bus.js';

/** The records service's review policy (BuildServerOptions.review). */
export interface ReviewOptions {
  /** Share of the other completed sessions drawn for review, 0–1. Default 0.05. */
  sampleRate?: number;
  /** Key of the draw. Default: derived from the pepper (RECORDS_PEPPER), so it is secret too. */
  seed?: string;
}

export interface ReviewPolicy {
  sampleRate: number;
  seed: string;
  /** The call centre's: a session's `day` (accuracy's month) is its day there. */
  timeZone: string;
}

/** The policy in force; a bad rate or an empty seed is refused at start-up. */
export function reviewPolicy(
  options: ReviewOptions | undefined,
  pepper: string,
  timeZone: string = FLOOR_POLICY.timeZone,
): ReviewPolicy {
  const sampleRate = options?.sampleRate ?? DEFAULT_REVIEW_SAMPLE_RATE;
  if (!isSampleRate(sampleRate)) throw new RangeError('review.sampleRate must be within 0–1');
  if (options?.seed === '') throw new RangeError('review.seed must not be empty');
  const seed =
    options?.seed ?? createHmac('sha256', pepper).update('review-sample-seed:v1').digest('hex');
  return { sampleRate, seed, timeZone };
}

/** The draw for one session, in [0, 1): the same for the same seed and id, everywhere. */
export const sampleDraw = (seed: string, sessionId: string): number =>
  drawFraction(createHmac('sha256', seed).update(`review-sample:v1:${sessionId}`).digest('hex'));

/**
 * Once the session has ended (and is not a training call), puts it in the review queue when it
 * must be reviewed or is drawn. Idempotent: a session enters once. Answers whether it entered.
 */
export async function sampleIfEnded(
  tx: Queryable,
  policy: ReviewPolicy,
  sessionId: string,
  at: Date,
): Promise<boolean> {
  const { rows } = await tx.query<{
    status: Parameters<typeof isTerminal>[0];
    agent_username: string;
    training: boolean;
    approval_reasons: unknown[];
    fraud_reasons: unknown[];
    passwords_proven: unknown[];
    approvals: number;
    changes: number;
    created_at: Date;
  }>(
    `select s.status, s.agent_username, s.training, s.approval_reasons, s.fraud_reasons,
            s.passwords_proven, s.created_at,
            (select count(*)::int from verification_approvals a where a.session_id = s.id)
              as approvals,
            (select count(*)::int from verification_events e
              where e.session_id = s.id and e.step = 'business') as changes
       from verification_sessions s where s.id = $1`,
    [sessionId],
  );
  const s = rows[0];
  if (!s || s.training || !isTerminal(s.status)) return false;
  const reasons = sampleReasons(
    {
      status: s.status,
      approvalNeeded: s.approval_reasons.length > 0 || s.approvals > 0,
      fraud: s.fraud_reasons.length > 0,
      steppedUp: s.changes > 0 || s.passwords_proven.length > 0,
    },
    sampleDraw(policy.seed, sessionId),
    policy.sampleRate,
  );
  if (reasons.length === 0) return false;
  const inserted = await tx.query(
    `insert into review_queue (session_id, day, agent_username, reasons, sampled_at)
     values ($1, $2::date, $3, $4::jsonb, $5) on conflict (session_id) do nothing returning session_id`,
    [
      sessionId,
      dayOf(new Date(s.created_at).getTime(), policy.timeZone),
      s.agent_username,
      JSON.stringify(reasons),
      at,
    ],
  );
  if (inserted.rows.length === 0) return false;
  await notifyEvent(tx, 'review.queued', sessionId, s.agent_username);
  return true;
}
