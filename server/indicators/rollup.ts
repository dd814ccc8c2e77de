// One day's indicator sums per agent (Art. 22, 26), computed by one SQL pass over that day's
// sessions, surveys and desk history. A day is "settled" an hour after its midnight: from then on
// its figures are fixed (a session counts if it ended, a survey if it was recorded, by then), so
// the sums are written once into the 0021 rollups — idempotently, under a per-day advisory lock,
// by whichever instance reads the month first or by each instance's timer. Days not rolled up
// (today) are computed live with the same SQL, so both paths count alike.
import { isTerminal, SESSION_STATUSES, startOfDay } from '../../common/policy.js';
import { VERIFY_BUCKET_BOUNDS_MS } from '../../common/policy/indicator-totals.js';
import { monthRange } from '../../common/policy/complaints.js';
import type { Db, Queryable } from '../db.js';
import { BUCKET_COLUMNS } from './schema.js';

/** A day's figures are final this long after its end (a call open over midnight ends, say). */
export const SETTLE_MS = 60 * 60 * 1000;

export interface DaySpan {
  /** `YYYY-MM-DD` in the centre's time zone. */
  readonly day: string;
  readonly from: Date;
  readonly to: Date;
}

const dayLabel = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(at))
    .slice(0, 10);

/** The days of `month` (`YYYY-MM`) in `timeZone`, midnight to midnight (23–25 h across DST). */
export function daysOf(month: string, timeZone: string): DaySpan[] {
  const { from, to } = monthRange(month, timeZone);
  const days: DaySpan[] = [];
  for (let start = from; start < to;) {
    const next = Math.min(to, startOfDay(start + 25 * 3_600_000, timeZone));
    days.push({ day: dayLabel(start, timeZone), from: new Date(start), to: new Date(next) });
    start = next;
  }
  return days;
}

export const isSettled = (span: DaySpan, now: Date): boolean =>
  span.to.getTime() + SETTLE_MS <= now.getTime();

const TERMINAL = SESSION_STATUSES.filter((s) => isTerminal(s));
const AVAILABLE = ['ready', 'ringing', 'on-call', 'wrap-up'];

/**
 * Per agent: $1 from, $2 to (the day), $3 cutoff (ended / surveyed before it), $4 desk time up to,
 * $5 terminal statuses, $7 time zone, $8 day. A call = a session of the day (by its start), not
 * training, that reached an end by the cutoff; verified likewise. Desk time: each history row lasts
 * until the next (the state in force at midnight counts from midnight), clipped to the day; a
 * handled call is one with on-call time that started this day, its handle time its on-call time
 * plus the wrap-up right after; a training call's on-call and wrap-up count nowhere.
 */
