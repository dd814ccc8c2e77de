// The month's reads behind server/indicators/compute.ts: the rollups summed per agent and per day
// (one pass over ~15,500 rows), reviews (accuracy, by the queue's day), alerts (risk, by the day
// raised) and, for the month close, exact time-to-verify percentiles from one scan of the month.
// Every read filters training sessions and, with a team, the team's agents (by their team now).
import type { VerifyTimes } from '../../common/policy/indicator-totals.js';
import type { Queryable } from '../db.js';
import type { AgentDayRow } from './rollup.js';

/** A month's histogram of one agent and business type (`counts`: bucket 0 … 63). */
export interface MonthVerifyRow {
  agent_username: string;
  business_type: string;
  n: number;
  max_ms: number;
  counts: number[];
}
import { SETTLE_MS } from './rollup.js';
import { BUCKET_COLUMNS } from './schema.js';

const IN_TEAM = (column: string, param: string) =>
  `(${param}::text is null or ${column} in (select username from agents where team = ${param}))`;

/** Not a training session's (an anti-join on the small partial index of training sessions). */
const NOT_TRAINING = (column: string) =>
  `not exists (select 1 from verification_sessions t where t.id = ${column} and t.training)`;

const SUMS = `sum(calls)::int as calls, sum(verified)::int as verified, sum(rated)::int as rated,
  sum(rated_high)::int as rated_high, sum(declined)::int as declined,
  sum(no_answer)::int as no_answer, sum(handled)::int as handled,
  sum(handle_ms)::float8 as handle_ms, sum(talk_ms)::float8 as talk_ms,
  sum(break_ms)::float8 as break_ms, sum(available_ms)::float8 as available_ms,
  sum(fraud_suspected)::int as fraud_suspected, sum(over_permission)::int as over_permission,
  sum(exceptions)::int as exceptions, sum(locks)::int as locks`;

const MONTH_DAYS = `time_zone = $1 and day >= to_date($2, 'YYYY-MM') and
  day < to_date($2, 'YYYY-MM') + interval '1 month'`;

/**
 * The rolled-up days' sums in one statement (one snapshot: a day rolled up meanwhile is either in
 * all of them or in none): which days are done, sums per agent, per day (over the scope's agents),
 * and the month's histograms per agent and business type.
 */
export async function readMonthSums(
  db: Queryable,
  month: string,
  timeZone: string,
  team: string | null,
): Promise<{
  done: string[];
  agents: AgentDayRow[];
  days: (AgentDayRow & { day: string })[];
  verify: MonthVerifyRow[];
}> {
  const where = `${MONTH_DAYS} and ${IN_TEAM('agent_username', '$3')}`;
  const { rows } = await db.query<{
    done: string[];
    agents: AgentDayRow[];
    days: (AgentDayRow & { day: string })[];
    verify: MonthVerifyRow[];
  }>(
    `with done as (select to_char(day, 'YYYY-MM-DD') as day from indicator_days_done
                    where ${MONTH_DAYS}),
          a as (select agent_username, ${SUMS} from indicator_agent_days where ${where}
                 group by agent_username),
          d as (select to_char(day, 'YYYY-MM-DD') as day, '' as agent_username, ${SUMS}
                  from indicator_agent_days where ${where} group by day),
          v as (select agent_username, business_type, n, max_ms::float8 as max_ms,
                       array[${BUCKET_COLUMNS.join(', ')}] as counts
                  from indicator_verify_months
                 where time_zone = $1 and month = to_date($2, 'YYYY-MM')
                   and ${IN_TEAM('agent_username', '$3')})
     select (select coalesce(json_agg(day), '[]') from done) as done,
            (select coalesce(json_agg(a), '[]') from a) as agents,
            (select coalesce(json_agg(d), '[]') from d) as days,
            (select coalesce(json_agg(v), '[]') from v) as verify`,
    [timeZone, month, team],
  );
  return rows[0]!;
}

/**
 * Accuracy's counts by agent and the queue's day (the call's day): reviewed, all steps correct —
 * from indicator_review_days, which each review's own transaction keeps (migration 0021 trigger).
 */
