// renderer/lead/reports/: the quality and assessment room (Art. 19, 22–24) — a month's figures for
// the centre or a team: the four indicators against their targets, the daily trend, the agents
// compared, time to verify, every agent in a sortable table, and once the month is closed what its
// close froze. Exports: the CSV the records service writes and a PDF of this room (print CSS).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_TEAMS } from '../../../common/policy.js';
import { monthLabel, type ReportLanguage } from '../../../common/report-format.js';
import { AgentTable } from './AgentTable.js';
import { KpiCards } from './KpiCards.js';
import { AgentCompareChart, TrendChart, VerifyTimes } from './ReportCharts.js';
import { ReportSections } from './ReportSections.js';
import { monthChoices, type ReportsState } from './store.js';

export interface ReportsActions {
  choose(choice: { month?: string; team?: string }): void;
  refresh(): void;
  exportCsv(lang: 'zh-CN' | 'en'): void;
  exportPdf(): void;
}

/** The report's language for the lead's (the CSV's headings, the month in words). */
const reportLanguage = (language: string): ReportLanguage => (language === 'en' ? 'en' : 'zh-CN');

function Controls({ state, actions }: { state: ReportsState; actions: ReportsActions }) {
  const { t, i18n } = useTranslation();
  const monthId = useId();
  const teamId = useId();
  const figures = state.indicators;
  const months = figures ? monthChoices(figures.month, state.closed) : [];
  const closed = new Set(state.closed.map((c) => c.month));
  const busy = state.exporting !== null || !figures;
  return (
    <div className="lead-reports__controls">
      <div className="lead-reports__field">
        <label htmlFor={monthId}>{t('lead.reports.month')}</label>
        <select
          id={monthId}
          data-testid="report-month"
          value={state.month ?? ''}
          disabled={!figures}
          onChange={(e) => actions.choose({ month: e.target.value })}
        >
          {months.map((m) => (
            <option key={m} value={m} data-closed={closed.has(m)}>
              {monthLabel(m, reportLanguage(i18n.language))}
            </option>
          ))}
        </select>
      </div>
      <div className="lead-reports__field">
        <label htmlFor={teamId}>{t('lead.reports.team')}</label>
        <select
          id={teamId}
          data-testid="report-team"
          value={figures ? (figures.team ?? ALL_TEAMS) : ''}
          disabled={!figures}
          onChange={(e) => actions.choose({ team: e.target.value })}
        >
          {figures &&
            [...figures.teams, ALL_TEAMS].map((team) => (
              <option key={team} value={team}>
                {team === ALL_TEAMS ? t('lead.reports.allTeams') : team}
              </option>
            ))}
        </select>
      </div>
      <div className="lead-reports__exports">
        <button
          type="button"
          className="button button--quiet button--small"
          data-testid="report-refresh"
          disabled={state.loading}
          onClick={actions.refresh}
        >
          {t('lead.reports.refresh')}
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="export-csv"
          disabled={busy}
          onClick={() => actions.exportCsv(reportLanguage(i18n.language))}
        >
          {t('lead.reports.exportCsv')}
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="export-pdf"
          disabled={busy}
          onClick={actions.exportPdf}
        >
          {t('lead.reports.exportPdf')}
        </button>
      </div>
    </div>
  );
}

export function ReportsRoom({ state, actions }: { state: ReportsState; actions: ReportsActions }) {
  const { t, i18n } = useTranslation();
  const figures = state.indicators;
  const label = figures ? monthLabel(figures.month, reportLanguage(i18n.language)) : '';
  return (
    <div className="lead-reports" data-testid="reports-room" aria-busy={state.loading}>
      <h2 className="lead-reports__title">
        {figures ? t('lead.reports.printTitle', { month: label }) : t('lead.reports.title')}
      </h2>
      <Controls state={state} actions={actions} />
      <p className="lead-reports__status" role="status">
        {state.problem
          ? t('lead.reports.failed', { code: t(`error.${state.problem}`) })
          : state.exportProblem
            ? t('lead.reports.exportFailed', { code: t(`error.${state.exportProblem.code}`) })
            : state.exporting
              ? t('lead.reports.exporting')
              : !figures
                ? t('lead.reports.loading')
                : figures.closedAt
                  ? t('lead.reports.closed', {
                      date: new Date(figures.closedAt).toLocaleDateString(i18n.language),
                    })
                  : t('lead.reports.open')}
      </p>
      {figures && (
        <>
          <p className="lead-reports__scope">
            {t('lead.reports.printScope', { scope: figures.team ?? t('lead.reports.centre') })}
          </p>
          <KpiCards figures={figures} />
          <div className="lead-reports__charts">
            <TrendChart figures={figures} monthLabel={label} />
            <AgentCompareChart figures={figures} />
          </div>
          <VerifyTimes figures={figures} />
          <AgentTable agents={figures.agents} />
          <ReportSections report={state.report} />
        </>
      )}
    </div>
  );
}
