// The agent's availability: ready, not ready (with a reason), break, wrap-up after a call, as a
// pure reducer, and whether an incoming call may ring. The engine keeps the status and its
// wrap-up timer; the reducer never reads a clock (events carry the time).
import type { AgentStateName, NotReadyReason } from './phone.js';

export interface AgentStatus {
  state: AgentStateName;
  reason: NotReadyReason | null;
  since: number;
  /** In wrap-up with a timer: when after-call work ends on its own (then: ready). */
  wrapUpEndsAt: number | null;
  /** Incoming calls declined (486) because the agent was not ready. */
  declinedWhileNotReady: number;
}

export type AgentEvent =
  /** The agent picked a state. `not-ready` without a reason means 'other'. */
  | {
      type: 'set';
      state: AgentStateName;
      reason?: NotReadyReason | null;
      at: number;
      wrapUpSeconds: number;
    }
  /** A call ended; after an answered call a ready agent gets after-call work. */
  | { type: 'call-ended'; answered: boolean; at: number; wrapUpSeconds: number }
  /** Time passes: wrap-up ends by itself. */
  | { type: 'tick'; at: number }
  | { type: 'declined' };

export const initialAgentStatus = (at: number, state: AgentStateName = 'ready'): AgentStatus => ({
  state,
  reason: state === 'not-ready' ? 'other' : null,
  since: at,
  wrapUpEndsAt: null,
  declinedWhileNotReady: 0,
});

/** Pure transitions; returns the same object when nothing changes (so callers can tell). */
export function agentReducer(status: AgentStatus, event: AgentEvent): AgentStatus {
  switch (event.type) {
    case 'set': {
      const reason = event.state === 'not-ready' ? (event.reason ?? 'other') : null;
      if (event.state === status.state && reason === status.reason && event.state !== 'wrap-up')
        return status;
      return {
        ...status,
        state: event.state,
        reason,
        since: event.at,
        wrapUpEndsAt: event.state === 'wrap-up' ? wrapUpEnd(event.at, event.wrapUpSeconds) : null,
      };
    }
    case 'call-ended':
      if (!event.answered || status.state !== 'ready' || event.wrapUpSeconds <= 0) return status;
      return {
        ...status,
        state: 'wrap-up',
        reason: null,
        since: event.at,
        wrapUpEndsAt: wrapUpEnd(event.at, event.wrapUpSeconds),
      };
    case 'tick':
      if (
        status.state !== 'wrap-up' ||
        status.wrapUpEndsAt === null ||
        event.at < status.wrapUpEndsAt
      )
        return status;
      return {
        ...status,
        state: 'ready',
        reason: null,
        since: status.wrapUpEndsAt,
        wrapUpEndsAt: null,
      };
    case 'declined':
      return { ...status, declinedWhileNotReady: status.declinedWhileNotReady + 1 };
  }
}

const wrapUpEnd = (at: number, seconds: number): number | null =>
  seconds > 0 ? at + seconds * 1000 : null;

/** Why an incoming call is turned away with 486, or null to let it ring. */
export function incomingCallDecision(
  agent: AgentStateName,
  busy: boolean,
): 'busy' | 'not-ready' | null {
  if (busy) return 'busy';
  return agent === 'ready' ? null : 'not-ready';
}
