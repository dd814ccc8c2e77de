// A month's indicators (Art. 22, 26) for the centre, its teams, its agents and each day: rolled-up
// days from the 0021 rollups, the others (today) live with the same SQL, accuracy from the review
// counts and fraud confirmed from the fraud alerts. The month close calls `monthIndicators` inside
// its transaction to freeze the report (exact percentiles); the dashboard route calls it with
// histogram percentiles. Definitions: server/README.md "Indicators".
import type { MonthIndicators } from '../../common/reports-api.js';
import { monthRange } from '../../common/policy/complaints.js';
import type { IndicatorTargets } from '../../common/policy/indicators.js';
import {
  addTotals,
  dayIndicatorsOf,
  emptyTotals,
  indicatorSetOf,
  VERIFY_BUCKETS,
  type IndicatorTotals,
  type VerifyTimes,
} from '../../common/policy/indicator-totals.js';
import type { Queryable } from '../db.js';
import {
  readMonthSums,
  readFraudConfirmed,
  readReviews,
  readExactTimes,
  type ExactTimes,
  type MonthVerifyRow,
} from './month-sql.js';
import { daysOf, liveDay, type AgentDayRow, type VerifyDayRow } from './rollup.js';
import { BUCKET_COLUMNS } from './schema.js';

export interface MonthIndicatorOptions {
  /** One team's agents (by their team now), or null for the whole centre. */
  team: string | null;
  targets: IndicatorTargets;
  /** The centre's IANA time zone: days and the month's bounds (FLOOR_POLICY.timeZone). */
  timeZone: string;
  /** The clock (tests); default the system's. */
  now?: Date;
  /**
   * `exact` (default, the month close): nearest-rank percentiles from one scan of the month's
   * verified sessions. `histogram` (the dashboard): from the rollups' buckets, at most 5 s above
   * the exact value under 5 min (common/policy/indicator-totals.ts).
   */
  percentiles?: 'exact' | 'histogram';
}

interface Person {
  username: string;
  name: string;
  team: string | null;
}

type Sums = Map<string, IndicatorTotals>;
const totalsIn = (map: Sums, key: string) => {
  let t = map.get(key);
  if (!t) map.set(key, (t = emptyTotals()));
  return t;
};

const num = (v: string | number | null | undefined) => Number(v ?? 0);

/** A rollup (or live) row as totals. */
export function agentDayTotals(r: AgentDayRow): Partial<IndicatorTotals> {
  return {
    calls: num(r.calls),
    verified: num(r.verified),
    rated: num(r.rated),
    ratedHigh: num(r.rated_high),
    declined: num(r.declined),
    noAnswer: num(r.no_answer),
    handled: num(r.handled),
    handleMs: num(r.handle_ms),
    talkMs: num(r.talk_ms),
    breakMs: num(r.break_ms),
    availableMs: num(r.available_ms),
    fraudSuspected: num(r.fraud_suspected),
    overPermission: num(r.over_permission),
    exceptions: num(r.exceptions),
    locks: num(r.locks),
  };
}

export function verifyTotals(r: VerifyDayRow | MonthVerifyRow): Partial<IndicatorTotals> {
  const counts =
    'counts' in r && Array.isArray(r.counts)
      ? r.counts.map(Number)
      : BUCKET_COLUMNS.map((c) => num((r as VerifyDayRow)[c]));
  if (counts.length !== VERIFY_BUCKETS) throw new Error('histogram columns out of step');
  return { verifyTimes: { [r.business_type]: { counts, maxMs: num(r.max_ms) } } };
}

/**
 * The month's indicators of `opts.team` (null: the centre). Reads only: days rolled up come from
 * the rollups, the others (today, or a settled day not rolled up yet) are summed live by the same
 * SQL — the same figures either way. Training sessions never count.
 */
