// renderer/lead/reports/: what the month's close freezes besides the figures (Art. 23, 24) — the
// agents below target, the best performers and the risk-control catches for commendation, and the
// month's complaints by category. While the month is open, a note says what the close will freeze.
import { useTranslation } from 'react-i18next';
import type { MonthReport } from '../../../common/reports-api.js';

export function ReportSections({ report }: { report: MonthReport | null }) {
  const { t, i18n } = useTranslation();
  const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' });
  if (!report) return <p className="report-note">{t('lead.reports.report.openNote')}</p>;
  const { belowTarget, commendations, complaints } = report;
  return (
    <div className="report-sections">
      <section className="report-section" data-testid="report-below">
        <h3>{t('lead.reports.report.belowTitle')}</h3>
        {belowTarget.length === 0 ? (
          <p>{t('lead.reports.report.belowNone')}</p>
        ) : (
          <ul>
            {belowTarget.map((a) => (
              <li key={a.username} data-username={a.username}>
                {t('lead.reports.report.belowLine', {
                  name: a.team ? `${a.name} · ${a.team}` : a.name,
                  indicators: list.format(a.indicators.map((k) => t(`lead.reports.kpi.${k}`))),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="report-section" data-testid="report-commendations">
        <h3>{t('lead.reports.report.commendTitle')}</h3>
        <h4>{t('lead.reports.report.best')}</h4>
        {commendations.best.length === 0 ? (
          <p>{t('lead.reports.report.commendNone')}</p>
        ) : (
          <ol>
            {commendations.best.map((a) => (
              <li key={a.username}>{a.name}</li>
            ))}
          </ol>
        )}
        <h4>{t('lead.reports.report.catches')}</h4>
        {commendations.riskCatches.length === 0 ? (
          <p>{t('lead.reports.report.commendNone')}</p>
        ) : (
          <ul>
            {commendations.riskCatches.map((a) => (
              <li key={a.username}>
                {t('lead.reports.report.catchLine', {
                  name: a.name,
                  suspected: a.fraudSuspected,
                  confirmed: a.fraudConfirmed,
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="report-section" data-testid="report-complaints">
        <h3>{t('lead.reports.report.complaintsTitle', { total: complaints.total })}</h3>
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">{t('lead.reports.report.category')}</th>
              <th scope="col">{t('lead.reports.report.count')}</th>
            </tr>
          </thead>
          <tbody>
            {complaints.categories.map((c) => (
              <tr key={c.category} data-category={c.category}>
                <th scope="row">
                  {t(`verify.complaint.categories.${c.category}` as never, {
                    defaultValue: c.category,
                  })}
                </th>
                <td>{c.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
