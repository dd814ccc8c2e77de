// The reports room's controller: reads a month's indicators (and, once the month is closed, its
// frozen report) while a lead is signed in; re-reads on `resync`, on a review or survey recorded
// and when a month closes; exports the CSV (the records service's bytes, saved by the browser or
// Electron's download) and the PDF (Electron prints in main; the web host opens print).
import type { AgentDeskApi } from '../../../common/contract.js';
import { createStore, type Store } from '../../state/store.js';
import { followLead, type SessionSource } from '../follow-lead.js';
import { initialReports, reportsReducer, type ReportsEvent, type ReportsState } from './store.js';

/** A rating or a review moves the month's figures; `resync` after the stream was away. */
const KINDS = new Set(['resync', 'survey.recorded', 'review.done']);
/**
 * Pushes re-read the month at most this often: a centre records a rating every few seconds, and
 * every lead's console would otherwise recompute the month each time. The first goes at once.
 */
export const PUSH_REFRESH_MS = 10_000;

export interface ReportsController {
  readonly store: Store<ReportsState, ReportsEvent>;
  start(): () => void;
  refresh(): Promise<void>;
  choose(choice: { month?: string; team?: string }): Promise<void>;
  exportCsv(lang: 'zh-CN' | 'en'): Promise<void>;
  exportPdf(): Promise<void>;
}

export interface ReportsHost {
  host: 'electron' | 'web';
  /** Saves text as a file (a Blob download in the page). */
  save(filename: string, text: string, type: string): void;
  /** The browser's print dialog (web host). */
  print(): void;
}

export function createReportsController(options: {
  api: AgentDeskApi;
  session: SessionSource;
  host: () => ReportsHost;
  timers?: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>;
  now?: () => number;
}): ReportsController {
  const { api } = options;
  const timers = options.timers ?? globalThis;
  const now = options.now ?? Date.now;
  let lastPushRead = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const store = createStore(reportsReducer, initialReports);
  let generation = 0;

  const refresh = async () => {
    const state = store.getState();
    if (!state.enabled) return;
    const gen = ++generation;
    store.dispatch({ type: 'loading' });
    const [indicators, closed] = await Promise.all([
      api.invoke('reports:indicators', {
        ...(state.month ? { month: state.month } : {}),
        ...(state.team ? { team: state.team } : {}),
      }),
      api.invoke('reports:months', {}),
    ]);
    if (gen !== generation || !store.getState().enabled) return;
    if (closed.ok) store.dispatch({ type: 'closed', months: closed.value.months });
    if (!indicators.ok) {
      store.dispatch({ type: 'load-failed', code: indicators.error.code });
      return;
    }
    const month = indicators.value.month;
    const report = indicators.value.closedAt ? await api.invoke('reports:report', { month }) : null;
    if (gen !== generation || !store.getState().enabled) return;
    store.dispatch({
      type: 'loaded',
      indicators: indicators.value,
      report: report?.ok ? report.value : null,
    });
  };

  const exporting = async (kind: 'csv' | 'pdf', run: (month: string) => Promise<string | null>) => {
    const { month, exporting: busy, enabled } = store.getState();
    if (!enabled || !month || busy) return;
    store.dispatch({ type: 'exporting', kind });
    const code = await run(month);
    store.dispatch({ type: 'exported', kind, ...(code ? { code: code as never } : {}) });
  };

  return {
    store,
    start() {
      const stop = followLead({
        api,
        session: options.session,
        onLead(next) {
          generation += 1;
          store.dispatch({ type: 'enabled', enabled: next !== null });
          if (next !== null) void refresh();
        },
        kinds: KINDS,
        onEvent: () => {
          if (pending !== undefined) return;
          const wait = lastPushRead + PUSH_REFRESH_MS - now();
          const read = () => {
            pending = undefined;
            lastPushRead = now();
            void refresh();
          };
          if (wait <= 0) read();
          else pending = timers.setTimeout(read, wait);
        },
      });
      return () => {
        stop();
        if (pending !== undefined) timers.clearTimeout(pending);
        pending = undefined;
      };
    },
    refresh,
    async choose(choice) {
      store.dispatch({ type: 'choose', ...choice });
      await refresh();
    },
    exportCsv: (lang) =>
      exporting('csv', async (month) => {
        const team = store.getState().indicators?.team;
        const r = await api.invoke('reports:csv', { month, lang, ...(team ? { team } : {}) });
        if (!r.ok) return r.error.code;
        options.host().save(r.value.filename, r.value.csv, 'text/csv;charset=utf-8');
        return null;
      }),
    exportPdf: () =>
      exporting('pdf', async (month) => {
        const host = options.host();
        if (host.host === 'web') {
          host.print();
          return null;
        }
        const r = await api.invoke('reports:pdf', { month });
        return r.ok ? null : r.error.code;
      }),
  };
}
