// renderer/lead/floor/: the console's floor and queues rooms (Art. 10, 26). The store: a pure
// reducer over the floor as the records service reads it, one agent replaced when a push names
// them (and the counts recounted here), today's queue figures, and a lead's not-ready order.
import type { FloorAgent, FloorResponse, QueueStats } from '../../../common/floor-api.js';
import { floorCounts, type FloorCounts } from '../../../common/floor-counts.js';
import { FLOOR_POLICY, workloadWarnings, type FloorState } from '../../../common/policy.js';
import type { ErrorCode } from '../../../common/result.js';

/** An agent as read, and when (this machine's clock), so times on screen can tick on from it. */
export interface FloorEntry {
  agent: FloorAgent;
  readAt: number;
}

export interface FloorRoomState {
  /** A lead is signed in: the rooms exist. */
  enabled: boolean;
  loading: boolean;
  loaded: boolean;
  problem: ErrorCode | null;
  /** The service's clock minus ours at the last full read: times in state use the service's. */
  skewMs: number;
  agents: FloorEntry[];
  counts: FloorCounts;
  queues: { stats: QueueStats; readAt: number } | null;
  queuesProblem: ErrorCode | null;
  /** The agent a not-ready order is being sent for. */
  ordering: string | null;
  order: { username: string; code: ErrorCode | null } | null;
}

export type FloorRoomAction =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'loading' }
  | { type: 'loaded'; floor: FloorResponse; readAt: number }
  | { type: 'load-failed'; code: ErrorCode }
  | { type: 'agent'; agent: FloorAgent; readAt: number }
  | { type: 'agent-gone'; username: string }
  | { type: 'queues'; stats: QueueStats; readAt: number }
  | { type: 'queues-failed'; code: ErrorCode }
  | { type: 'ordering'; username: string }
  | { type: 'ordered'; username: string }
  | { type: 'order-failed'; username: string; code: ErrorCode }
  | { type: 'order-dismissed' };

export const initialFloorRoom: FloorRoomState = {
  enabled: false,
  loading: false,
  loaded: false,
  problem: null,
  skewMs: 0,
  agents: [],
  counts: { ready: 0, onCall: 0, notReady: 0, offline: 0 },
  queues: null,
  queuesProblem: null,
  ordering: null,
  order: null,
};

/** Names in the call centre's order (pinyin for Chinese names). */
const byName = (a: FloorEntry, b: FloorEntry) =>
  a.agent.name.localeCompare(b.agent.name, 'zh-Hans-CN') ||
  a.agent.username.localeCompare(b.agent.username);

const withAgents = (state: FloorRoomState, agents: FloorEntry[]): FloorRoomState => ({
  ...state,
  agents,
  counts: floorCounts(agents.map((e) => e.agent)),
});

export function floorRoomReducer(state: FloorRoomState, action: FloorRoomAction): FloorRoomState {
  switch (action.type) {
    case 'enabled':
      if (state.enabled === action.enabled) return state;
      return { ...initialFloorRoom, enabled: action.enabled };
    case 'loading':
      return state.loading ? state : { ...state, loading: true };
    case 'loaded':
      return {
        ...state,
        loading: false,
        loaded: true,
        problem: null,
        skewMs: Date.parse(action.floor.at) - action.readAt,
        agents: action.floor.agents.map((agent) => ({ agent, readAt: action.readAt })),
        counts: action.floor.counts,
      };
    case 'load-failed':
      return { ...state, loading: false, loaded: true, problem: action.code };
    case 'agent': {
      const entry = { agent: action.agent, readAt: action.readAt };
      const i = state.agents.findIndex((e) => e.agent.username === action.agent.username);
      const agents =
        i < 0
          ? [...state.agents, entry].sort(byName)
          : state.agents.map((e, j) => (j === i ? entry : e));
      return withAgents(state, agents);
    }
    case 'agent-gone':
      return withAgents(
        state,
        state.agents.filter((e) => e.agent.username !== action.username),
      );
    case 'queues':
      return {
        ...state,
        queues: { stats: action.stats, readAt: action.readAt },
        queuesProblem: null,
      };
    case 'queues-failed':
      return { ...state, queuesProblem: action.code };
    case 'ordering':
      return { ...state, ordering: action.username, order: null };
    case 'ordered':
      return { ...state, ordering: null, order: { username: action.username, code: null } };
    case 'order-failed':
      return {
        ...state,
        ordering: null,
        order: { username: action.username, code: action.code },
      };
    case 'order-dismissed':
      return state.order === null ? state : { ...state, order: null };
  }
}

// ---- what the views show, ticking on from the last read (pure: the caller passes the time) ----

/** How long the agent has been in their state, on the service's clock; null: never reported. */
export function timeInStateMs(entry: FloorEntry, now: number, skewMs: number): number | null {
  if (entry.agent.since === null) return null;
  return Math.max(0, now + skewMs - Date.parse(entry.agent.since));
}

const WORKING: readonly FloorState[] = ['ready', 'not-ready', 'wrap-up', 'ringing', 'on-call'];

/** Time since the last break, ticking while the agent works; and the warning it earns. */
export function sinceBreak(
  entry: FloorEntry,
  now: number,
  breakWarningMs: number = FLOOR_POLICY.breakWarningMs,
): { ms: number | null; warn: boolean } {
  const { state, workload } = entry.agent;
  const ms =
    workload.sinceBreakMs === null
      ? null
      : workload.sinceBreakMs + (WORKING.includes(state) ? Math.max(0, now - entry.readAt) : 0);
  const warn =
    entry.agent.warnings.includes('no-break') ||
    workloadWarnings(state, ms, breakWarningMs).includes('no-break');
  return { ms, warn };
}

export const FLOOR_SORTS = ['state', 'name', 'time'] as const;
export type FloorSort = (typeof FLOOR_SORTS)[number];

/** Busiest first: a call in progress, then ready, then not ready, then away. */
const STATE_ORDER: readonly FloorState[] = [
  'ringing',
  'on-call',
  'wrap-up',
  'ready',
  'not-ready',
  'break',
  'offline',
  'signed-out',
];

export function sortFloor(
  entries: readonly FloorEntry[],
  sort: FloorSort,
  now: number,
  skewMs: number,
): FloorEntry[] {
  const time = (e: FloorEntry) => timeInStateMs(e, now, skewMs) ?? -1;
  const rank = (e: FloorEntry) => STATE_ORDER.indexOf(e.agent.state);
  return [...entries].sort((a, b) => {
    if (sort === 'state') return rank(a) - rank(b) || time(b) - time(a) || byName(a, b);
    if (sort === 'time') return time(b) - time(a) || byName(a, b);
    return byName(a, b);
  });
}

/** The longest wait now, ticking on while calls wait. */
export function longestWaitNowMs(queues: FloorRoomState['queues'], now: number): number | null {
  if (!queues || queues.stats.longestWaitNowMs === null) return null;
  return queues.stats.longestWaitNowMs + Math.max(0, now - queues.readAt);
}
