// Call quality while connected (quality-monitor.ts): sampled, warned about once per episode and
// summarised in the call record.
import { describe, expect, it, vi } from 'vitest';
import { inCall, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('call quality', () => {
  it('samples quality, warns once per episode and keeps the summary with the call record', async () => {
    const h = await inCall();
    const pc = h.invitation.sessionDescriptionHandler!.peerConnection;
    let lost = 0;
    let received = 0;
    for (let i = 0; i < 5; i += 1) {
      lost += 10;
      received += 90;
      pc.stats = [
        { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
        { id: 'P', type: 'candidate-pair', currentRoundTripTime: 0.05 },
        { id: 'I', type: 'inbound-rtp', kind: 'audio', jitter: 0.01, packetsLost: lost, packetsReceived: received },
      ];
      await vi.advanceTimersByTimeAsync(2_000);
    }
    const call = h.state().call!;
    expect(call.quality).toHaveLength(5);
    expect(call.quality[0]).toMatchObject({ rttMs: 50, jitterMs: 10, lossPct: 10 });
    expect(call.qualityWarning).toBe(true);
    expect(h.ofType('quality-warning')).toEqual([{ type: 'quality-warning', callId: call.id, reasons: ['loss', 'mos'] }]);
    await h.phone.hangup();
    expect(h.ofType('call-ended')[0]!.record.quality).toMatchObject({ samples: 5, rttMsAvg: 50, lossPctAvg: 10, warnings: 1 });
  });
});
