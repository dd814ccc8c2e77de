// The journal sync's retry timer: one timer at a time, its due time, and full-jitter backoff.
import { describe, expect, it } from 'vitest';
import { createRetryTimer } from '../../../../../main/core/journal/sync-retry.js';
import type { Timers } from '../../../../../main/core/journal/sync-types.js';

function fakeTimers() {
  const due: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      due.push(t);
      return t;
    },
    clearTimeout: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  return { timers, due };
}

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

describe('journal sync retry timer', () => {
  it('backs off with full jitter: random() × min(cap, base × 2^(n−1))', () => {
    let r = 0.5;
    const retry = createRetryTimer({
      timers: fakeTimers().timers,
      now: () => new Date(T0),
      random: () => r,
      backoffBaseMs: 1000,
      backoffCapMs: 10_000,
    });
    expect([1, 2, 3, 4, 5, 6].map((n) => retry.backoffDelay(n))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000,
    ]);
    r = 0;
    expect(retry.backoffDelay(3)).toBe(0);
    r = 0.999999;
    expect(retry.backoffDelay(100)).toBeLessThan(10_000);
  });

  it('keeps one retry at a time, with its due time, until it runs or is cleared', () => {
    const { timers, due } = fakeTimers();
    const retry = createRetryTimer({
      timers,
      now: () => new Date(T0),
      random: Math.random,
      backoffBaseMs: 1000,
      backoffCapMs: 10_000,
    });
    let ran = 0;
    expect([retry.pending(), retry.nextAttemptAt()]).toEqual([false, null]);
    retry.schedule(2000, () => (ran += 1));
    retry.schedule(3000, () => (ran += 10));
    expect(due.map((t) => [t.ms, t.cleared])).toEqual([
      [2000, true],
      [3000, false],
    ]);
    expect(retry.pending()).toBe(true);
    expect(retry.nextAttemptAt()?.getTime()).toBe(T0 + 3000);
    due[1]!.fn();
    expect([ran, retry.pending(), retry.nextAttemptAt()]).toEqual([10, false, null]);
    retry.schedule(1000, () => (ran += 100));
    retry.clear();
    expect([due[2]!.cleared, retry.pending(), retry.nextAttemptAt()]).toEqual([true, false, null]);
  });
});