export async function readReviews(
  db: Queryable,
  range: { from: number; to: number },
  timeZone: string,
  team: string | null,
): Promise<{ agent: string; day: string; reviewed: number; correct: number }[]> {
  const { rows } = await db.query<{
    agent: string;
    day: string;
    reviewed: number;
    correct: number;
  }>(
    `select agent_username as agent, to_char(day, 'YYYY-MM-DD') as day, reviewed, correct
       from indicator_review_days
      where day >= ($1::timestamptz at time zone $3)::date
        and day < ($2::timestamptz at time zone $3)::date
        and ${IN_TEAM('agent_username', '$4')}`,
    [new Date(range.from), new Date(range.to), timeZone, team],
  );
  return rows;
}

/** Per agent (`day` null) or per day (`agent` null). */
export interface ConfirmedRow {
  agent: string | null;
  day: string | null;
  fraud_confirmed: number;
}

/**
 * Fraud confirmed (read live: a lead resolves the alert days later), by the agent acting and the
 * day raised: `fraud-suspected` alerts a lead resolved `handled` — the Art. 18 procedure ran to
 * its end; false alarms, duplicates and escalations are not confirmations. The other risk counts
 * (suspected, over-permission, exceptions, locks: a raised alert never changes) are rolled up.
 * An alert about a training session never counts.
 */
export async function readFraudConfirmed(
  db: Queryable,
  range: { from: number; to: number },
  timeZone: string,
  team: string | null,
): Promise<ConfirmedRow[]> {
  const { rows } = await db.query<ConfirmedRow>(
    `select agent, day, count(*)::int as fraud_confirmed
       from (select a.agent_username as agent,
                    to_char((a.raised_at at time zone $3)::date, 'YYYY-MM-DD') as day
               from alerts a
              where a.kind = 'fraud-suspected' and a.raised_at >= $1 and a.raised_at < $2
                and a.outcome = 'handled' and a.agent_username is not null
                and ${NOT_TRAINING('a.session_id')} and ${IN_TEAM('a.agent_username', '$4')}) x
      group by grouping sets ((agent), (day))`,
    [new Date(range.from), new Date(range.to), timeZone, team],
  );
  return rows;
}

export interface ExactTimes {
  all: VerifyTimes;
  byTeam: Map<string, VerifyTimes>;
  byAgent: Map<string, VerifyTimes>;
}

/**
 * Exact nearest-rank p50/p90 (`percentile_disc`) of time to verify per business type, for each
 * agent, team ('' = no team) and the scope, in one scan of the month's verified sessions — the
 * same calls the rollups count (verified by an hour after their day's end).
 */
export async function readExactTimes(
  db: Queryable,
  range: { from: number; to: number },
  timeZone: string,
  team: string | null,
  now: Date,
): Promise<ExactTimes> {
  const { rows } = await db.query<{
    g_agent: number;
    g_team: number;
    agent: string | null;
    team: string | null;
    business_type: string;
    p50: string;
    p90: string;
    n: number;
  }>(
    `with v as (
       select s.agent_username as agent, a.team, s.business_type,
              (extract(epoch from s.updated_at - s.created_at) * 1000)::bigint as ms
         from verification_sessions s left join agents a on a.username = s.agent_username
        where s.created_at >= $1 and s.created_at < $2 and not s.training
          and s.status = 'verified' and s.updated_at < $6
          and s.updated_at < (((s.created_at at time zone $3)::date + 1)::timestamp at time zone $3)
                             + make_interval(secs => $5)
          and ($4::text is null or a.team = $4))
     select grouping(agent)::int as g_agent, grouping(team)::int as g_team, agent, team,
            business_type, percentile_disc(0.5) within group (order by ms) as p50,
            percentile_disc(0.9) within group (order by ms) as p90, count(*)::int as n
       from v group by grouping sets ((agent, business_type), (team, business_type),
                                      (business_type))`,
    [new Date(range.from), new Date(range.to), timeZone, team, SETTLE_MS / 1000, now],
  );
  const out: ExactTimes = { all: {}, byTeam: new Map(), byAgent: new Map() };
  const into = (map: Map<string, VerifyTimes>, key: string) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = {}));
    return t;
  };
  for (const r of rows) {
    const figure = { p50: Number(r.p50), p90: Number(r.p90), n: r.n };
    if (r.g_agent === 0) into(out.byAgent, r.agent!)[r.business_type] = figure;
    else if (r.g_team === 0) into(out.byTeam, r.team ?? '')[r.business_type] = figure;
    else out.all[r.business_type] = figure;
  }
  return out;
}
