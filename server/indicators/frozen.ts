// A closed month is read as it was frozen (Art. 23): the indicators route answers the frozen
// report's figures, never a fresh computation that later data (a late review) could move. A team's
// view of a closed month is its row of the frozen report and its agents; the days were frozen for
// the centre only, so a team's view has none rather than the centre's under the team's name.
import type { IndicatorSet, MonthIndicators, MonthReport } from '../../common/reports-api.js';

const none = { value: null, hits: 0, of: 0, below: false };

/** The figures of a team that had nothing that month. */
const emptySet = (): IndicatorSet => ({
  accuracy: none,
  satisfaction: { ...none, declined: 0, noAnswer: 0 },
  efficiency: {
    calls: 0,
    verified: 0,
    timeToVerify: {},
    averageHandleMs: null,
    callsPerHour: null,
  },
  risk: { fraudSuspected: 0, fraudConfirmed: 0, overPermission: 0, exceptions: 0, locks: 0 },
  workload: { talkMs: 0, breakMs: 0, availableMs: 0 },
});

/** The frozen figures as `team` sees them (null: the whole centre, as frozen). */
export function frozenView(frozen: MonthIndicators, team: string | null): MonthIndicators {
  if (team === null) return frozen;
  const row = frozen.byTeam.find((t) => t.team === team);
  const { team: _team, ...centre } = row ?? { ...emptySet(), team };
  return {
    ...frozen,
    team,
    centre,
    byTeam: row ? [row] : [],
    agents: frozen.agents.filter((a) => a.team === team),
    days: [],
  };
}

/**
 * A report as one team sees it (the lead's export of the team on screen): that team's figures,
 * its agents below target and commended; the complaints stay the centre's (a complaint has no
 * team). Null: the report as it is.
 */
export function teamReport(report: MonthReport, team: string | null): MonthReport {
  if (team === null) return report;
  const ours = <T extends { team: string | null }>(rows: readonly T[]) =>
    rows.filter((r) => r.team === team);
  return {
    ...report,
    indicators: frozenView(report.indicators, team),
    belowTarget: ours(report.belowTarget),
    commendations: {
      best: ours(report.commendations.best),
      riskCatches: ours(report.commendations.riskCatches),
    },
  };
}
