// The agent's availability as the engine keeps it: the status (pure rules in
// common/agent-state.ts), the wrap-up timer that ends after-call work by itself, and the report
// to main on every change of state or reason. It never decides a call's fate itself.
import type { AgentStateName, NotReadyReason } from '../../common/phone.js';
import { agentReducer, type AgentEvent, type AgentStatus } from '../../common/agent-state.js';
import type { EngineContext } from './engine-context.js';

export interface AgentAvailability {
  state(): AgentStateName;
  /** The agent picked a state. */
  set(state: AgentStateName, reason?: NotReadyReason): void;
  /** A call ended; after an answered one a ready agent goes to wrap-up. */
  callEnded(answered: boolean, at: number): void;
  /** A call was turned away because the agent was not ready. */
  declined(): void;
}

export function createAgentAvailability(
  ctx: EngineContext,
  initial: AgentStatus,
): AgentAvailability {
  let agent = initial;
  let wrapUpTimer: unknown = null;
  const wrapUpSeconds = () => ctx.config()?.wrapUpSeconds ?? 0;

  function apply(event: AgentEvent) {
    const next = agentReducer(agent, event);
    if (next === agent) return;
    const changed =
      next.state !== agent.state || next.reason !== agent.reason || next.since !== agent.since;
    agent = next;
    ctx.dispatch({ type: 'agent', agent });
    if (changed) ctx.report({ type: 'agent-state', state: agent.state, reason: agent.reason });
    if (wrapUpTimer !== null) ctx.timers.clearTimeout(wrapUpTimer);
    wrapUpTimer = null;
    if (agent.state === 'wrap-up' && agent.wrapUpEndsAt !== null) {
      const endsAt = agent.wrapUpEndsAt;
      wrapUpTimer = ctx.timers.setTimeout(
        () => {
          wrapUpTimer = null;
          apply({ type: 'tick', at: Math.max(ctx.now(), endsAt) });
        },
        Math.max(0, endsAt - ctx.now()),
      );
    }
  }

  return {
    state: () => agent.state,
    set: (state, reason) =>
      apply({
        type: 'set',
        state,
        reason: reason ?? null,
        at: ctx.now(),
        wrapUpSeconds: wrapUpSeconds(),
      }),
    callEnded: (answered, at) =>
      apply({ type: 'call-ended', answered, at, wrapUpSeconds: wrapUpSeconds() }),
    declined: () => apply({ type: 'declined' }),
  };
}
