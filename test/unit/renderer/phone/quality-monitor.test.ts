// Call quality while connected (quality-monitor.ts): sampled, warned about once per episode and
// summarised in the call record; on its own, when it samples and how many samples it keeps.
import { describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../../renderer/phone/call-context.js';
import { createQualityMonitor, SAMPLES_KEPT } from '../../../../renderer/phone/quality-monitor.js';
import * as sip from './fake-sip.js';
import { fakeContext } from './fake-context.js';
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
        {
          id: 'I',
          type: 'inbound-rtp',
          kind: 'audio',
          jitter: 0.01,
          packetsLost: lost,
          packetsReceived: received,
        },
      ];
      await vi.advanceTimersByTimeAsync(2_000);
    }
    const call = h.state().call!;
    expect(call.quality).toHaveLength(5);
    expect(call.quality[0]).toMatchObject({ rttMs: 50, jitterMs: 10, lossPct: 10 });
    expect(call.qualityWarning).toBe(true);
    expect(h.ofType('quality-warning')).toEqual([
      { type: 'quality-warning', callId: call.id, reasons: ['loss', 'mos'] },
    ]);
    await h.phone.hangup();
    expect(h.ofType('call-ended')[0]!.record.quality).toMatchObject({
      samples: 5,
      rttMsAvg: 50,
      lossPctAvg: 10,
      warnings: 1,
    });
  });
});

describe('createQualityMonitor on its own', () => {
  function setup(phase: CallContext['phase'] = 'connected') {
    const fake = fakeContext();
    const ua = new sip.UserAgent({
      uri: new sip.FakeURI('sip:agent01@127.0.0.1'),
      delegate: {} as never,
    });
    const session = new sip.Invitation(ua, { displayName: '', uri: 'sip:1001@127.0.0.1' });
    session.transition(sip.SessionState.Established);
    session.sessionDescriptionHandler!.peerConnection.stats = [
      {
        id: 'I',
        type: 'inbound-rtp',
        kind: 'audio',
        jitter: 0.01,
        packetsLost: 0,
        packetsReceived: 100,
      },
    ];
    const call = {
      id: 'c1',
      session,
      phase,
      ended: false,
      samples: [],
      counters: null,
      warning: false,
    } as unknown as CallContext;
    let current: CallContext | null = call;
    const publish = vi.fn();
    const monitor = createQualityMonitor(fake.ctx, () => current, publish);
    return { ...fake, call, monitor, publish, hangUp: () => (current = null) };
  }

  it('samples every 2 s while started, and stops', async () => {
    const h = setup();
    h.monitor.start();
    h.monitor.start();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(h.call.samples).toHaveLength(3);
    expect(h.publish).toHaveBeenCalledTimes(3);
    h.monitor.stop();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(h.call.samples).toHaveLength(3);
  });

  it('does not sample a held call, nor a call that is no longer the current one', async () => {
    const held = setup('held');
    await held.monitor.sample();
    expect(held.call.samples).toHaveLength(0);
    const gone = setup();
    gone.hangUp();
    await gone.monitor.sample();
    expect(gone.call.samples).toHaveLength(0);
  });

  it('keeps at most SAMPLES_KEPT samples, dropping the oldest', async () => {
    const h = setup();
    const t0 = Date.now();
    for (let i = 0; i <= SAMPLES_KEPT; i += 1) {
      vi.setSystemTime(Date.now() + 2_000);
      await h.monitor.sample();
    }
    expect(h.call.samples).toHaveLength(SAMPLES_KEPT);
    expect(h.call.samples[0]!.at).toBe(t0 + 4_000);
    expect(h.ofType('quality-warning')).toEqual([]);
  });
});