const AGENT_DAY_SQL = `
  with s as (
    select s.agent_username as agent,
           count(*) filter (where s.status = any($5::text[]) and s.updated_at < $3)::int as calls,
           count(*) filter (where s.status = 'verified' and s.updated_at < $3)::int as verified,
           count(*) filter (where v.outcome = 'rated' and v.recorded_at < $3)::int as rated,
           count(*) filter (where v.rating >= 4 and v.recorded_at < $3)::int as rated_high,
           count(*) filter (where v.outcome = 'declined' and v.recorded_at < $3)::int as declined,
           count(*) filter (where v.outcome = 'no-answer' and v.recorded_at < $3)::int as no_answer
      from verification_sessions s left join session_surveys v on v.session_id = s.id
     where s.created_at >= $1 and s.created_at < $2 and not s.training
     group by s.agent_username
  ), training as (
    select call_id from verification_sessions
     where training and created_at >= $1::timestamptz - interval '1 day' and created_at < $2
  ), rows as (
    select username, state, call_id, at, id, false as carried from desk_state_history
     where at >= $1 and at < $4
    union all
    select h.username, h.state, h.call_id, $1::timestamptz, h.id, true
      from agents a cross join lateral (
        select username, state, call_id, id from desk_state_history
         where username = a.username and at < $1 order by at desc, id desc limit 1) h
  ), spans as (
    select username, state, call_id, at, carried,
           coalesce(lead(at) over w, $4::timestamptz) as until,
           lag(state) over w as prev_state, lag(call_id) over w as prev_call
      from rows window w as (partition by username order by at, id)
  ), timed as (
    select username, state, carried, extract(epoch from until - at) * 1000 as ms,
           case when state = 'on-call' then call_id
                when state = 'wrap-up' and prev_state = 'on-call' then prev_call end as call
      from spans where until > at
  ), marked as (
    select t.*, x.call_id is not null as training
      from timed t left join (select distinct call_id from training) x on x.call_id = t.call
  ), d as (
    select username as agent,
           (count(distinct call) filter (where state = 'on-call' and not carried
                                           and not training))::int as handled,
           round(coalesce(sum(ms) filter (where call is not null and not training), 0))::bigint
             as handle_ms,
           round(coalesce(sum(ms) filter (where state = 'on-call' and not training), 0))::bigint
             as talk_ms,
           round(coalesce(sum(ms) filter (where state = 'break'), 0))::bigint as break_ms,
           round(coalesce(sum(ms) filter (where state = any($6::text[]) and not training), 0))::bigint
             as available_ms
      from marked group by username
  ), r as (
    select a.agent_username as agent,
           (count(*) filter (where a.kind = 'fraud-suspected'))::int as fraud_suspected,
           (count(*) filter (where a.kind = 'over-permission'))::int as over_permission,
           (count(*) filter (where a.kind = 'verification-exception'))::int as exceptions,
           (count(*) filter (where a.kind = 'password-locked'))::int as locks
      from alerts a
     where a.raised_at >= $1 and a.raised_at < $4 and a.agent_username is not null
       and a.kind in ('fraud-suspected', 'over-permission', 'verification-exception',
                      'password-locked')
       and not exists (select 1 from verification_sessions t
                        where t.id = a.session_id and t.training)
     group by a.agent_username
  ), sd as (
    select coalesce(s.agent, d.agent) as agent, s.calls, s.verified, s.rated, s.rated_high,
           s.declined, s.no_answer, d.handled, d.handle_ms, d.talk_ms, d.break_ms, d.available_ms
      from s full join d on d.agent = s.agent
  )
  select $7::text as time_zone, $8::date as day, coalesce(sd.agent, r.agent) as agent_username,
         coalesce(sd.calls, 0) as calls, coalesce(sd.verified, 0) as verified,
         coalesce(sd.rated, 0) as rated, coalesce(sd.rated_high, 0) as rated_high,
         coalesce(sd.declined, 0) as declined, coalesce(sd.no_answer, 0) as no_answer,
         coalesce(sd.handled, 0) as handled, coalesce(sd.handle_ms, 0)::bigint as handle_ms,
         coalesce(sd.talk_ms, 0)::bigint as talk_ms, coalesce(sd.break_ms, 0)::bigint as break_ms,
         coalesce(sd.available_ms, 0)::bigint as available_ms,
         coalesce(r.fraud_suspected, 0) as fraud_suspected,
         coalesce(r.over_permission, 0) as over_permission,
         coalesce(r.exceptions, 0) as exceptions, coalesce(r.locks, 0) as locks
    from sd full join r on r.agent = sd.agent`;

/**
 * Per agent and business type: the verified calls' time to verify (session start → verified,
 * i.e. the terminal update of a verified session), $1–$3 as above, $4 the bucket bounds.
 */
const VERIFY_DAY_SQL = `
  with v as (
    select agent_username, business_type,
           (extract(epoch from updated_at - created_at) * 1000)::bigint as ms
      from verification_sessions
     where created_at >= $1 and created_at < $2 and not training
       and status = 'verified' and updated_at < $3
  ), b as (select *, width_bucket(ms, $4::bigint[]) as bucket from v)
  select $5::text as time_zone, $6::date as day, agent_username, business_type,
         count(*)::int as n, max(ms)::bigint as max_ms,
         ${BUCKET_COLUMNS.map((c, i) => `(count(*) filter (where bucket = ${i}))::int as ${c}`).join(',\n         ')}
    from b group by agent_username, business_type`;

export interface AgentDayRow {
  agent_username: string;
  calls: number;
  verified: number;
  rated: number;
  rated_high: number;
  declined: number;
  no_answer: number;
  handled: number;
  handle_ms: string | number;
  talk_ms: string | number;
  break_ms: string | number;
  available_ms: string | number;
  fraud_suspected: number;
  over_permission: number;
  exceptions: number;
  locks: number;
}

