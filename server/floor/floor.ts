// The lead's floor (Art. 26): every agent of the team by name, with the reported state turned
// offline when the desk went silent, time in state, the current call, connectivity, backlog and
// today's workload from the append-only history, all from PostgreSQL, so any instance answers the
// same. The floor is every enabled account whose tier takes calls, of one team or of all.
import type { DeskCall, FloorAgent, FloorResponse } from '../../common/floor-api.js';
import { TIERS } from '../../common/domain.js';
import {
  FLOOR_POLICY,
  floorState,
  mayVerify,
  startOfDay,
  workloadWarnings,
  type DeskState,
  type FloorPolicy as PolicyOfFloor,
} from '../../common/policy.js';
import type { Queryable } from '../db.js';

interface FloorRow {
  username: string;
  name: string;
  team: string | null;
  state: DeskState | null;
  reason: FloorAgent['reason'];
  since: Date | null;
  last_seen_at: Date | null;
  call: DeskCall | null;
  connectivity: FloorAgent['connectivity'];
  backlog: number | null;
  calls: number | null;
  talk_ms: number | null;
  last_break_end: Date | null;
  on_break: boolean | null;
  first_at: Date | null;
}

/**
 * Today's intervals per agent: each history row lasts until the next one (the current one until
 * now); the state in force at midnight counts from midnight — one index probe per agent for it,
 * and today's rows through the index on `at` (migration 0020): months of history are never scanned.
 */
const WORKLOAD_SQL = `
  with rows as (
    select username, state, call_id, at, id from desk_state_history
     where at >= $1 and ($4::text is null or username = $4)
       and ($5::text is null or username in (select username from agents where team = $5))
    union all
    select h.username, h.state, h.call_id, $1::timestamptz as at, h.id
      from agents a cross join lateral (
        select username, state, call_id, id from desk_state_history
         where username = a.username and at < $1
         order by at desc, id desc limit 1) h
     where ($4::text is null or a.username = $4) and ($5::text is null or a.team = $5)
  ), training as (
    -- Art. 9: a training call is no workload (the small partial index of training sessions).
    select call_id from verification_sessions
     where training and created_at >= $1::timestamptz - interval '1 day'
  ), spans as (
    select username, state, call_id, at,
           coalesce(lead(at) over w, $2::timestamptz) as until,
           lead(at) over w is null as current,
           coalesce(call_id in (select call_id from training), false) as training
      from rows window w as (partition by username order by at, id)
  )
  select username,
         (count(distinct call_id) filter (where state = 'on-call' and not training))::int as calls,
         (coalesce(sum(extract(epoch from until - at))
            filter (where state = 'on-call' and not training), 0) * 1000)::bigint as talk_ms,
         max(until) filter (where state = 'break') as last_break_end,
         bool_or(state = 'break' and current) as on_break,
         min(at) filter (where state not in ('signed-out', 'offline')) as first_at
    from spans group by username`;

type FloorPolicy = Pick<PolicyOfFloor, 'offlineAfterMs' | 'breakWarningMs' | 'timeZone'>;

/** One agent of the floor, as in `readFloor` (a push names the agent: the lead re-reads one). */
export async function readFloorAgent(
  tx: Queryable,
  username: string,
  now: Date,
  policy: FloorPolicy = FLOOR_POLICY,
): Promise<FloorAgent | null> {
  return (await readAgents(tx, now, policy, { only: username, team: null })).agents[0] ?? null;
}

/** Who is on the floor: enabled accounts whose tier takes calls (its teams feed the picker). */
const ON_FLOOR = 'not a.disabled and not a.auditor and a.tier = any($1::text[])';
const floorTiers = () => TIERS.filter((tier) => mayVerify(tier));

/** The floor of one team (null: every team), with the names of all teams for a picker. */
export async function readFloor(
  tx: Queryable,
  now: Date,
  policy: FloorPolicy = FLOOR_POLICY,
  team: string | null = null,
): Promise<FloorResponse> {
  const { rows } = await tx.query<{ team: string }>(
    `select distinct a.team from agents a where ${ON_FLOOR} and a.team is not null`,
    [floorTiers()],
  );
  const teams = rows.map((r) => r.team).sort();
  return { ...(await readAgents(tx, now, policy, { only: null, team })), team, teams };
}

async function readAgents(
  tx: Queryable,
  now: Date,
  policy: FloorPolicy,
  filter: { only: string | null; team: string | null },
): Promise<Omit<FloorResponse, 'team' | 'teams'>> {
  const tiers = floorTiers();
  const dayStart = new Date(startOfDay(now.getTime(), policy.timeZone));
  const { rows } = await tx.query<FloorRow>(
    `with work as (${WORKLOAD_SQL})
     select a.username, a.name, a.team, p.state, p.reason, p.since, p.last_seen_at, p.call,
            p.connectivity, p.backlog, w.calls, w.talk_ms::float8 as talk_ms, w.last_break_end,
            w.on_break, w.first_at
       from agents a
       left join desk_presence p on p.username = a.username
       left join work w on w.username = a.username
      where not a.disabled and not a.auditor and a.tier = any($3::text[])
        and ($4::text is null or a.username = $4) and ($5::text is null or a.team = $5)
      order by a.name, a.username`,
    [dayStart, now, tiers, filter.only, filter.team],
  );
  const counts = { ready: 0, onCall: 0, notReady: 0, offline: 0 };
  const agents = rows.map((r): FloorAgent => {
    const state =
      r.state === null
        ? 'signed-out'
        : floorState(r.state, r.last_seen_at!.getTime(), now.getTime(), policy.offlineAfterMs);
    if (state === 'ready') counts.ready++;
    else if (state === 'ringing' || state === 'on-call' || state === 'wrap-up') counts.onCall++;
    else if (state === 'not-ready' || state === 'break') counts.notReady++;
    else if (state === 'offline') counts.offline++;
    const breakEnd = r.on_break ? now : (r.last_break_end ?? r.first_at);
    const sinceBreakMs =
      breakEnd === null ? null : Math.max(0, now.getTime() - new Date(breakEnd).getTime());
    return {
      username: r.username,
      name: r.name,
      team: r.team,
      state,
      reason: state === 'not-ready' ? r.reason : null,
      since: r.since?.toISOString() ?? null,
      lastSeenAt: r.last_seen_at?.toISOString() ?? null,
      call: state === 'offline' || state === 'signed-out' ? null : r.call,
      connectivity: r.connectivity,
      backlog: r.backlog,
      workload: {
        calls: r.calls ?? 0,
        talkMs: Math.round(r.talk_ms ?? 0),
        sinceBreakMs,
      },
      warnings: workloadWarnings(state, sinceBreakMs, policy.breakWarningMs),
    };
  });
  return { at: now.toISOString(), counts, agents };
}
