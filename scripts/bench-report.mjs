// The issue-17 figures of a `npm run bench` run, collected from its parts for the summary table
// bench.mjs prints at the end: each part prints its own lines as before and also calls
//   record(name, value, goal, unit, { floor })
// with `goal` { max: n } (at most), { min: n } (at least) or null (a figure shown without a goal,
// e.g. a physical floor), and `floor` an optional string naming the physical limit beside it.
// One module instance per process: the parts bench.mjs imports all record into the same list.
import { latencyLine } from './bench-stats.mjs';

const figures = [];

/** Adds one figure; a goal's value must be a finite number. */
export function record(name, value, goal, unit, { floor } = {}) {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('record: a name');
  if (goal && !Number.isFinite(goal.max ?? goal.min))
    throw new TypeError(`record ${name}: goal is { max: n } or { min: n }`);
  figures.push({ name, value, goal: goal ?? null, unit: unit ?? '', floor: floor ?? null });
}

/** Whether a figure meets its goal: true, false (also with no value), null without a goal. */
export function met({ value, goal }) {
  if (!goal) return null;
  if (!Number.isFinite(value)) return false; // no figure where one was due
  return goal.max !== undefined ? value <= goal.max : value >= goal.min;
}

/** What was recorded so far (copies). */
export const recorded = () => figures.map((f) => ({ ...f }));

const number = (x) =>
  !Number.isFinite(x)
    ? '—'
    : Number.isInteger(x) || Math.abs(x) >= 100
      ? Math.round(x).toLocaleString('en')
      : x.toFixed(Math.abs(x) >= 10 ? 1 : 2);

/** The goal as read: `≤ 25 s`, `≥ 20,000 entries/s`. */
export const goalText = ({ goal, unit }) =>
  !goal ? '' : `${goal.max !== undefined ? '≤' : '≥'} ${number(goal.max ?? goal.min)} ${unit}`;

/** The table of every recorded figure with its goal and ✓/✗ (nothing when none was recorded). */
export function summary() {
  if (figures.length === 0) return '';
  const rows = figures.map((f) => {
    const ok = met(f);
    return [
      ok === null ? ' ' : ok ? '✓' : '✗',
      f.name,
      `${number(f.value)} ${f.unit}`.trim(),
      goalText(f),
      f.floor ?? '',
    ];
  });
  const widths = [1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    [r[0], ...[1, 2, 3].map((i) => r[i].padEnd(widths[i - 1])), r[4]].join('  ').trimEnd(),
  );
  const failed = rows.filter((r) => r[0] === '✗').length;
  return [
    `\nIssue 17 figures (${figures.length}, ${failed === 0 ? 'every goal met' : `${failed} goal${failed === 1 ? '' : 's'} missed`})`,
    ...lines,
  ].join('\n');
}

/**
 * Records a latency's p50/p99 (ms) under `name`, the p99 against `goalP99Ms`; prints its line.
 * No sample at all records no value: against a goal that is a miss.
 */
export function recordLatency(name, sorted, goalP99Ms, { digits = 2 } = {}) {
  console.log(
    sorted.length > 0
      ? latencyLine(name, sorted, { qs: [0.5, 0.99], digits })
      : `${name.padEnd(44)} n=    0  (none answered)`,
  );
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  record(`${name}, p50`, at(0.5), null, 'ms');
  record(`${name}, p99`, at(0.99), goalP99Ms === null ? null : { max: goalP99Ms }, 'ms');
}
