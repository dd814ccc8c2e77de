// The monthly close (Art. 23, 24): an ended month's indicators, complaints, agents below target
// and commendations computed and frozen in ONE transaction. A transaction-scoped try-lock makes a
// second instance answer "busy" at once; the report row's primary key is the last guard; a crash
// anywhere rolls everything back, and the next run closes the month as if nothing had happened.
import { SETTLE_MS } from '../indicators/rollup.js';
import { AppError } from '../../common/result.js';
import { hostname } from 'node:os';
import {
  agentsBelowTarget,
  bestPerformers,
  COMMENDATION_POLICY,
  riskCatches,
  type CommendationPolicy,
} from '../../common/policy/assessment.js';
import { isMonth, monthOf, monthRange } from '../../common/policy/complaints.js';
import { FLOOR_POLICY } from '../../common/policy/floor.js';
import { INDICATOR_TARGETS, type IndicatorTargets } from '../../common/policy/indicators.js';
import { MonthReport, type MonthIndicators } from '../../common/reports-api.js';
import { countsByCategory } from '../complaints/actions.js';
import type { Db, Queryable } from '../db.js';
import { readReport } from './repository.js';

/** The indicators of a month (server/indicators/compute.ts `monthIndicators`), read in `db`. */
export type MonthIndicatorsFn = (
  db: Queryable,
  month: string,
  opts: { team: string | null; targets: IndicatorTargets; timeZone: string },
) => Promise<MonthIndicators>;

export interface CloseDeps {
  indicators: MonthIndicatorsFn;
  /**
   * Runs before the close's transaction, outside it: the indicators' rollup of the month's settled
   * days (server/indicators/rollup.ts), so the close reads sums, not a month of rows in its lock.
   */
  prepare?: (db: Db, month: string, now: Date, timeZone: string) => Promise<unknown>;
  now: () => Date;
  /** Art. 22 targets, the service's policy; default INDICATOR_TARGETS (99 %, 90 %). */
  targets?: IndicatorTargets;
  /** The call centre's time zone; default FLOOR_POLICY.timeZone. */
  timeZone?: string;
  commendation?: CommendationPolicy;
  /** Who closes, for audit; default this host and process. */
  closedBy?: string;
}

export type CloseOutcome =
  | { status: 'closed'; report: MonthReport }
  | { status: 'already-closed'; report: MonthReport }
  /** Another instance holds the month's lock: it is closing it now. */
  | { status: 'busy' }
  | { status: 'not-ended' };

/** Class of the (class, yyyymm) advisory lock: any constant shared by every instance. */
const CLOSE_LOCK_CLASS = 7_302_022;

export const defaultClosedBy = (): string => `${hostname()}:${process.pid}`.slice(0, 200);

const lockKey = (month: string) => Number(month.replace('-', ''));

/** Freezes `month` once; answers what happened. Throws only when the compute itself fails. */
export async function closeMonth(db: Db, month: string, deps: CloseDeps): Promise<CloseOutcome> {
  if (!isMonth(month)) throw new RangeError('month must be YYYY-MM');
  const timeZone = deps.timeZone ?? FLOOR_POLICY.timeZone;
  const { from, to } = monthRange(month, timeZone);
  const at = deps.now();
  // Ended and settled: the rollup takes a day as final an hour after it ends (calls still open at
  // midnight, ratings keyed just after it); closing earlier would freeze a last day still moving.
  if (at.getTime() < to + SETTLE_MS) return { status: 'not-ended' };
  await deps.prepare?.(db, month, at, timeZone);
  return db.transaction(async (tx): Promise<CloseOutcome> => {
    const lock = await tx.query<{ got: boolean }>(
      'select pg_try_advisory_xact_lock($1::int, $2::int) as got',
      [CLOSE_LOCK_CLASS, lockKey(month)],
    );
    if (!lock.rows[0]!.got) return { status: 'busy' };
    const existing = await readReport(tx, month);
    if (existing) return { status: 'already-closed', report: existing };
    const report = await computeReport(tx, month, { from, to, at, timeZone, deps });
    const inserted = await tx.query(
      `insert into month_reports (month, report, closed_at, closed_by)
       values (to_date($1, 'YYYY-MM'), $2, $3, $4)
       on conflict (month) do nothing returning month`,
      [month, JSON.stringify(report), at, report.closedBy],
    );
    if (inserted.rows.length === 0) {
      // Closed by a run that held no lock on it (the key is the guard): theirs stands.
      const theirs = await readReport(tx, month);
      return { status: 'already-closed', report: theirs! };
    }
    return { status: 'closed', report };
  });
}

