// How calls start (call-setup.ts): ringing with a caller ID we may believe, 486 when busy or not
// ready, answer and reject, dialling out on the account's own domain.
import { describe, expect, it, vi } from 'vitest';
import * as sip from './fake-sip.js';
import { flush, registered, ringIn, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('incoming calls', () => {
  it('rings with caller ID from a trusted proxy’s P-Asserted-Identity', async () => {
    const h = await registered();
    ringIn(h);
    const call = h.state().call!;
    expect(call).toMatchObject({
      direction: 'inbound',
      phase: 'ringing',
      remote: { number: '1001', displayName: 'Zhang Wei', source: 'pai' },
    });
    // The ringtone and the report to main follow in the next task: the caller ID's render first.
    expect(h.ringer.start).not.toHaveBeenCalled();
    expect(h.ofType('call-started')).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(h.ringer.start).toHaveBeenCalledTimes(1);
    expect(h.ofType('call-started')).toEqual([
      {
        type: 'call-started',
        callId: call.id,
        direction: 'inbound',
        number: '1001',
        name: 'Zhang Wei',
        callerIdSource: 'pai',
      },
    ]);
  });

  it('a caller who gives up before the first frame: main still hears the start, then the end', async () => {
    const h = await registered();
    const invitation = ringIn(h);
    const callId = h.state().call!.id;
    invitation.cancelled();
    expect(h.state().call).toBeNull();
    expect(h.events.filter((e) => e.type.startsWith('call-'))).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(h.events.filter((e) => e.type.startsWith('call-'))).toMatchObject([
      { type: 'call-started', callId },
      { type: 'call-ended', record: { id: callId, outcome: 'missed' } },
    ]);
    expect(h.ringer.start).not.toHaveBeenCalled();
  });

  it('the engine stopping sends a start still held back for the first frame', async () => {
    const h = await registered();
    ringIn(h);
    await h.phone.stop();
    expect(h.events.filter((e) => e.type.startsWith('call-')).map((e) => e.type)).toEqual([
      'call-started',
      'call-ended',
    ]);
  });

  it('the page going away sends a start still held back for the first frame', async () => {
    const h = await registered();
    ringIn(h);
    h.online.dispatchEvent(new Event('pagehide'));
    expect(h.ofType('call-started')).toHaveLength(1);
    vi.advanceTimersByTime(0);
    expect(h.ofType('call-started')).toHaveLength(1);
  });

  it('uses From when the proxy is not trusted', async () => {
    const h = await registered({ trustedProxies: ['proxy.bank.example'] });
    ringIn(h, {
      displayName: 'Caller <b>',
      uri: 'sip:2002@127.0.0.1',
      pai: ['"Bank" <sip:9999@127.0.0.1>'],
    });
    expect(h.state().call!.remote).toEqual({
      number: '2002',
      displayName: 'Caller b',
      source: 'from',
    });
  });

  it('declines with 486 when the agent is not ready, counts it and records it', async () => {
    const h = await registered();
    h.phone.setAgentState('not-ready', 'meeting');
    const invitation = ringIn(h);
    expect(invitation.rejectedWith).toBe(486);
    expect(h.state().call).toBeNull();
    expect(h.state().agent).toMatchObject({
      state: 'not-ready',
      reason: 'meeting',
      declinedWhileNotReady: 1,
    });
    expect(h.ofType('call-declined-not-ready')).toEqual([
      { type: 'call-declined-not-ready', number: '1001' },
    ]);
    expect(h.ofType('call-ended')[0]!.record).toMatchObject({
      direction: 'inbound',
      outcome: 'declined-not-ready',
      durationSeconds: 0,
    });
    expect(h.state().history[0]).toMatchObject({ outcome: 'declined-not-ready' });
    expect(h.ringer.start).not.toHaveBeenCalled();
  });

  it('answers; a second caller meanwhile gets 486', async () => {
    const h = await registered();
    ringIn(h);
    vi.advanceTimersByTime(0);
    expect(h.ringer.start).toHaveBeenCalledTimes(1);
    await h.phone.answer();
    await flush();
    expect(h.state().call?.phase).toBe('connected');
    expect(h.ofType('call-answered')).toHaveLength(1);
    expect(h.ringer.stop).toHaveBeenCalled();
    expect(h.audio.play).toHaveBeenCalled();
    const second = ringIn(h, { displayName: 'Other', uri: 'sip:3003@127.0.0.1' });
    expect(second.rejectedWith).toBe(486);
    expect(h.state().call?.phase).toBe('connected');
    expect(h.state().history[0]).toMatchObject({ number: '3003', outcome: 'missed' });
  });

  it('a caller who gives up before the ringtone’s task: it never starts ringing', async () => {
    const h = await registered();
    ringIn(h).cancelled();
    vi.advanceTimersByTime(1_000);
    expect(h.ringer.start).not.toHaveBeenCalled();
    expect(h.state().history[0]).toMatchObject({ outcome: 'missed' });
  });

  it('a caller who gives up is a missed call; a rejected one is rejected', async () => {
    const h = await registered();
    const first = ringIn(h);
    first.cancelled();
    expect(h.state().history[0]).toMatchObject({ outcome: 'missed' });
    const second = ringIn(h);
    await h.phone.reject();
    expect(second.rejectedWith).toBe(486);
    expect(h.state().history[0]).toMatchObject({ outcome: 'rejected' });
    expect(h.state().call).toBeNull();
  });
});

describe('outgoing calls', () => {
  it('dials a number on the account domain: dialing → alerting → connected', async () => {
    const h = await registered();
    await h.phone.dial('138-0000 0000');
    const inviter = sip.Inviter.instances.at(-1)!;
    expect(inviter.target.toString()).toBe('sip:13800000000@127.0.0.1');
    expect(h.state().call).toMatchObject({
      direction: 'outbound',
      phase: 'dialing',
      remote: { number: '13800000000' },
    });
    inviter.ringing();
    expect(h.state().call?.phase).toBe('alerting');
    inviter.answered();
    expect(h.state().call?.phase).toBe('connected');
    expect(h.ofType('call-started')[0]).toMatchObject({
      direction: 'outbound',
      number: '13800000000',
      callerIdSource: 'from',
    });
  });

  it('reports a refused call with its status, and a cancelled one as cancelled', async () => {
    const h = await registered();
    await h.phone.dial('1002');
    sip.Inviter.instances.at(-1)!.refused(486);
    expect(h.state().lastError).toEqual({ key: 'call-failed', params: { status: '486' } });
    expect(h.state().history[0]).toMatchObject({ outcome: 'failed', direction: 'outbound' });
    await h.phone.dial('1002');
    await h.phone.hangup();
    expect(sip.Inviter.instances.at(-1)!.cancelled).toBe(true);
    expect(h.state().history[0]).toMatchObject({ outcome: 'cancelled' });
  });

  it('refuses what is not a number, and a second call', async () => {
    const h = await registered();
    await h.phone.dial('javascript:alert(1)');
    expect(h.state().lastError).toEqual({ key: 'bad-target' });
    await h.phone.dial('1002');
    await h.phone.dial('1003');
    expect(h.state().lastError).toEqual({ key: 'busy' });
    expect(sip.Inviter.instances).toHaveLength(1);
  });
});
