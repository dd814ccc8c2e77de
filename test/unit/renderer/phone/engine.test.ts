// The engine as one Phone (engine.ts composes the parts): the UI store accepts only dismissals,
// and stop() ends everything. Each part's behaviour is tested beside it (registration.test.ts,
// calls.test.ts, transfer.test.ts…) through the same fake sip.js; real SIP/WebRTC end to end
// through Kamailio (test/e2e/phone*.spec.ts).
import { describe, expect, it, vi } from 'vitest';
import { inCall, registered, ringIn, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('the UI store', () => {
  it('accepts only dismissals from the UI', async () => {
    const h = await registered();
    await h.phone.dial('nonsense!');
    const before = h.state();
    h.phone.store.dispatch({ type: 'registration', status: { kind: 'idle' } });
    h.phone.store.dispatch('error-dismissed');
    expect(h.state()).toBe(before);
    h.phone.store.dispatch({ type: 'error-dismissed' });
    expect(h.state().lastError).toBeNull();
  });
});

describe('stop', () => {
  it('ends calls, stops sip.js and shows idle; nothing retries afterwards', async () => {
    const h = await inCall();
    await h.phone.stop();
    expect(h.ua().stopped).toBe(true);
    expect(h.state()).toMatchObject({
      registration: { kind: 'idle' },
      transport: 'disconnected',
      call: null,
    });
    expect(h.ofType('call-ended')).toHaveLength(1);
    const connects = h.ua().connectCalls;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.ua().connectCalls).toBe(connects);
  });
});

describe('stopTakingCalls (before an update’s restart)', () => {
  it('an INVITE arriving meanwhile gets 480 so the ACD re-routes it; then unregistered', async () => {
    const h = await registered();
    const stopping = h.phone.stopTakingCalls();
    const invitation = ringIn(h);
    expect(await stopping).toBe(true);
    expect(invitation.rejectedWith).toBe(480);
    expect(h.ofType('call-started')).toHaveLength(0);
    expect(h.ua().stopped).toBe(true);
    expect(h.state()).toMatchObject({ registration: { kind: 'idle' }, call: null });
  });

  it('with a call on the line nothing stops and the next INVITE is busy as usual', async () => {
    const h = await inCall();
    expect(await h.phone.stopTakingCalls()).toBe(false);
    expect(h.ua().stopped).toBe(false);
    expect(h.state().call?.phase).toBe('connected');
    expect(ringIn(h).rejectedWith).toBe(486);
  });
});