export type VerifyDayRow = {
  agent_username: string;
  business_type: string;
  n: number;
  max_ms: string | number;
} & Record<string, number>;

function params(span: DaySpan, now: Date, timeZone: string) {
  const cutoff = new Date(Math.min(span.to.getTime() + SETTLE_MS, now.getTime()));
  const clip = new Date(Math.min(span.to.getTime(), now.getTime()));
  return {
    agent: [span.from, span.to, cutoff, clip, TERMINAL, AVAILABLE, timeZone, span.day],
    verify: [span.from, span.to, cutoff, VERIFY_BUCKET_BOUNDS_MS, timeZone, span.day],
  };
}

/** A day's sums as of `now`, not stored (today's, or a day before it settled). */
export async function liveDay(
  db: Queryable,
  span: DaySpan,
  now: Date,
  timeZone: string,
): Promise<{ agents: AgentDayRow[]; verify: VerifyDayRow[] }> {
  const p = params(span, now, timeZone);
  const agents = await db.query<AgentDayRow>(AGENT_DAY_SQL, p.agent);
  const verify = await db.query<VerifyDayRow>(VERIFY_DAY_SQL, p.verify);
  return { agents: agents.rows, verify: verify.rows };
}

/** Arbitrary constant, the class of the per-day advisory lock (two-int form: class, day). */
const ROLLUP_LOCK_CLASS = 7_302_021;

/**
 * Writes a settled day's rollup once: under a per-day transaction lock (another instance waits,
 * then sees the day done and skips), its rows, its calls added to the month's histograms and the
 * done mark, all in `tx` — which must be a transaction (the lock and the once-only add rely on it).
 * Answers whether this call wrote it.
 */
export async function rollUpDay(
  tx: Queryable,
  span: DaySpan,
  now: Date,
  timeZone: string,
): Promise<boolean> {
  if (!isSettled(span, now)) throw new Error(`day ${span.day} is not settled yet`);
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [
    ROLLUP_LOCK_CLASS,
    `${timeZone} ${span.day}`,
  ]);
  const done = await tx.query(
    'select 1 from indicator_days_done where time_zone = $1 and day = $2::date',
    [timeZone, span.day],
  );
  if (done.rows.length > 0) return false;
  const p = params(span, now, timeZone);
  await tx.query(
    `insert into indicator_agent_days select * from (${AGENT_DAY_SQL}) x on conflict do nothing`,
    p.agent,
  );
  await tx.query(
    `insert into indicator_verify_months as m
     select time_zone, date_trunc('month', day)::date, agent_username, business_type, n, max_ms,
            ${BUCKET_COLUMNS.join(', ')}
       from (${VERIFY_DAY_SQL}) x
     on conflict (time_zone, month, agent_username, business_type) do update
       set n = m.n + excluded.n, max_ms = greatest(m.max_ms, excluded.max_ms),
           ${BUCKET_COLUMNS.map((c) => `${c} = m.${c} + excluded.${c}`).join(', ')}`,
    p.verify,
  );
  await tx.query(
    `insert into indicator_days_done (time_zone, day, rolled_up_at) values ($1, $2::date, $3)
     on conflict do nothing`,
    [timeZone, span.day, now],
  );
  return true;
}

/** The settled days of `month` with no rollup yet. */
export async function missingDays(
  db: Queryable,
  month: string,
  now: Date,
  timeZone: string,
): Promise<DaySpan[]> {
  const settled = daysOf(month, timeZone).filter((d) => isSettled(d, now));
  if (settled.length === 0) return [];
  const { rows } = await db.query<{ day: string }>(
    `select to_char(day, 'YYYY-MM-DD') as day from indicator_days_done
      where time_zone = $1 and day between $2::date and $3::date`,
    [timeZone, settled[0]!.day, settled.at(-1)!.day],
  );
  const done = new Set(rows.map((r) => r.day));
  return settled.filter((d) => !done.has(d.day));
}

/** Rolls up every settled day of `month` still missing, one transaction a day. */
export async function rollUpMonth(
  db: Db,
  month: string,
  now: Date,
  timeZone: string,
): Promise<number> {
  let written = 0;
  for (const span of await missingDays(db, month, now, timeZone)) {
    if (await db.transaction((tx) => rollUpDay(tx, span, now, timeZone))) written++;
  }
  return written;
}
