// The one way a Chapter 7 figure is written (Art. 22–24): the console, the CSV and the PDF all call
// these, so a lead never finds 99.2 on screen and 99.17 in Excel. Shares are truncated, not
// rounded, so a figure below its target never reads as reaching it (98.96 % is 98.9, not 99.0).
// An empty string means "no data": nothing was measured, which is not 0.

/** A share (0–1) as a percentage with one decimal, e.g. `99.2`; '' for none. */
export function percent(value: number | null): string {
  if (value === null) return '';
  // The epsilon keeps 0.29 (28.999… in binary) at 29.0.
  return (Math.floor(value * 1000 + 1e-9) / 10).toFixed(1);
}

/** A duration in whole seconds, e.g. `48`; '' for none. */
export function seconds(ms: number | null): string {
  return ms === null ? '' : String(Math.round(ms / 1000));
}

/** A rate with one decimal (calls an hour); '' for none. */
export function rate(value: number | null): string {
  return value === null ? '' : value.toFixed(1);
}

/** Hours with one decimal (talk time, breaks in a month). */
export function hours(ms: number): string {
  return (ms / 3_600_000).toFixed(1);
}
