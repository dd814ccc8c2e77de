// One call-quality sample from RTCPeerConnection.getStats(): RTT from the selected ICE candidate
// pair (or, failing that, the far end's RTCP report), jitter and packet loss from our inbound
// audio. Loss is over the interval since the previous sample, so a bad minute shows even late in
// a long call. Pure; the engine samples every QUALITY_INTERVAL_MS while a call is connected.
import { mosEstimate } from '../../common/call-quality.js';
import type { QualitySample } from './types.js';

export const QUALITY_INTERVAL_MS = 2_000;

/** The fields of RTCStats entries we read (they are plain objects in every browser). */
export interface StatLike {
  id: string;
  type: string;
  kind?: string;
  mediaType?: string;
  selectedCandidatePairId?: string;
  selected?: boolean;
  nominated?: boolean;
  state?: string;
  currentRoundTripTime?: number;
  roundTripTime?: number;
  jitter?: number;
  packetsLost?: number;
  packetsReceived?: number;
}

export interface LossCounters {
  packetsLost: number;
  packetsReceived: number;
}

export function sampleFromStats(
  stats: Iterable<StatLike>,
  previous: LossCounters | null,
  at: number,
): { sample: QualitySample; counters: LossCounters | null } {
  const all = [...stats];
  const byId = new Map(all.map((stat) => [stat.id, stat]));
  const isAudio = (stat: StatLike) => (stat.kind ?? stat.mediaType) === 'audio';

  let pair: StatLike | undefined;
  const transport = all.find((stat) => stat.type === 'transport' && stat.selectedCandidatePairId);
  if (transport?.selectedCandidatePairId) pair = byId.get(transport.selectedCandidatePairId);
  pair ??= all.find((stat) => stat.type === 'candidate-pair' && stat.selected === true);
  pair ??= all.find(
    (stat) =>
      stat.type === 'candidate-pair' && stat.nominated === true && stat.state === 'succeeded',
  );

  let rttMs: number | null = seconds(pair?.currentRoundTripTime);
  if (rttMs === null)
    rttMs = seconds(
      all.find(
        (stat) =>
          stat.type === 'remote-inbound-rtp' && isAudio(stat) && stat.roundTripTime !== undefined,
      )?.roundTripTime,
    );

  const inbound = all.find((stat) => stat.type === 'inbound-rtp' && isAudio(stat));
  const jitterMs = seconds(inbound?.jitter);
  let lossPct: number | null = null;
  let counters: LossCounters | null = null;
  if (inbound && isCount(inbound.packetsLost) && isCount(inbound.packetsReceived)) {
    counters = {
      packetsLost: Math.max(0, inbound.packetsLost),
      packetsReceived: inbound.packetsReceived,
    };
    // A new inbound stream (after an ICE restart the counters may start again) is measured afresh.
    const base =
      previous &&
      previous.packetsReceived <= counters.packetsReceived &&
      previous.packetsLost <= counters.packetsLost
        ? previous
        : { packetsLost: 0, packetsReceived: 0 };
    const lost = counters.packetsLost - base.packetsLost;
    const received = counters.packetsReceived - base.packetsReceived;
    if (lost + received > 0) lossPct = round2((lost / (lost + received)) * 100);
  }

  const metrics = { rttMs, jitterMs, lossPct };
  return { sample: { at, ...metrics, mos: mosEstimate(metrics) }, counters };
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const seconds = (value: number | undefined): number | null =>
  isCount(value) && value >= 0 ? round2(value * 1000) : null;
const round2 = (value: number): number => Math.round(value * 100) / 100;
