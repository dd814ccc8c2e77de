import { describe, expect, it } from 'vitest';
import {
  mosEstimate,
  qualityWarning,
  summariseQuality,
  type QualitySampleLike,
} from '../../../common/call-quality.js';

describe('mosEstimate', () => {
  it('is about 4.4 on a perfect line and falls with delay, jitter and loss', () => {
    expect(mosEstimate({ rttMs: 0, jitterMs: 0, lossPct: 0 })).toBe(4.4);
    const good = mosEstimate({ rttMs: 40, jitterMs: 5, lossPct: 0 })!;
    expect(good).toBeGreaterThan(4.3);
    expect(mosEstimate({ rttMs: 600, jitterMs: 5, lossPct: 0 })!).toBeLessThan(good);
    expect(mosEstimate({ rttMs: 40, jitterMs: 80, lossPct: 0 })!).toBeLessThan(good);
    expect(mosEstimate({ rttMs: 40, jitterMs: 5, lossPct: 10 })!).toBeLessThan(3.6);
  });

  it('follows the documented formula (worked example)', () => {
    // d = 200/2 + 2*20 + 10 = 150 → R = 93.2 - 150/40 = 89.45; minus 2.5*2 = 84.45
    const r = 84.45;
    const expected = Math.round((1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)) * 100) / 100;
    expect(mosEstimate({ rttMs: 200, jitterMs: 20, lossPct: 2 })).toBe(expected);
  });

  it('stays within 1..4.5 and is null when nothing was measured', () => {
    expect(mosEstimate({ rttMs: 10_000, jitterMs: 1000, lossPct: 100 })).toBe(1);
    expect(mosEstimate({ rttMs: -5, jitterMs: -5, lossPct: -5 })).toBe(4.4);
    expect(mosEstimate({ rttMs: null, jitterMs: null, lossPct: null })).toBeNull();
    expect(mosEstimate({ rttMs: null, jitterMs: null, lossPct: 0 })).toBe(4.4);
  });
});

const sample = (over: Partial<QualitySampleLike> = {}): QualitySampleLike => ({
  rttMs: 40,
  jitterMs: 5,
  lossPct: 0,
  mos: 4.4,
  ...over,
});

describe('qualityWarning (3 of the last 5, per metric)', () => {
  it('warns when one metric breaches in 3 of the last 5 samples', () => {
    const bad = sample({ rttMs: 450 });
    expect(qualityWarning([sample(), bad, sample(), bad, bad])).toEqual({
      warning: true,
      reasons: ['rtt'],
    });
    expect(qualityWarning([sample(), bad, sample(), bad, sample()])).toEqual({
      warning: false,
      reasons: [],
    });
  });

  it('looks only at the last 5', () => {
    const bad = sample({ jitterMs: 31 });
    expect(
      qualityWarning([bad, bad, bad, sample(), sample(), sample(), sample(), sample()]).warning,
    ).toBe(false);
    expect(qualityWarning([bad, bad, sample(), sample(), sample(), bad]).warning).toBe(false);
  });

  it('uses strict limits: RTT > 400, jitter > 30, loss > 3 %, MOS < 3.5', () => {
    const atLimit = sample({ rttMs: 400, jitterMs: 30, lossPct: 3, mos: 3.5 });
    expect(qualityWarning([atLimit, atLimit, atLimit]).warning).toBe(false);
    const over = sample({ rttMs: 401, jitterMs: 30.5, lossPct: 3.1, mos: 3.49 });
    expect(qualityWarning([over, over, over])).toEqual({
      warning: true,
      reasons: ['rtt', 'jitter', 'loss', 'mos'],
    });
  });

  it('does not add up breaches of different metrics, and ignores unknown values', () => {
    expect(
      qualityWarning([
        sample({ rttMs: 500 }),
        sample({ jitterMs: 50 }),
        sample({ lossPct: 9 }),
        sample(),
      ]).warning,
    ).toBe(false);
    const unknown = sample({ rttMs: null, jitterMs: null, lossPct: null, mos: null });
    expect(qualityWarning([unknown, unknown, unknown, unknown, unknown]).warning).toBe(false);
    expect(qualityWarning([]).warning).toBe(false);
  });
});

describe('summariseQuality', () => {
  it('averages what was measured and keeps the worst MOS', () => {
    expect(
      summariseQuality([
        sample({ rttMs: 40, jitterMs: 4, lossPct: 0, mos: 4.4 }),
        sample({ rttMs: 60, jitterMs: null, lossPct: 1, mos: 4.1 }),
      ]),
    ).toEqual({
      samples: 2,
      rttMsAvg: 50,
      jitterMsAvg: 4,
      lossPctAvg: 0.5,
      mosMin: 4.1,
      warnings: 0,
    });
  });

  it('counts warning episodes, not warning samples', () => {
    const bad = sample({ lossPct: 8 });
    const good = sample();
    const samples = [bad, bad, bad, bad, good, good, good, good, good, bad, bad, bad];
    expect(summariseQuality(samples).warnings).toBe(2);
  });

  it('is all nulls for a call without samples', () => {
    expect(summariseQuality([])).toEqual({
      samples: 0,
      rttMsAvg: null,
      jitterMsAvg: null,
      lossPctAvg: null,
      mosMin: null,
      warnings: 0,
    });
  });
});
