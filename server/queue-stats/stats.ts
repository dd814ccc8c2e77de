// Today's queue figures from the team's calls (pure): offered, answered, abandoned, missed,
// waiting, the longest wait, time to answer and the service level by hour of arrival. The service
// level is the share of ended calls answered within the threshold (abandoned and missed count
// against it); calls still waiting are left out until they end.
import type { QueueStats } from '../../common/floor-api.js';
import { hourOf } from '../../common/policy.js';

export interface QueueCallRow {
  arrived_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  outcome: 'answered' | 'abandoned' | 'missed' | null;
}

/** A call with no outcome after this long is a lost report, not a caller still waiting. */
export const STALE_WAIT_MS = 60 * 60 * 1000;

interface Tally {
  offered: number;
  answered: number;
  abandoned: number;
  missed: number;
  within: number;
}

const empty = (): Tally => ({ offered: 0, answered: 0, abandoned: 0, missed: 0, within: 0 });
const level = (t: Tally) => {
  const ended = t.answered + t.abandoned + t.missed;
  return ended === 0 ? null : t.within / ended;
};

export function queueStats(
  rows: readonly QueueCallRow[],
  now: Date,
  thresholdMs: number,
  timeZone: string,
): Omit<QueueStats, 'team'> {
  const total = empty();
  const hours = new Map<number, Tally>();
  let waiting = 0;
  let longestNow: number | null = null;
  let longestToday: number | null = null;
  let answerSum = 0;
  for (const row of rows) {
    const arrived = row.arrived_at.getTime();
    const hour = hourOf(arrived, timeZone);
    const tally = hours.get(hour) ?? empty();
    hours.set(hour, tally);
    for (const t of [total, tally]) t.offered++;
    let wait: number | null = null;
    if (row.outcome === null) {
      wait = now.getTime() - arrived;
      if (wait <= STALE_WAIT_MS) {
        waiting++;
        longestNow = Math.max(longestNow ?? 0, wait);
      } else wait = null;
    } else {
      const end = (row.answered_at ?? row.ended_at ?? row.arrived_at).getTime();
      wait = Math.max(0, end - arrived);
      for (const t of [total, tally]) t[row.outcome]++;
      if (row.outcome === 'answered') {
        answerSum += wait;
        if (wait <= thresholdMs) for (const t of [total, tally]) t.within++;
      }
    }
    if (wait !== null) longestToday = Math.max(longestToday ?? 0, wait);
  }
  return {
    at: now.toISOString(),
    thresholdMs,
    offered: total.offered,
    answered: total.answered,
    abandoned: total.abandoned,
    missed: total.missed,
    waiting,
    longestWaitNowMs: longestNow,
    longestWaitTodayMs: longestToday,
    averageAnswerMs: total.answered === 0 ? null : Math.round(answerSum / total.answered),
    serviceLevel: level(total),
    hours: [...hours.entries()]
      .sort(([a], [b]) => a - b)
      .map(([hour, t]) => ({
        hour,
        offered: t.offered,
        answered: t.answered,
        abandoned: t.abandoned,
        missed: t.missed,
        answeredWithinThreshold: t.within,
        serviceLevel: level(t),
      })),
  };
}
