// A small, honest stand-in for server/indicators/compute.ts in the close's tests: it reads the
// month's sessions, reviews and keypad ratings from the database (training excluded, bounds in the
// given time zone), so a report frozen from it changes when the data does — unless it was frozen.
// Plus the test data: sessions, reviews and ratings written as the records service stores them.
import { randomUUID } from 'node:crypto';
import { monthRange } from '../../../../common/policy/complaints.js';
import type { IndicatorSet, MonthIndicators } from '../../../../common/reports-api.js';
import type { MonthIndicatorsFn } from '../../../../server/assessment/close.js';
import type { Queryable } from '../../../../server/db.js';

interface Counts {
  calls: number;
  verified: number;
  reviewed: number;
  correct: number;
  rated: number;
  happy: number;
  declined: number;
  no_answer: number;
  fraud_suspected: number;
  fraud_confirmed: number;
}
const KEYS: (keyof Counts)[] = [
  'calls',
  'verified',
  'reviewed',
  'correct',
  'rated',
  'happy',
  'declined',
  'no_answer',
  'fraud_suspected',
  'fraud_confirmed',
];

const share = (hits: number, of: number, target: number) => {
  const value = of === 0 ? null : hits / of;
  return { value, hits, of, below: value !== null && value < target };
};

function setOf(c: Counts, targets: { accuracy: number; satisfaction: number }): IndicatorSet {
  return {
    accuracy: share(c.correct, c.reviewed, targets.accuracy),
    satisfaction: {
      ...share(c.happy, c.rated, targets.satisfaction),
      declined: c.declined,
      noAnswer: c.no_answer,
    },
    efficiency: {
      calls: c.calls,
      verified: c.verified,
      timeToVerify: {},
      averageHandleMs: null,
      callsPerHour: null,
    },
    risk: {
      fraudSuspected: c.fraud_suspected,
      fraudConfirmed: c.fraud_confirmed,
      overPermission: 0,
      exceptions: 0,
      locks: 0,
    },
    workload: { talkMs: 0, breakMs: 0, availableMs: 0 },
  };
}

const sum = (rows: readonly Counts[]): Counts =>
  Object.fromEntries(KEYS.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)])) as unknown as Counts;

/** Per agent from the month's sessions; teams and the centre are their sums. */
export const sessionIndicators: MonthIndicatorsFn = async (db, month, opts) => {
  const { from, to } = monthRange(month, opts.timeZone);
  const { rows } = await db.query<Counts & { username: string; name: string; team: string | null }>(
    `select a.username, a.name, a.team,
            count(*)::int as calls,
            (count(*) filter (where s.status = 'verified'))::int as verified,
            count(r.session_id)::int as reviewed,
            (count(*) filter (where r.correct))::int as correct,
            (count(*) filter (where sv.outcome = 'rated'))::int as rated,
            (count(*) filter (where sv.rating >= 4))::int as happy,
            (count(*) filter (where sv.outcome = 'declined'))::int as declined,
            (count(*) filter (where sv.outcome = 'no-answer'))::int as no_answer,
            (count(*) filter (where jsonb_array_length(s.fraud_reasons) > 0))::int
              as fraud_suspected,
            (count(*) filter (where s.status = 'suspended'))::int as fraud_confirmed
       from verification_sessions s
       join agents a on a.username = s.agent_username
       left join session_reviews r on r.session_id = s.id
       left join session_surveys sv on sv.session_id = s.id
      where not s.training and s.created_at >= $1 and s.created_at < $2
        and ($3::text is null or a.team = $3)
      group by a.username, a.name, a.team order by a.username`,
    [new Date(from), new Date(to), opts.team],
  );
  const teams = [...new Set(rows.map((r) => r.team))];
  const result: MonthIndicators = {
    month,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    team: opts.team,
    teams: teams.filter((t): t is string => t !== null).sort(),
    targets: { ...opts.targets },
    centre: setOf(sum(rows), opts.targets),
    byTeam: teams.map((team) => ({
      team,
      ...setOf(sum(rows.filter((r) => r.team === team)), opts.targets),
    })),
    agents: rows.map((r) => ({
      username: r.username,
      name: r.name,
      team: r.team,
      ...setOf(r, opts.targets),
    })),
    days: [],
    closedAt: null,
  };
  return result;
};

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
      `insert into review_queue (session_id, day, agent_username, reasons, sampled_at)
       values ($1, $2::timestamptz::date, $3, '["random"]', $2)`,
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
