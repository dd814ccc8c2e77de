// The reports room's state (Art. 22–24): the month and team chosen, the month's figures (live, or
// the frozen report's once closed), the closed months and the frozen report itself, and an export
// under way. A pure reducer; the controller (controller.ts) talks to main.
import type { MonthIndicators, MonthReport } from '../../../common/lead-reports.js';
import type { ErrorCode } from '../../../common/result.js';

export type ReportExport = 'csv' | 'pdf';

export interface ReportsState {
  enabled: boolean;
  /** `YYYY-MM`; null until the first read answered (the service's month by default). */
  month: string | null;
  /** The team asked for; null = the service's default (the lead's own team). */
  team: string | null;
  loading: boolean;
  problem: ErrorCode | null;
  indicators: MonthIndicators | null;
  /** The frozen report of the shown month when it is closed; null while open. */
  report: MonthReport | null;
  /** Closed months, newest first. */
  closed: { month: string; closedAt: string }[];
  exporting: ReportExport | null;
  exportProblem: { kind: ReportExport; code: ErrorCode } | null;
}

export type ReportsEvent =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'choose'; month?: string; team?: string }
  | { type: 'loading' }
  | { type: 'loaded'; indicators: MonthIndicators; report: MonthReport | null }
  | { type: 'load-failed'; code: ErrorCode }
  | { type: 'closed'; months: { month: string; closedAt: string }[] }
  | { type: 'exporting'; kind: ReportExport }
  | { type: 'exported'; kind: ReportExport; code?: ErrorCode };

export const initialReports: ReportsState = {
  enabled: false,
  month: null,
  team: null,
  loading: false,
  problem: null,
  indicators: null,
  report: null,
  closed: [],
  exporting: null,
  exportProblem: null,
};

export function reportsReducer(state: ReportsState, event: ReportsEvent): ReportsState {
  switch (event.type) {
    case 'enabled':
      return { ...initialReports, enabled: event.enabled };
    case 'choose':
      return {
        ...state,
        month: event.month ?? state.month,
        team: event.team ?? state.team,
        exportProblem: null,
      };
    case 'loading':
      return { ...state, loading: true };
    case 'loaded':
      return {
        ...state,
        loading: false,
        problem: null,
        indicators: event.indicators,
        report: event.report,
        month: event.indicators.month,
        team: state.team ?? null,
      };
    case 'load-failed':
      return { ...state, loading: false, problem: event.code };
    case 'closed':
      return { ...state, closed: event.months };
    case 'exporting':
      return { ...state, exporting: event.kind, exportProblem: null };
    case 'exported':
      return {
        ...state,
        exporting: null,
        exportProblem: event.code ? { kind: event.kind, code: event.code } : null,
      };
  }
}

/**
 * The months a lead can open: this month and the eleven before it (the service's month, so the
 * centre's time zone decides), newest first, plus any older closed month.
 */
export function monthChoices(current: string, closed: readonly { month: string }[]): string[] {
  const [y, m] = current.split('-').map(Number) as [number, number];
  const recent = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
  return [...new Set([...recent, ...closed.map((c) => c.month)])].sort().reverse();
}
