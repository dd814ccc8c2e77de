import { describe, expect, it } from 'vitest';
import {
  agentReducer,
  incomingCallDecision,
  initialAgentStatus,
  type AgentEvent,
  type AgentStatus,
} from '../../../common/agent-state.js';

describe('agentReducer', () => {
  const t0 = 1_000_000;
  const run = (events: AgentEvent[], from: AgentStatus = initialAgentStatus(t0)) =>
    events.reduce(agentReducer, from);

  it('starts ready, or in the state asked for', () => {
    expect(initialAgentStatus(t0)).toEqual({
      state: 'ready',
      reason: null,
      since: t0,
      wrapUpEndsAt: null,
      declinedWhileNotReady: 0,
    });
    expect(initialAgentStatus(t0, 'not-ready')).toMatchObject({
      state: 'not-ready',
      reason: 'other',
    });
  });

  it('goes not ready with a reason (other when none), on break and back', () => {
    const notReady = run([
      { type: 'set', state: 'not-ready', reason: 'training', at: t0 + 1, wrapUpSeconds: 30 },
    ]);
    expect(notReady).toMatchObject({ state: 'not-ready', reason: 'training', since: t0 + 1 });
    expect(
      agentReducer(notReady, { type: 'set', state: 'not-ready', at: t0 + 2, wrapUpSeconds: 30 }),
    ).toMatchObject({ reason: 'other' });
    const onBreak = agentReducer(notReady, {
      type: 'set',
      state: 'break',
      reason: 'meeting',
      at: t0 + 3,
      wrapUpSeconds: 30,
    });
    expect(onBreak).toMatchObject({ state: 'break', reason: null });
    expect(
      agentReducer(onBreak, { type: 'set', state: 'ready', at: t0 + 4, wrapUpSeconds: 30 }),
    ).toMatchObject({ state: 'ready', since: t0 + 4 });
  });

  it('returns the same object when nothing changes', () => {
    const ready = initialAgentStatus(t0);
    expect(
      agentReducer(ready, { type: 'set', state: 'ready', at: t0 + 5, wrapUpSeconds: 30 }),
    ).toBe(ready);
    const nr = run([
      { type: 'set', state: 'not-ready', reason: 'admin', at: t0, wrapUpSeconds: 0 },
    ]);
    expect(
      agentReducer(nr, {
        type: 'set',
        state: 'not-ready',
        reason: 'admin',
        at: t0 + 9,
        wrapUpSeconds: 0,
      }),
    ).toBe(nr);
    expect(agentReducer(ready, { type: 'tick', at: t0 + 99_999 })).toBe(ready);
  });

  it('puts a ready agent into wrap-up after an answered call, and back to ready when the timer ends', () => {
    const wrap = run([{ type: 'call-ended', answered: true, at: t0 + 10, wrapUpSeconds: 30 }]);
    expect(wrap).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: t0 + 10 + 30_000 });
    expect(agentReducer(wrap, { type: 'tick', at: t0 + 30_009 })).toBe(wrap);
    expect(agentReducer(wrap, { type: 'tick', at: t0 + 30_010 })).toMatchObject({
      state: 'ready',
      wrapUpEndsAt: null,
      since: t0 + 30_010,
    });
    // The agent may end after-call work early.
    expect(
      agentReducer(wrap, { type: 'set', state: 'ready', at: t0 + 20, wrapUpSeconds: 30 }),
    ).toMatchObject({ state: 'ready', wrapUpEndsAt: null });
  });

  it('skips wrap-up for unanswered calls, with no wrap-up time, or when the agent was not ready', () => {
    const ready = initialAgentStatus(t0);
    expect(
      agentReducer(ready, { type: 'call-ended', answered: false, at: t0, wrapUpSeconds: 30 }),
    ).toBe(ready);
    expect(
      agentReducer(ready, { type: 'call-ended', answered: true, at: t0, wrapUpSeconds: 0 }),
    ).toBe(ready);
    const nr = run([
      { type: 'set', state: 'not-ready', reason: 'admin', at: t0, wrapUpSeconds: 30 },
    ]);
    expect(
      agentReducer(nr, { type: 'call-ended', answered: true, at: t0 + 1, wrapUpSeconds: 30 }),
    ).toBe(nr);
  });

  it('starts a manual wrap-up with the timer, or without one when the time is 0', () => {
    expect(run([{ type: 'set', state: 'wrap-up', at: t0, wrapUpSeconds: 60 }])).toMatchObject({
      state: 'wrap-up',
      wrapUpEndsAt: t0 + 60_000,
    });
    const open = run([{ type: 'set', state: 'wrap-up', at: t0, wrapUpSeconds: 0 }]);
    expect(open).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: null });
    expect(agentReducer(open, { type: 'tick', at: t0 + 1e9 })).toBe(open);
  });

  it('counts calls declined while not ready', () => {
    expect(run([{ type: 'declined' }, { type: 'declined' }]).declinedWhileNotReady).toBe(2);
  });
});

describe('incomingCallDecision', () => {
  it('rings only a ready agent with no call', () => {
    expect(incomingCallDecision('ready', false)).toBeNull();
    expect(incomingCallDecision('ready', true)).toBe('busy');
    expect(incomingCallDecision('not-ready', false)).toBe('not-ready');
    expect(incomingCallDecision('break', false)).toBe('not-ready');
    expect(incomingCallDecision('wrap-up', false)).toBe('not-ready');
    expect(incomingCallDecision('wrap-up', true)).toBe('busy');
  });
});
