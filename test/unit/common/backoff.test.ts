import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../../../common/backoff.js';

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
