// The review queue and the reviews in the database (Art. 19): the lead's page of sampled sessions
// (newest day first, people by name, callers masked), one sampled session with the steps to mark,
// and the review, written once. Both tables are append-only (migration 0020).
import type { ReviewItem, ReviewListQuery, StepMark } from '../../common/reviews-api.js';
import { maskCaller } from '../../common/phone-number.js';
import { reviewSteps, type ReviewReason, type ReviewStep } from '../../common/policy.js';
import type { Queryable } from '../db.js';
import type { SessionRow } from '../verification/repository.js';

interface ItemRow {
  session_id: string;
  day: string;
  agent_username: string;
  reasons: ReviewReason[];
  sampled_at: Date;
  call_id: string;
  caller_number: string;
  business_type: ReviewItem['businessType'];
  status: ReviewItem['outcome'];
  agent_name: string | null;
  team: string | null;
  reviewer: string | null;
  reviewer_name: string | null;
  reviewed_at: Date | null;
  correct: boolean | null;
}

const ITEM_SQL = `
  select q.session_id, q.day::text as day, q.agent_username, q.reasons, q.sampled_at,
         s.call_id, s.caller_number, s.business_type, s.status,
         a.name as agent_name, a.team,
         r.reviewer, ra.name as reviewer_name, r.reviewed_at, r.correct
    from review_queue q
    join verification_sessions s on s.id = q.session_id
    left join agents a on a.username = q.agent_username
    left join session_reviews r on r.session_id = q.session_id
    left join agents ra on ra.username = r.reviewer`;

const itemOf = (r: ItemRow): ReviewItem => ({
  sessionId: r.session_id,
  callId: r.call_id,
  day: r.day.slice(0, 10),
  agentUsername: r.agent_username,
  agentName: r.agent_name ?? r.agent_username,
  team: r.team,
  caller: maskCaller(r.caller_number),
  businessType: r.business_type,
  outcome: r.status,
  reasons: r.reasons,
  sampledAt: new Date(r.sampled_at).toISOString(),
  status: r.reviewed_at ? 'reviewed' : 'pending',
  reviewerName: r.reviewer ? (r.reviewer_name ?? r.reviewer) : null,
  reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
  correct: r.correct,
});

/** One page of the queue, newest day first; `team` null → every team. */
export async function listReviews(
  tx: Queryable,
  q: Omit<ReviewListQuery, 'team'> & { team: string | null },
): Promise<{ reviews: ReviewItem[]; nextOffset: number | null }> {
  const { rows } = await tx.query<ItemRow>(
    `${ITEM_SQL}
      where ($1::date is null or q.day = $1::date)
        and ($2::text is null or ($2::text = 'reviewed') = (r.session_id is not null))
        and ($3::text is null or a.team = $3::text)
      order by q.day desc, q.sampled_at desc, q.session_id
      limit $4 offset $5`,
    [q.day ?? null, q.status ?? null, q.team, q.limit + 1, q.offset],
  );
  return {
    reviews: rows.slice(0, q.limit).map(itemOf),
    nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
  };
}

/** One sampled session's queue entry, or undefined when it was never sampled. */
export async function readReviewItem(
  tx: Queryable,
  sessionId: string,
): Promise<ReviewItem | undefined> {
  const { rows } = await tx.query<ItemRow>(`${ITEM_SQL} where q.session_id = $1`, [sessionId]);
  return rows[0] && itemOf(rows[0]);
}

/** Holds the queue entry for the rest of the transaction: two reviews of one session queue here. */
export async function lockQueueEntry(tx: Queryable, sessionId: string): Promise<boolean> {
  const { rows } = await tx.query(
    'select session_id from review_queue where session_id = $1 for update',
    [sessionId],
  );
  return rows.length > 0;
}

/** The steps a reviewer marks: what was recorded, then what was planned and never recorded. */
export async function stepsToReview(tx: Queryable, sessionId: string): Promise<ReviewStep[]> {
  const session = await tx.query<Pick<SessionRow, 'steps' | 'passed'>>(
    'select steps, passed from verification_sessions where id = $1',
    [sessionId],
  );
  const events = await tx.query<{ step: string }>(
    'select step from verification_events where session_id = $1 order by id',
    [sessionId],
  );
  const planned = session.rows[0] ? [...session.rows[0].passed, ...session.rows[0].steps] : [];
  return reviewSteps(
    events.rows.map((e) => e.step),
    planned,
  );
}

export interface ReviewRow {
  reviewer: string;
  reviewed_at: Date;
  correct: boolean;
  steps: StepMark[];
  note: string | null;
}

export async function readReview(tx: Queryable, sessionId: string): Promise<ReviewRow | undefined> {
  const { rows } = await tx.query<ReviewRow>(
    'select reviewer, reviewed_at, correct, steps, note from session_reviews where session_id = $1',
    [sessionId],
  );
  return rows[0];
}

export async function insertReview(
  tx: Queryable,
  review: {
    sessionId: string;
    reviewer: string;
    at: Date;
    correct: boolean;
    steps: readonly StepMark[];
    note: string | null;
  },
): Promise<void> {
  await tx.query(
    `insert into session_reviews (session_id, reviewer, reviewed_at, correct, steps, note)
     values ($1, $2, $3, $4, $5::jsonb, $6)`,
    [
      review.sessionId,
      review.reviewer,
      review.at,
      review.correct,
      JSON.stringify(review.steps),
      review.note,
    ],
  );
}
