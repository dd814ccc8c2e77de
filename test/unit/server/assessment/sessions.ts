// Test data for the monthly close: sessions with their keypad rating, their review and, for a
// suspected fraud, the alert — written as the records service stores them, so the real indicators
// (server/indicators/) read them as they read live data.
import { randomUUID } from 'node:crypto';
import { raiseAlert } from '../../../../server/alerts/repository.js';
import type { Queryable } from '../../../../server/db.js';

export interface SessionSpec {
  agent: string;
  at: Date | string;
  status?: 'verified' | 'not-confirmed' | 'suspended';
  training?: boolean;
  fraud?: boolean;
  /** The keypad answer: a rating, declined or no answer; none when absent. */
  rating?: 1 | 2 | 3 | 4 | 5 | 'declined' | 'no-answer';
  /** A lead's review: every step correct or not; none when absent. */
  correct?: boolean;
}

/** Writes one session (and its rating and review) as the records service stores them. */
export async function addSession(db: Queryable, spec: SessionSpec): Promise<string> {
  const id = randomUUID();
  const at = new Date(spec.at);
  const status = spec.status ?? 'verified';
  await db.query(
    `insert into verification_sessions
       (id, call_id, agent_username, agent_tier, caller_number, business_type, customer_fixed,
        status, steps, passed, approval, fraud_reasons, created_at, updated_at, training)
     values ($1, $2, $3, 'agent', '13800138000', 'enquiry', false, $4, '[]', '[]',
             'not-required', $5, $6, $6, $7)`,
    [
      id,
      `call-${id.slice(0, 8)}`,
      spec.agent,
      status,
      JSON.stringify(spec.fraud ? ['caller-not-reserved'] : []),
      at,
      spec.training ?? false,
    ],
  );
  // The service raises a fraud alert with every suspicion (server/alerts/emergency.ts); the
  // indicators count catches from those alerts.
  if (spec.fraud)
    await raiseAlert(db, {
      kind: 'fraud-suspected',
      at,
      agentUsername: spec.agent,
      sessionId: id,
      reasons: ['caller-not-reserved'],
    });
  if (spec.rating !== undefined) {
    const rated = typeof spec.rating === 'number';
    await db.query(
      `insert into session_surveys (session_id, call_id, agent_username, outcome, rating,
                                    recorded_at)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        `call-${id.slice(0, 8)}`,
        spec.agent,
        rated ? 'rated' : spec.rating,
        rated ? spec.rating : null,
        at,
      ],
    );
  }
  if (spec.correct !== undefined) {
    await db.query(
      // The call's day in the centre's time zone, as the sampling writes it (common dayOf).
      `insert into review_queue (session_id, day, agent_username, reasons, sampled_at)
       values ($1, ($2::timestamptz at time zone 'Asia/Shanghai')::date, $3, '["random"]', $2)`,
      [id, at, spec.agent],
    );
    await db.query(
      `insert into session_reviews (session_id, reviewer, reviewed_at, correct, steps)
       values ($1, 'lead01', $2, $3, $4)`,
      [id, at, spec.correct, JSON.stringify([{ step: 'basic', correct: spec.correct }])],
    );
  }
  return id;
}