/**
 * The report of a month not closed yet as it would be frozen now — the month so far, or an ended
 * month before its close — stored nowhere (the CSV of an open month). Not-found before it begins.
 */
export async function draftReport(db: Db, month: string, deps: CloseDeps): Promise<MonthReport> {
  if (!isMonth(month)) throw new RangeError('month must be YYYY-MM');
  const timeZone = deps.timeZone ?? FLOOR_POLICY.timeZone;
  const { from, to } = monthRange(month, timeZone);
  const at = deps.now();
  if (at.getTime() < from) throw new AppError('not-found', `${month} has not begun`);
  await deps.prepare?.(db, month, at, timeZone);
  return computeReport(db, month, { from, to, at, timeZone, deps });
}

interface ComputeContext {
  from: number;
  to: number;
  at: Date;
  timeZone: string;
  deps: CloseDeps;
}

async function computeReport(
  tx: Queryable,
  month: string,
  { from, to, at, timeZone, deps }: ComputeContext,
): Promise<MonthReport> {
  const targets = deps.targets ?? INDICATOR_TARGETS;
  const indicators = await deps.indicators(tx, month, { team: null, targets, timeZone });
  if (indicators.month !== month || indicators.team !== null)
    throw new Error(`indicators answered ${indicators.month}/${indicators.team} for ${month}`);
  const complaints = await countsByCategory(tx, new Date(from), new Date(to), at);
  const closedAt = at.toISOString();
  // Parsed before it is stored: a frozen report always has the contract's shape.
  return MonthReport.parse({
    month,
    closedAt,
    closedBy: deps.closedBy ?? defaultClosedBy(),
    indicators: { ...indicators, closedAt },
    complaints: {
      total: complaints.total,
      categories: complaints.categories.map((c) => ({ category: c.category, total: c.total })),
    },
    belowTarget: agentsBelowTarget(indicators.agents),
    commendations: {
      best: bestPerformers(indicators.agents, deps.commendation ?? COMMENDATION_POLICY),
      riskCatches: riskCatches(indicators.agents),
    },
  });
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * Every ended month from the first counted session's month on that has no report yet, oldest
 * first: "the 1st of the month" and "catching up after a crash or downtime" are the same list.
 */
export async function monthsToClose(db: Queryable, now: Date, timeZone: string): Promise<string[]> {
  const first = await db.query<{ first: Date | null }>(
    'select min(created_at) as first from verification_sessions where not training',
  );
  const start = first.rows[0]?.first;
  if (!start) return [];
  const closed = await db.query<{ month: string }>(
    `select to_char(month, 'YYYY-MM') as month from month_reports`,
  );
  const done = new Set(closed.rows.map((r) => r.month));
  // The month that `now` falls in, or the one before while its last day is still settling.
  const current = monthOf(now.getTime() - SETTLE_MS, timeZone);
  const months: string[] = [];
  for (let m = monthOf(new Date(start).getTime(), timeZone); m < current; m = nextMonth(m))
    if (!done.has(m)) months.push(m);
  return months;
}

export interface CloseRun {
  closed: string[];
  busy: string[];
  failed: { month: string; error: unknown }[];
}

/** One scheduler pass: closes what monthsToClose lists; a failed month is retried next pass. */
export async function closeEndedMonths(db: Db, deps: CloseDeps): Promise<CloseRun> {
  const run: CloseRun = { closed: [], busy: [], failed: [] };
  const timeZone = deps.timeZone ?? FLOOR_POLICY.timeZone;
  for (const month of await monthsToClose(db, deps.now(), timeZone)) {
    try {
      const outcome = await closeMonth(db, month, deps);
      if (outcome.status === 'closed') run.closed.push(month);
      else if (outcome.status === 'busy') run.busy.push(month);
    } catch (error) {
      run.failed.push({ month, error });
    }
  }
  return run;
}
