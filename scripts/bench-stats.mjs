// The figures the benches print, in one place so their outputs read alike and compare across
// runs: the quantile of sorted times (nearest rank, as every bench has reported it) and the one
// line a latency gets — its name, how many, and the chosen percentiles in milliseconds.

/** The q-quantile (0..1) of ascending `sorted`. */
export const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Milliseconds right-aligned: `digits` decimals in `digits + 6` columns (`    1.23`). */
export const ms = (x, digits = 2) => x.toFixed(digits).padStart(digits + 6);

/**
 * `name  n=…  p50 … ms  p95 … ms  p99 … ms`: the percentiles `qs` of ascending `sorted`; `count`
 * is the n shown (its length unless told), right-aligned in `nWidth` columns.
 */
export function latencyLine(
  name,
  sorted,
  { qs = [0.5, 0.95, 0.99], digits = 2, count = sorted.length, nWidth = 5 } = {},
) {
  const figures = qs.map((q) => `p${Math.round(q * 100)} ${ms(quantile(sorted, q), digits)} ms`);
  return `${name.padEnd(44)} n=${String(count).padStart(nWidth)}  ${figures.join('  ')}`;
}
