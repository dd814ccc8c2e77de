import { describe, expect, it } from 'vitest';
import { sampleFromStats, type StatLike } from '../../../../renderer/phone/quality.js';

const chromeStats = (
  over: { rtt?: number; jitter?: number; lost?: number; received?: number } = {},
): StatLike[] => [
  { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' },
  {
    id: 'CP0',
    type: 'candidate-pair',
    nominated: true,
    state: 'succeeded',
    currentRoundTripTime: 9,
  },
  {
    id: 'CP1',
    type: 'candidate-pair',
    nominated: true,
    state: 'succeeded',
    currentRoundTripTime: over.rtt ?? 0.042,
  },
  {
    id: 'IT01',
    type: 'inbound-rtp',
    kind: 'audio',
    jitter: over.jitter ?? 0.004,
    packetsLost: over.lost ?? 0,
    packetsReceived: over.received ?? 500,
  },
  { id: 'RI01', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.9 },
];

describe('sampleFromStats', () => {
  it('reads RTT from the selected candidate pair, jitter and loss from inbound audio, and adds a MOS', () => {
    const { sample, counters } = sampleFromStats(
      chromeStats({ lost: 5, received: 495 }),
      null,
      1234,
    );
    expect(sample).toMatchObject({ at: 1234, rttMs: 42, jitterMs: 4, lossPct: 1 });
    expect(sample.mos).toBeGreaterThan(4);
    expect(counters).toEqual({ packetsLost: 5, packetsReceived: 495 });
  });

  it('measures loss over the interval since the previous sample', () => {
    const { sample } = sampleFromStats(
      chromeStats({ lost: 15, received: 590 }),
      { packetsLost: 5, packetsReceived: 495 },
      0,
    );
    expect(sample.lossPct).toBe(9.52); // 10 lost of 105
  });

  it('starts afresh when the counters went back (new stream after an ICE restart)', () => {
    const { sample } = sampleFromStats(
      chromeStats({ lost: 1, received: 99 }),
      { packetsLost: 5, packetsReceived: 495 },
      0,
    );
    expect(sample.lossPct).toBe(1);
  });

  it('falls back to the remote RTCP RTT, and to a nominated pair without a transport entry', () => {
    const noPair = chromeStats().filter(
      (s) => s.type !== 'candidate-pair' && s.type !== 'transport',
    );
    expect(sampleFromStats(noPair, null, 0).sample.rttMs).toBe(900);
    const firefox: StatLike[] = [
      { id: 'p', type: 'candidate-pair', selected: true, currentRoundTripTime: 0.1 },
    ];
    expect(sampleFromStats(firefox, null, 0).sample.rttMs).toBe(100);
  });

  it('is all nulls (and no MOS) with no media yet', () => {
    expect(sampleFromStats([], null, 5)).toEqual({
      sample: { at: 5, rttMs: null, jitterMs: null, lossPct: null, mos: null },
      counters: null,
    });
    const noPackets = sampleFromStats(chromeStats({ lost: 0, received: 0 }), null, 0);
    expect(noPackets.sample.lossPct).toBeNull();
  });
});
