// The agent's availability in the engine (agent.ts): wrap-up after an answered call, then ready.
import { describe, expect, it, vi } from 'vitest';
import { inCall, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('after the call', () => {
  it('after the call: wrap-up, then ready again when the timer ends', async () => {
    const h = await inCall();
    await vi.advanceTimersByTimeAsync(65_000);
    await h.phone.hangup();
    expect(h.invitation.byes).toBe(1);
    const record = h.ofType('call-ended')[0]!.record;
    expect(record).toMatchObject({ outcome: 'answered', durationSeconds: 65, number: '1001', name: 'Zhang Wei' });
    expect(h.state().agent).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: Date.now() + 30_000 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.state().agent.state).toBe('ready');
    expect(h.ofType('agent-state').map((e) => e.state)).toEqual(['wrap-up', 'ready']);
  });
});
