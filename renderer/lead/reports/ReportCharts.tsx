// renderer/lead/reports/: the month's figures drawn (Art. 22) with Recharts (SVG, so it stays
// vector in the PDF and takes the page's CJK font): the daily trend of accuracy and satisfaction
// against their targets, the agents compared on accuracy, and time to verify by business type.
// Each chart is an image with a label saying what it shows; the same figures are in the tables
// beside it. Fixed sizes and no animation: the print path measures nothing and waits for nothing.
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { BUSINESS_TYPES } from '../../../common/policy.js';
import type { MonthIndicators } from '../../../common/reports-api.js';
import { percent, seconds } from '../../../common/report-format.js';

/** Colours with ≥ 4.5:1 contrast on white (axe), distinct for colour-blind readers. */
const INK = { accuracy: '#1d4ed8', satisfaction: '#b45309', target: '#4b5563', bar: '#0f766e' };
const WIDTH = 560;

/** The figure as written everywhere (common/report-format.ts), as a number for the axis. */
const pct = (value: number | null): number | null =>
  value === null ? null : Number(percent(value, ''));

/** A lower bound that keeps targets and figures in view without flattening them at the top. */
function floorOf(values: readonly (number | null)[]): number {
  const low = Math.min(...values.filter((v): v is number => v !== null), 100);
  return Math.max(0, Math.floor((low - 5) / 10) * 10);
}

export function TrendChart({
  figures,
  monthLabel,
}: {
  figures: MonthIndicators;
  monthLabel: string;
}) {
  const { t } = useTranslation();
  const data = figures.days.map((d) => ({
    day: d.day.slice(8),
    accuracy: pct(d.accuracy.value),
    satisfaction: pct(d.satisfaction.value),
  }));
  const targets = [pct(figures.targets.accuracy)!, pct(figures.targets.satisfaction)!];
  const low = floorOf([...data.flatMap((d) => [d.accuracy, d.satisfaction]), ...targets]);
  const measured = data.some((d) => d.accuracy !== null || d.satisfaction !== null);
  return (
    <figure className="report-chart" data-testid="report-trend">
      <figcaption>{t('lead.reports.trend.title')}</figcaption>
      {!measured && <p className="report-chart__none">{t('lead.reports.trend.none')}</p>}
      <div role="img" aria-label={t('lead.reports.trend.label', { month: monthLabel })}>
        <LineChart width={WIDTH} height={240} data={data} accessibilityLayer={false}>
          <CartesianGrid stroke="#e5e7eb" />
          <XAxis dataKey="day" stroke="#374151" />
          <YAxis domain={[low, 100]} unit="%" stroke="#374151" width={56} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
          <Legend />
          <ReferenceLine y={targets[0]} stroke={INK.accuracy} strokeDasharray="6 4" />
          <ReferenceLine y={targets[1]} stroke={INK.satisfaction} strokeDasharray="6 4" />
          <Line
            type="monotone"
            dataKey="accuracy"
            name={t('lead.reports.trend.accuracy')}
            stroke={INK.accuracy}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="satisfaction"
            name={t('lead.reports.trend.satisfaction')}
            stroke={INK.satisfaction}
            strokeWidth={2}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </div>
    </figure>
  );
}

/** How many agents the comparison draws: the lowest first, where a lead looks (all in table). */
const COMPARED = 15;

export function AgentCompareChart({ figures }: { figures: MonthIndicators }) {
  const { t } = useTranslation();
  const target = pct(figures.targets.accuracy)!;
  const data = figures.agents
    .filter((a) => a.accuracy.value !== null)
    .map((a) => ({ name: a.name, accuracy: pct(a.accuracy.value) }))
    .sort((a, b) => a.accuracy! - b.accuracy! || a.name.localeCompare(b.name))
    .slice(0, COMPARED);
  return (
    <figure className="report-chart" data-testid="report-compare">
      <figcaption>{t('lead.reports.compare.title')}</figcaption>
      {data.length === 0 ? (
        <p className="report-chart__none">{t('lead.reports.compare.none')}</p>
      ) : (
        <div role="img" aria-label={t('lead.reports.compare.label', { value: target })}>
          <BarChart
            width={WIDTH}
            height={48 + data.length * 26}
            data={data}
            layout="vertical"
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="#e5e7eb" horizontal={false} />
            <XAxis
              type="number"
              domain={[floorOf([...data.map((d) => d.accuracy), target]), 100]}
              unit="%"
              stroke="#374151"
            />
            <YAxis type="category" dataKey="name" width={110} stroke="#374151" />
            <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
            <ReferenceLine x={target} stroke={INK.target} strokeDasharray="6 4" />
            <Bar
              dataKey="accuracy"
              name={t('lead.reports.trend.accuracy')}
              fill={INK.accuracy}
              isAnimationActive={false}
            />
          </BarChart>
        </div>
      )}
    </figure>
  );
}

export function VerifyTimes({ figures }: { figures: MonthIndicators }) {
  const { t } = useTranslation();
  const rows = BUSINESS_TYPES.flatMap((type) => {
    const times = figures.centre.efficiency.timeToVerify[type];
    return times ? [{ type, ...times }] : [];
  });
  return (
    <figure className="report-chart" data-testid="report-verify-times">
      <figcaption>{t('lead.reports.verify.title')}</figcaption>
      {rows.length === 0 ? (
        <p className="report-chart__none">{t('lead.reports.verify.none')}</p>
      ) : (
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">{t('lead.reports.verify.type')}</th>
              <th scope="col">{t('lead.reports.verify.p50')}</th>
              <th scope="col">{t('lead.reports.verify.p90')}</th>
              <th scope="col">{t('lead.reports.verify.n')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.type} data-type={r.type}>
                <th scope="row">{t(`verify.business.types.${r.type}`)}</th>
                <td>{seconds(r.p50)}</td>
                <td>{seconds(r.p90)}</td>
                <td>{r.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
