import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay } from '../../../common/backoff.js';

describe('backoffDelay (full jitter, 1 s base, 30 s cap)', () => {
  it('spans [0, 1 s) on the first retry and doubles the window each time', () => {
    expect(backoffDelay(0, () => 0)).toBe(0);
    expect(backoffDelay(0, () => 0.999999)).toBe(999);
    expect(backoffDelay(1, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, () => 0.5)).toBe(2000);
    expect(backoffDelay(4, () => 0.5)).toBe(8000);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [5, 6, 10, 100, 10_000, Number.MAX_SAFE_INTEGER]) {
      expect(backoffDelay(attempt, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
      expect(backoffDelay(attempt, () => 0.5)).toBe(15_000);
    }
  });

  it('survives a bad attempt count or a random source out of range', () => {
    expect(backoffDelay(-3, () => 0.5)).toBe(500);
    expect(backoffDelay(Number.NaN, () => 0.5)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBeLessThan(8000);
    expect(backoffDelay(3, () => -1)).toBe(0);
    expect(backoffDelay(3, () => Number.NaN)).toBe(0);
  });

  it('is uniformly spread (full jitter, not equal jitter)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = Array.from({ length: 2000 }, () => backoffDelay(3, random));
    expect(Math.min(...delays)).toBeLessThan(400);
    expect(Math.max(...delays)).toBeGreaterThan(7600);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(3600);
    expect(mean).toBeLessThan(4400);
  });
});
