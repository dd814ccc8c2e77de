import { describe, expect, it } from 'vitest';
import {
  fullJitterDelay,
  RECONNECT_BACKOFF,
  retryAfterDelay,
  retryAfterMs,
} from '../../../common/backoff.js';

const window = { baseMs: 100, capMs: 2_000 };

describe('fullJitterDelay', () => {
  it('draws from [0, base·2^attempt)', () => {
    expect(fullJitterDelay(0, window, () => 0)).toBe(0);
    expect(fullJitterDelay(0, window, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, window, () => 0.5)).toBe(400);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(fullJitterDelay(10, window, () => 0.5)).toBe(1_000);
    expect(fullJitterDelay(1_000, window, () => 0.999999)).toBeLessThan(2_000);
  });

  it('clamps a bad attempt count and a bad random source', () => {
    expect(fullJitterDelay(-3, window, () => 0.5)).toBe(50);
    expect(fullJitterDelay(Number.NaN, window, () => 0.5)).toBe(50);
    expect(fullJitterDelay(3, window, () => 1)).toBeLessThan(800);
    expect(fullJitterDelay(3, window, () => -1)).toBe(0);
    expect(fullJitterDelay(3, window, () => Number.NaN)).toBe(0);
  });

  it('spreads retries over the whole window', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = Array.from({ length: 2_000 }, () => fullJitterDelay(3, window, random));
    const lowHalf = delays.filter((d) => d < 400).length;
    expect(lowHalf).toBeGreaterThan(850);
    expect(lowHalf).toBeLessThan(1_150);
    expect(Math.max(...delays)).toBeLessThan(800);
  });
});
describe('the reconnect window (full jitter, 1 s base, 30 s cap)', () => {
  it('spans [0, 1 s) on the first retry and doubles the window each time', () => {
    expect(fullJitterDelay(0, RECONNECT_BACKOFF, () => 0)).toBe(0);
    expect(fullJitterDelay(0, RECONNECT_BACKOFF, () => 0.999999)).toBe(999);
    expect(fullJitterDelay(1, RECONNECT_BACKOFF, () => 0.5)).toBe(1000);
    expect(fullJitterDelay(2, RECONNECT_BACKOFF, () => 0.5)).toBe(2000);
    expect(fullJitterDelay(4, RECONNECT_BACKOFF, () => 0.5)).toBe(8000);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [5, 6, 10, 100, 10_000, Number.MAX_SAFE_INTEGER]) {
      expect(fullJitterDelay(attempt, RECONNECT_BACKOFF, () => 0.999999)).toBeLessThan(
        RECONNECT_BACKOFF.capMs,
      );
      expect(fullJitterDelay(attempt, RECONNECT_BACKOFF, () => 0.5)).toBe(15_000);
    }
  });

  it('survives a bad attempt count or a random source out of range', () => {
    expect(fullJitterDelay(-3, RECONNECT_BACKOFF, () => 0.5)).toBe(500);
    expect(fullJitterDelay(Number.NaN, RECONNECT_BACKOFF, () => 0.5)).toBe(500);
    expect(fullJitterDelay(3, RECONNECT_BACKOFF, () => 1)).toBeLessThan(8000);
    expect(fullJitterDelay(3, RECONNECT_BACKOFF, () => -1)).toBe(0);
    expect(fullJitterDelay(3, RECONNECT_BACKOFF, () => Number.NaN)).toBe(0);
  });

  it('is uniformly spread (full jitter, not equal jitter)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const delays = Array.from({ length: 2000 }, () =>
      fullJitterDelay(3, RECONNECT_BACKOFF, random),
    );
    expect(Math.min(...delays)).toBeLessThan(400);
    expect(Math.max(...delays)).toBeGreaterThan(7600);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(3600);
    expect(mean).toBeLessThan(4400);
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and an HTTP date, and nothing else', () => {
    const now = Date.parse('2026-03-02T09:00:00.000Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Mon, 02 Mar 2026 09:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Mon, 02 Mar 2026 08:00:00 GMT', now)).toBe(0);
    for (const bad of [null, undefined, '', '1.5', '-3', 'soon', '2026-03-02'])
      expect(retryAfterMs(bad, now)).toBeNull();
  });

  it('waits at least as told, plus up to as long again (at least 1 s), never past the cap', () => {
    expect(retryAfterDelay(2000, 600_000, () => 0)).toBe(2000);
    expect(retryAfterDelay(2000, 600_000, () => 0.5)).toBe(3000);
    expect(retryAfterDelay(0, 600_000, () => 0.5)).toBe(500);
    expect(retryAfterDelay(86_400_000, 600_000, () => 0)).toBe(600_000);
    expect(retryAfterDelay(Number.NaN, 600_000, () => 0)).toBe(600_000);
  });
});
