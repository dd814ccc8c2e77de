// renderer/lead/reports/: the four Chapter 7 figures at a glance (Art. 22) — accuracy,
// satisfaction, handling efficiency, risk control — each with what it counts and, where a target
// applies, the target and a "below target" mark in words as well as colour. `data-value` carries
// the figure exactly as written here (common/report-format.ts), '' when there is none.
import { useTranslation } from 'react-i18next';
import type { IndicatorSet, MonthIndicators } from '../../../common/reports-api.js';
import { hours, minutes, percent, rate } from '../../../common/report-format.js';

/** The risk-control events of a set, summed: the card's headline. */
export const riskTotal = (r: IndicatorSet['risk']): number =>
  r.fraudSuspected + r.fraudConfirmed + r.overPermission + r.exceptions + r.locks;

function ShareCard({
  kind,
  title,
  value,
  share,
  below,
  target,
  detail,
}: {
  kind: 'accuracy' | 'satisfaction';
  title: string;
  value: string;
  /** What the figure counts: `data-hits` of `data-of` (e.g. ratings 4–5 of ratings). */
  share: { hits: number; of: number };
  below: boolean;
  target: number;
  detail: string;
}) {
  const { t } = useTranslation();
  return (
    <div
      className={`kpi-card${below ? ' kpi-card--below' : ''}`}
      data-testid={`kpi-${kind}`}
      data-value={value}
      data-hits={share.hits}
      data-of={share.of}
      data-below={below}
    >
      <h3 className="kpi-card__title">{title}</h3>
      <p className="kpi-card__value">{value === '' ? t('lead.reports.noData') : `${value}%`}</p>
      <p className="kpi-card__target">
        {t('lead.reports.target', { value: percent(target) })}
        {below && <strong className="kpi-card__below">{t('lead.reports.below')}</strong>}
      </p>
      <p className="kpi-card__detail">{detail}</p>
    </div>
  );
}

export function KpiCards({ figures }: { figures: MonthIndicators }) {
  const { t } = useTranslation();
  const { accuracy, satisfaction, efficiency, risk, workload } = figures.centre;
  const handle = minutes(efficiency.averageHandleMs, '');
  const riskCount = riskTotal(risk);
  return (
    <div className="kpi-cards">
      <ShareCard
        kind="accuracy"
        title={t('lead.reports.kpi.accuracy')}
        value={percent(accuracy.value, '')}
        share={accuracy}
        below={accuracy.below}
        target={figures.targets.accuracy}
        detail={t('lead.reports.kpi.accuracyOf', { hits: accuracy.hits, of: accuracy.of })}
      />
      <ShareCard
        kind="satisfaction"
        title={t('lead.reports.kpi.satisfaction')}
        value={percent(satisfaction.value, '')}
        share={satisfaction}
        below={satisfaction.below}
        target={figures.targets.satisfaction}
        detail={t('lead.reports.kpi.satisfactionOf', {
          hits: satisfaction.hits,
          of: satisfaction.of,
          declined: satisfaction.declined,
          noAnswer: satisfaction.noAnswer,
        })}
      />
      <div className="kpi-card" data-testid="kpi-efficiency" data-value={handle}>
        <h3 className="kpi-card__title">{t('lead.reports.kpi.efficiency')}</h3>
        <p className="kpi-card__value">
          {handle === ''
            ? t('lead.reports.noData')
            : t('lead.reports.kpi.efficiencyValue', { minutes: handle })}
        </p>
        <p className="kpi-card__detail">
          {t('lead.reports.kpi.efficiencyOf', {
            calls: efficiency.calls,
            verified: efficiency.verified,
            perHour: rate(efficiency.callsPerHour),
          })}
        </p>
        <p className="kpi-card__detail" data-testid="kpi-workload">
          {t('lead.reports.kpi.workload', {
            talk: hours(workload.talkMs),
            breaks: hours(workload.breakMs),
          })}
        </p>
      </div>
      <div className="kpi-card" data-testid="kpi-risk" data-value={String(riskCount)}>
        <h3 className="kpi-card__title">{t('lead.reports.kpi.risk')}</h3>
        <p className="kpi-card__value">{t('lead.reports.kpi.riskValue', { count: riskCount })}</p>
        <p className="kpi-card__detail">
          {t('lead.reports.kpi.riskOf', {
            suspected: risk.fraudSuspected,
            confirmed: risk.fraudConfirmed,
            over: risk.overPermission,
            exceptions: risk.exceptions,
            locks: risk.locks,
          })}
        </p>
      </div>
    </div>
  );
}
