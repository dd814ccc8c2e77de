// renderer/lead/floor/: the console's floor and queues rooms (Art. 10, 26). The store: a pure
// reducer over the floor as the records service reads it, one agent replaced when a push names
// them (and the counts recounted here), today's queue figures, and a lead's not-ready order.
// Each room shows one team (the lead's own unless another, or all, is picked for the session).
import type { FloorAgent, FloorResponse, QueueStats } from '../../../common/floor-api.js';
import { floorCounts, type FloorCounts } from '../../../common/floor-counts.js';
import {
  ALL_TEAMS,
  FLOOR_POLICY,
  workloadWarnings,
  type FloorState,
} from '../../../common/policy.js';
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
  /** The team picked in each room this session (`all`: every team); null: the lead's own. */
  choice: Record<TeamRoom, string | null>;
  /** The lead's own team, as the first read without a pick answers it (null: in none). */
  ownTeam: string | null | undefined;
  /** Every team's name (the pickers offer them) and the team the floor shows (null: all). */
  teams: string[];
  floorTeam: string | null;
  /** The agent a not-ready order is being sent for. */
  ordering: string | null;
  order: { username: string; code: ErrorCode | null } | null;
}

export type TeamRoom = 'floor' | 'queues';

export type FloorRoomAction =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'team-chosen'; room: TeamRoom; team: string }
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
  choice: { floor: null, queues: null },
  ownTeam: undefined,
  teams: [],
  floorTeam: null,
  ordering: null,
  order: null,
};

/** The reader's own team, learned from an answer to a read that picked none. */
const learnOwn = (state: FloorRoomState, room: TeamRoom, team: string | null) =>
  state.choice[room] === null ? team : state.ownTeam;

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
    case 'team-chosen':
      return { ...state, choice: { ...state.choice, [action.room]: action.team } };
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
        ownTeam: learnOwn(state, 'floor', action.floor.team),
        teams: action.floor.teams,
        floorTeam: action.floor.team,
      };
    case 'load-failed':
      return { ...state, loading: false, loaded: true, problem: action.code };
    case 'agent': {
      const entry = { agent: action.agent, readAt: action.readAt };
      const i = state.agents.findIndex((e) => e.agent.username === action.agent.username);
      // A push about another team's agent adds nobody; one who moved away leaves the list.
      if (state.floorTeam !== null && action.agent.team !== state.floorTeam)
        return i < 0
          ? state
          : withAgents(
              state,
              state.agents.filter((_, j) => j !== i),
            );
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
        ownTeam: learnOwn(state, 'queues', action.stats.team),
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

/** A picker's options: the lead's own team first, then the others, then every team (`all`). */
export function teamOptions(state: FloorRoomState, room: TeamRoom): string[] {
  const own = state.ownTeam ?? null;
  const picked = state.choice[room];
  const others = state.teams.filter((t) => t !== own);
  // A team picked that nobody is in any more stays offered while it is shown.
  if (picked !== null && picked !== ALL_TEAMS && picked !== own && !others.includes(picked))
    others.push(picked);
  return [...(own === null ? [] : [own]), ...others, ALL_TEAMS];
}

/** The picker's value: the pick, else the lead's own team (`all` without one); '' until known. */
export function pickedTeam(state: FloorRoomState, room: TeamRoom): string {
  const picked = state.choice[room];
  if (picked !== null) return picked;
  if (state.ownTeam === undefined) return '';
  return state.ownTeam ?? ALL_TEAMS;
}

/**
 * Art. 10: the service lets a lead order their own team's agents only (a lead in none: the agents
 * in none), as `mayDirectAgent` in common/policy/teams.ts.
 */
export const mayDirect = (state: FloorRoomState, agent: FloorAgent): boolean =>
  state.ownTeam !== undefined && agent.team === state.ownTeam;
