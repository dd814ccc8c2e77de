// The agent's availability (agent.ts): in the engine, wrap-up after an answered call; on its own,
// what it reports and when its wrap-up timer ends.
import { describe, expect, it, vi } from 'vitest';
import { initialAgentStatus } from '../../../../common/agent-state.js';
import type { PhoneConfig } from '../../../../common/phone.js';
import { createAgentAvailability } from '../../../../renderer/phone/agent.js';
import { fakeContext } from './fake-context.js';
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
    expect(record).toMatchObject({
      outcome: 'answered',
      durationSeconds: 65,
      number: '1001',
      name: 'Zhang Wei',
    });
    expect(h.state().agent).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: Date.now() + 30_000 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.state().agent.state).toBe('ready');
    expect(h.ofType('agent-state').map((e) => e.state)).toEqual(['wrap-up', 'ready']);
  });
});

describe('createAgentAvailability on its own', () => {
  const start = (config: Partial<PhoneConfig> | null = {}) => {
    const fake = fakeContext(config);
    const agent = createAgentAvailability(fake.ctx, initialAgentStatus(Date.now()));
    return { ...fake, agent };
  };

  it('reports a change of state or reason once, and nothing when nothing changes', () => {
    const h = start();
    h.agent.set('not-ready', 'meeting');
    h.agent.set('not-ready', 'meeting');
    h.agent.set('not-ready', 'training');
    expect(h.ofType('agent-state')).toEqual([
      { type: 'agent-state', state: 'not-ready', reason: 'meeting' },
      { type: 'agent-state', state: 'not-ready', reason: 'training' },
    ]);
    expect(h.agent.state()).toBe('not-ready');
  });

  it('after an answered call: wrap-up for the configured time, then ready by itself', async () => {
    const h = start({ wrapUpSeconds: 20 });
    h.agent.callEnded(true, Date.now());
    expect(h.agent.state()).toBe('wrap-up');
    await vi.advanceTimersByTimeAsync(19_999);
    expect(h.agent.state()).toBe('wrap-up');
    await vi.advanceTimersByTimeAsync(1);
    expect(h.agent.state()).toBe('ready');
    expect(h.ofType('agent-state').map((e) => e.state)).toEqual(['wrap-up', 'ready']);
  });

  it('a state picked during wrap-up stops its timer; no wrap-up after a missed call or without one configured', async () => {
    const h = start();
    h.agent.callEnded(true, Date.now());
    h.agent.set('break');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.agent.state()).toBe('break');
    const missed = start();
    missed.agent.callEnded(false, Date.now());
    expect(missed.agent.state()).toBe('ready');
    const stopped = start(null);
    stopped.agent.callEnded(true, Date.now());
    expect(stopped.agent.state()).toBe('ready');
  });

  it('counts calls declined while not ready without reporting a state change', () => {
    const h = start();
    h.agent.set('not-ready');
    h.agent.declined();
    h.agent.declined();
    const last = h.dispatched.filter((a) => a.type === 'agent').at(-1);
    expect(last).toMatchObject({ agent: { state: 'not-ready', declinedWhileNotReady: 2 } });
    expect(h.ofType('agent-state')).toHaveLength(1);
  });
});
