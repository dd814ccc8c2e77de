// The frozen monthly report as a CSV file for Excel (Art. 23): UTF-8 with a BOM so Chinese opens
// correctly, CRLF, cells that start like a formula escaped (CWE-1236), the month in words so it is
// not read as a date, and every figure written by common/report-format.ts as on screen and in PDF.
import { stringify } from 'csv-stringify/sync';
import { BUSINESS_TYPES } from '../../common/policy/business.js';
import { hours, minutes, monthLabel, percent, rate, seconds } from '../../common/report-format.js';
import type { ReportLanguage } from '../../common/report-format.js';
import type { IndicatorSet, MonthReport } from '../../common/reports-api.js';
import { CSV_LABELS_EN, CSV_LABELS_ZH_CN, type CsvLabels } from './csv-labels.js';

type Cell = string | number;
type Row = Cell[];

/** A share's cell: empty when there is nothing to measure (not 0). */
const pct = (value: number | null) => percent(value, '');

function centreRows(l: CsvLabels, report: MonthReport): Row[] {
  const { centre, targets } = report.indicators;
  const mark = (below: boolean) => (below ? l.yes : l.no);
  const { efficiency: e, risk: r, workload: w } = centre;
  const count = (label: string, value: Cell): Row => [label, value, '', '', ''];
  return [
    [l.centre],
    [l.indicator, l.value, l.target, l.sample, l.belowMark],
    [
      l.accuracy,
      pct(centre.accuracy.value),
      pct(targets.accuracy),
      centre.accuracy.of,
      mark(centre.accuracy.below),
    ],
    [
      l.satisfaction,
      pct(centre.satisfaction.value),
      pct(targets.satisfaction),
      centre.satisfaction.of,
      mark(centre.satisfaction.below),
    ],
    count(l.declined, centre.satisfaction.declined),
    count(l.noAnswer, centre.satisfaction.noAnswer),
    count(l.calls, e.calls),
    count(l.verified, e.verified),
    count(l.averageHandle, minutes(e.averageHandleMs, '')),
    count(l.callsPerHour, rate(e.callsPerHour, '')),
    count(l.fraudSuspected, r.fraudSuspected),
    count(l.fraudConfirmed, r.fraudConfirmed),
    count(l.overPermission, r.overPermission),
    count(l.exceptions, r.exceptions),
    count(l.locks, r.locks),
    count(l.talk, hours(w.talkMs, '')),
    count(l.breaks, hours(w.breakMs, '')),
    [],
  ];
}

const orNone = (l: CsvLabels, rows: Row[]): Row[] => (rows.length > 0 ? rows : [[l.none]]);

/** Time to verify by business type (Art. 22 handling efficiency), as the screen shows it. */
function verifyRows(l: CsvLabels, set: IndicatorSet): Row[] {
  const rows = BUSINESS_TYPES.flatMap((type) => {
    const times = set.efficiency.timeToVerify[type];
    return times
      ? [[l.businessTypes[type], seconds(times.p50, ''), seconds(times.p90, ''), times.n]]
      : [];
  });
  return [
    [l.timeToVerify],
    [l.businessType, l.p50, l.p90, l.verifiedCalls],
    ...orNone(l, rows),
    [],
  ];
}

const figureHeadings = (l: CsvLabels): Row => [
  l.calls,
  l.accuracy,
  l.reviewed,
  l.satisfaction,
  l.rated,
  l.averageHandle,
  l.callsPerHour,
  l.fraudSuspected,
  l.fraudConfirmed,
  l.belowMark,
];

function figures(l: CsvLabels, set: IndicatorSet): Row {
  const below = set.accuracy.below || set.satisfaction.below;
  return [
    set.efficiency.calls,
    pct(set.accuracy.value),
    set.accuracy.of,
    pct(set.satisfaction.value),
    set.satisfaction.of,
    minutes(set.efficiency.averageHandleMs, ''),
    rate(set.efficiency.callsPerHour, ''),
    set.risk.fraudSuspected,
    set.risk.fraudConfirmed,
    below ? l.yes : l.no,
  ];
}

function peopleRows(l: CsvLabels, report: MonthReport): Row[] {
  const { indicators: ind } = report;
  const team = (t: string | null) => t ?? l.noTeam;
  const category = (c: string) => (l.categories as Record<string, string>)[c] ?? c;
  const indicatorName = (k: 'accuracy' | 'satisfaction') => l[k];
  return [
    [l.byTeam],
    [l.team, ...figureHeadings(l)],
    ...orNone(
      l,
      ind.byTeam.map((t) => [team(t.team), ...figures(l, t)]),
    ),
    [],
    [l.byAgent],
    [l.name, l.team, ...figureHeadings(l)],
    ...orNone(
      l,
      ind.agents.map((a) => [a.name, team(a.team), ...figures(l, a)]),
    ),
    [],
    [l.complaints],
    [l.category, l.total],
    ...report.complaints.categories.map((c) => [category(c.category), c.total]),
    [l.total, report.complaints.total],
    [],
    [l.belowTarget],
    [l.name, l.team, l.indicators],
    ...orNone(
      l,
      report.belowTarget.map((b) => [
        b.name,
        team(b.team),
        b.indicators.map(indicatorName).join(' / '),
      ]),
    ),
    [],
    [l.best],
    [l.rank, l.name, l.team],
    ...orNone(
      l,
      report.commendations.best.map((b, i) => [i + 1, b.name, team(b.team)]),
    ),
    [],
    [l.riskCatches],
    [l.name, l.team, l.fraudConfirmed, l.fraudSuspected],
    ...orNone(
      l,
      report.commendations.riskCatches.map((c) => [
        c.name,
        team(c.team),
        c.fraudConfirmed,
        c.fraudSuspected,
      ]),
    ),
  ];
}

/**
 * The report's CSV text in `lang` (BOM first, sent as UTF-8): the frozen JSON's figures, or with
 * `provisional` a month not closed yet, as of `report.closedAt` (the time it was drawn up). `team`
 * when the report is one team's view of it (reportFor), written as its scope.
 */
export function reportCsv(
  report: MonthReport,
  lang: ReportLanguage,
  provisional = false,
  team: string | null = null,
): string {
  const l = lang === 'zh-CN' ? CSV_LABELS_ZH_CN : CSV_LABELS_EN;
  const rows: Row[] = [
    [l.title, monthLabel(report.month, lang)],
    [
      provisional ? l.asOf : l.closedAt,
      report.closedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
    ],
    [],
    [l.scope, team ?? l.wholeCentre],
    ...centreRows(l, report),
    ...verifyRows(l, report.indicators.centre),
    ...peopleRows(l, report),
  ];
  // Names and free text could start with = + - @ (or their full-width forms): escaped, and NUL
  // stripped, so no cell runs as a formula (CWE-1236).
  const clean = rows.map((row) =>
    row.map((c) => (typeof c === 'string' ? c.replace(/\0/g, '') : c)),
  );
  return stringify(clean, { bom: true, record_delimiter: 'windows', escape_formulas: true });
}

/** `attachment; filename="…"; filename*=UTF-8''…` for the report of `month` in `lang`. */
export function csvDisposition(month: string, lang: ReportLanguage): string {
  const name = lang === 'zh-CN' ? `月度考核报告-${month}.csv` : `monthly-assessment-${month}.csv`;
  const ascii = `monthly-assessment-${month}.csv`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