export async function monthIndicators(
  db: Queryable,
  month: string,
  opts: MonthIndicatorOptions,
): Promise<MonthIndicators> {
  const now = opts.now ?? new Date();
  const { timeZone, team, targets } = opts;
  const range = monthRange(month, timeZone);
  const begun = daysOf(month, timeZone).filter((d) => d.from.getTime() < now.getTime());
  const { rows: people } = await db.query<Person>(
    `select username, name, team from agents where ($1::text is null or team = $1)`,
    [team],
  );
  const inScope = new Map(people.map((p) => [p.username, p]));
  const scoped = (username: string) => team === null || inScope.has(username);

  const byAgent: Sums = new Map();
  const byDay: Sums = new Map(begun.map((d) => [d.day, emptyTotals()]));
  const add = (agent: string, day: string, t: Partial<IndicatorTotals>, perDay = true) => {
    if (!scoped(agent)) return;
    addTotals(totalsIn(byAgent, agent), t);
    if (perDay) addTotals(totalsIn(byDay, day), t);
  };
  const sums = await readMonthSums(db, month, timeZone, team);
  for (const r of sums.agents) addTotals(totalsIn(byAgent, r.agent_username), agentDayTotals(r));
  for (const r of sums.days) addTotals(totalsIn(byDay, r.day), agentDayTotals(r));
  for (const r of sums.verify) addTotals(totalsIn(byAgent, r.agent_username), verifyTotals(r));
  const done = new Set(sums.done);
  // Not rolled up (today; a settled day no instance got to yet): the same sums, live.
  for (const span of begun.filter((d) => !done.has(d.day))) {
    const live = await liveDay(db, span, now, timeZone);
    for (const r of live.agents) add(r.agent_username, span.day, agentDayTotals(r));
    for (const r of live.verify) add(r.agent_username, span.day, verifyTotals(r), false);
  }
  for (const r of await readReviews(db, range, timeZone, team))
    add(r.agent, r.day, { reviewed: r.reviewed, reviewedCorrect: r.correct });
  for (const r of await readFraudConfirmed(db, range, timeZone, team)) {
    const risk = { fraudConfirmed: r.fraud_confirmed };
    if (r.agent !== null) {
      if (scoped(r.agent)) addTotals(totalsIn(byAgent, r.agent), risk);
    } else if (r.day !== null) addTotals(totalsIn(byDay, r.day), risk);
  }
  const exact =
    (opts.percentiles ?? 'exact') === 'exact'
      ? await readExactTimes(db, range, timeZone, team, now)
      : null;
  return assemble({ month, range, team, targets, now, byAgent, byDay, inScope, exact, db });
}

async function assemble(a: {
  month: string;
  range: { from: number; to: number };
  team: string | null;
  targets: IndicatorTargets;
  now: Date;
  byAgent: Sums;
  byDay: Sums;
  inScope: Map<string, Person>;
  exact: ExactTimes | null;
  db: Queryable;
}): Promise<MonthIndicators> {
  const { rows: teamRows } = await a.db.query<{ team: string }>(
    'select distinct team from agents where team is not null order by team',
  );
  const known = a.inScope;
  const agents = [...a.byAgent]
    .map(([username, t]) => {
      const p = known.get(username);
      return { username, name: p?.name ?? username, team: p?.team ?? null, totals: t };
    })
    .sort((x, y) => x.name.localeCompare(y.name) || x.username.localeCompare(y.username));
  const teams = new Map<string | null, IndicatorTotals>();
  const centre = emptyTotals();
  for (const p of agents) {
    addTotals(centre, p.totals);
    const t = teams.get(p.team) ?? emptyTotals();
    teams.set(p.team, addTotals(t, p.totals));
  }
  const pick = (
    times: Map<string, VerifyTimes> | undefined,
    key: string,
  ): VerifyTimes | undefined => (a.exact ? (times?.get(key) ?? {}) : undefined);
  const teamKey = (team: string | null) => team ?? '';
  return {
    month: a.month,
    from: new Date(a.range.from).toISOString(),
    to: new Date(a.range.to).toISOString(),
    team: a.team,
    teams: teamRows.map((r) => r.team),
    targets: { accuracy: a.targets.accuracy, satisfaction: a.targets.satisfaction },
    centre: indicatorSetOf(centre, a.targets, a.exact ? a.exact.all : undefined),
    byTeam: [...teams]
      .sort(([x], [y]) => (x ?? '\uffff').localeCompare(y ?? '\uffff'))
      .map(([team, t]) => ({
        team,
        ...indicatorSetOf(t, a.targets, pick(a.exact?.byTeam, teamKey(team))),
      })),
    agents: agents.map((p) => ({
      username: p.username,
      name: p.name,
      team: p.team,
      ...indicatorSetOf(p.totals, a.targets, pick(a.exact?.byAgent, p.username)),
    })),
    days: [...a.byDay]
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([day, t]) => dayIndicatorsOf(day, t, a.targets)),
    closedAt: null,
  } as MonthIndicators;
}
