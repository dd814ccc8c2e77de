// Call-quality scoring: a MOS estimate from RTT, jitter and loss, the 3-of-5 warning rule and the
// summary kept with a call record. Pure; the renderer samples getStats and calls these. Limits
// are the common VoIP monitor thresholds (ITU-T G.107 E-model for the MOS).
import type { QualitySummary } from './phone.js';

export interface QualityMetrics {
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
}

export interface QualitySampleLike extends QualityMetrics {
  mos: number | null;
}

export const QUALITY_LIMITS = { rttMs: 400, jitterMs: 30, lossPct: 3, mos: 3.5 } as const;
/** A metric warns when it breaches its limit in this many of the last QUALITY_WINDOW samples. */
export const QUALITY_BREACHES = 3;
export const QUALITY_WINDOW = 5;

export type QualityReason = 'rtt' | 'jitter' | 'loss' | 'mos';

/**
 * MOS (1–4.5) from the simplified ITU-T G.107 E-model used by most VoIP monitors:
 *
 *   one-way delay  d = RTT/2 + 2·jitter + 10 ms       (jitter-buffer and codec allowance)
 *   R = 93.2 − d/40              when d < 160 ms
 *   R = 93.2 − (d − 120)/10      otherwise            (delay impairment Id)
 *   R = R − 2.5·loss%                                 (equipment/loss impairment Ie-eff)
 *   MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R), R clamped to [0, 100]
 *
 * It assumes a G.711-like codec, so it is conservative for Opus. A metric we could not measure
 * counts as perfect; with none measured the estimate is null.
 */
export function mosEstimate(metrics: QualityMetrics): number | null {
  const { rttMs, jitterMs, lossPct } = metrics;
  if (rttMs === null && jitterMs === null && lossPct === null) return null;
  const delay = Math.max(0, rttMs ?? 0) / 2 + 2 * Math.max(0, jitterMs ?? 0) + 10;
  let r = delay < 160 ? 93.2 - delay / 40 : 93.2 - (delay - 120) / 10;
  r -= 2.5 * Math.min(100, Math.max(0, lossPct ?? 0));
  r = Math.min(100, Math.max(0, r));
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return round(Math.min(4.5, Math.max(1, mos)), 2);
}

function breaches(sample: QualitySampleLike): QualityReason[] {
  const reasons: QualityReason[] = [];
  if (sample.rttMs !== null && sample.rttMs > QUALITY_LIMITS.rttMs) reasons.push('rtt');
  if (sample.jitterMs !== null && sample.jitterMs > QUALITY_LIMITS.jitterMs) reasons.push('jitter');
  if (sample.lossPct !== null && sample.lossPct > QUALITY_LIMITS.lossPct) reasons.push('loss');
  if (sample.mos !== null && sample.mos < QUALITY_LIMITS.mos) reasons.push('mos');
  return reasons;
}

/**
 * The 3-of-5 rule, per metric: a metric is a reason when it breached its limit in at least 3 of
 * the last 5 samples. Per metric, so the reasons are true of the call (three different metrics
 * each blipping once is not a pattern; their combined effect shows in the MOS anyway).
 */
export function qualityWarning(samples: readonly QualitySampleLike[]): {
  warning: boolean;
  reasons: QualityReason[];
} {
  const window = samples.slice(-QUALITY_WINDOW);
  const counts: Record<QualityReason, number> = { rtt: 0, jitter: 0, loss: 0, mos: 0 };
  for (const sample of window) for (const reason of breaches(sample)) counts[reason] += 1;
  const reasons = (['rtt', 'jitter', 'loss', 'mos'] as const).filter(
    (reason) => counts[reason] >= QUALITY_BREACHES,
  );
  return { warning: reasons.length > 0, reasons };
}

/**
 * The call record's quality summary over all of a call's samples; `warnings` counts episodes
 * (the 3-of-5 rule turning on), replayed over the sequence as the engine saw it.
 */
export function summariseQuality(samples: readonly QualitySampleLike[]): QualitySummary {
  const avg = (values: (number | null)[], digits: number): number | null => {
    const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
    return known.length === 0
      ? null
      : round(known.reduce((a, b) => a + b, 0) / known.length, digits);
  };
  const moses = samples
    .map((s) => s.mos)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  let warnings = 0;
  let warning = false;
  for (let i = 0; i < samples.length; i += 1) {
    const now = qualityWarning(samples.slice(Math.max(0, i + 1 - QUALITY_WINDOW), i + 1)).warning;
    if (now && !warning) warnings += 1;
    warning = now;
  }
  return {
    samples: samples.length,
    rttMsAvg: avg(
      samples.map((s) => s.rttMs),
      1,
    ),
    jitterMsAvg: avg(
      samples.map((s) => s.jitterMs),
      1,
    ),
    lossPctAvg: avg(
      samples.map((s) => s.lossPct),
      2,
    ),
    mosMin: moses.length === 0 ? null : Math.min(...moses),
    warnings,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
