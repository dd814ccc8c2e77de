// The one way a figure of the monthly assessment is written (Art. 22–24), shared by the console,
// the CSV export and the PDF, so the three show the same digits. Shares are truncated, never
// rounded up: 98.96 % reads 98.9, so a figure under a 99 % target never reads as meeting it.
// Pure: no I/O, no Intl time zone (the month is already a centre-time `YYYY-MM`).

/** How a missing figure (a share over nothing, no times) reads unless the caller says. */
export const NO_DATA = '—';

/** A share 0–1 as a percentage with one decimal, truncated: 0.9925 → '99.2', 1 → '100.0'. */
export function percent(share: number | null, none: string = NO_DATA): string {
  if (share === null || !Number.isFinite(share)) return none;
  // The epsilon keeps 0.29 (28.999… in binary) at 29.0 and never lifts a true 98.99 to 99.0.
  return (Math.floor(share * 1000 + 1e-6) / 10).toFixed(1);
}

/** Milliseconds as minutes with one decimal, rounded: 95_000 → '1.6'. */
export function minutes(ms: number | null, none: string = NO_DATA): string {
  if (ms === null || !Number.isFinite(ms)) return none;
  return (Math.round(ms / 6000) / 10).toFixed(1);
}

/** Milliseconds as hours with one decimal, rounded: 5_400_000 → '1.5'. */
export function hours(ms: number | null, none: string = NO_DATA): string {
  if (ms === null || !Number.isFinite(ms)) return none;
  return (Math.round(ms / 360_000) / 10).toFixed(1);
}

/** A rate (calls an hour) with one decimal, rounded. */
export function rate(value: number | null, none: string = NO_DATA): string {
  if (value === null || !Number.isFinite(value)) return none;
  return (Math.round(value * 10) / 10).toFixed(1);
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export type ReportLanguage = 'zh-CN' | 'en';

/**
 * `YYYY-MM` as words, never as something a spreadsheet reads as a date: '2026年10月' or
 * 'October 2026'.
 */
export function monthLabel(month: string, lang: ReportLanguage): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError('month must be YYYY-MM');
  const index = Number(m[2]);
  return lang === 'zh-CN' ? `${m[1]}年${index}月` : `${MONTHS_EN[index - 1]} ${m[1]}`;
}

/** Milliseconds as whole seconds, rounded: 48_400 → '48' (time to verify). */
export function seconds(ms: number | null, none: string = NO_DATA): string {
  if (ms === null || !Number.isFinite(ms)) return none;
  return String(Math.round(ms / 1000));
}
