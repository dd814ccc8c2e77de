// Call quality while a call is connected: a getStats sample every QUALITY_INTERVAL_MS, kept with
// the call for its record, and one report to main when the 3-of-5 rule starts warning. Scoring
// is pure (quality.ts, common/call-quality.ts); this only samples. It never samples a held call.
import { qualityWarning } from '../../common/call-quality.js';
import { lineMark, type CallContext } from './call-context.js';
import type { EngineContext } from './engine-context.js';
import { QUALITY_INTERVAL_MS, sampleFromStats, type StatLike } from './quality.js';
import { sdhOf } from './sip-session.js';

/** Every sample of a call is kept for its summary; a bound for very long calls (6 h at 2 s). */
export const SAMPLES_KEPT = 10_800;

export interface QualityMonitor {
  start(): void;
  stop(): void;
  /** One sample of the current call, if it is connected. */
  sample(): Promise<void>;
}

export function createQualityMonitor(
  ctx: EngineContext,
  current: () => CallContext | null,
  publish: () => void,
): QualityMonitor {
  let timer: unknown = null;

  async function sample(): Promise<void> {
    const call = current();
    if (!call || call.ended || call.phase !== 'connected') return;
    const pc = sdhOf(call.session)?.peerConnection;
    if (!pc) return;
    let stats: RTCStatsReport;
    try {
      stats = await pc.getStats();
    } catch {
      return;
    }
    if (call.ended || current() !== call) return;
    const { sample, counters } = sampleFromStats(
      stats.values() as Iterable<StatLike>,
      call.counters,
      ctx.now(),
    );
    call.counters = counters;
    call.samples.push(sample);
    if (call.samples.length > SAMPLES_KEPT) call.samples.shift();
    const { warning, reasons } = qualityWarning(call.samples);
    if (warning && !call.warning)
      ctx.report({ type: 'quality-warning', callId: call.id, reasons, ...lineMark(call) });
    call.warning = warning;
    publish();
  }

  return {
    start() {
      if (timer !== null) return;
      timer = ctx.timers.setInterval(() => void sample(), QUALITY_INTERVAL_MS);
    },
    stop() {
      if (timer !== null) ctx.timers.clearInterval(timer);
      timer = null;
    },
    sample,
  };
}
