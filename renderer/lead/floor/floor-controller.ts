// renderer/lead/floor/: the floor and queues rooms' controller. Loads both when a lead signs in,
// follows the records service's push stream (a `floor.changed` naming an agent re-reads that
// one; `queue.changed` the figures; `resync` everything) and sends a lead's not-ready order.
// Each room reads the team picked for it this session (none picked: the lead's own).
import type { AgentDeskApi } from '../../../common/contract.js';
import type { NotReadyReason } from '../../../common/phone.js';
import type { SessionState } from '../../state/session.js';
import { followLead } from '../follow-lead.js';
import { createStore, type Store } from '../../state/store.js';
import {
  floorRoomReducer,
  initialFloorRoom,
  type FloorRoomAction,
  type FloorRoomState,
  type TeamRoom,
} from './floor-store.js';

export interface FloorController {
  readonly store: Store<FloorRoomState, FloorRoomAction>;
  start(): () => void;
  refresh(): Promise<void>;
  refreshAgent(username: string): Promise<void>;
  refreshQueues(): Promise<void>;
  /** Shows `team` (a name, or `all`) in the room from now on this session, read at once. */
  chooseTeam(room: TeamRoom, team: string): Promise<void>;
  /** Art. 10, 26: a lead sets an agent not ready with a reason; false when refused. */
  setNotReady(username: string, reason: NotReadyReason): Promise<boolean>;
  dismissOrder(): void;
}

/** The pushes the floor and queues rooms read again on. */
const FLOOR_KINDS = new Set(['resync', 'queue.changed', 'floor.changed', 'desk.not-ready']);

export function createFloorController(options: {
  api: AgentDeskApi;
  session: Pick<Store<SessionState, unknown>, 'getState' | 'subscribe'>;
  now?: () => number;
}): FloorController {
  const { api } = options;
  const now = options.now ?? Date.now;
  const store = createStore(floorRoomReducer, initialFloorRoom);
  /** Bumped by sign-out and each full read: older answers are dropped. */
  let generation = 0;
  /** Per agent: only the newest read of one agent lands. */
  const agentReads = new Map<string, number>();
  let queueReads = 0;
  /** Bumped when the lead changes (or signs out): the queue figures' reads from before drop. */
  let epoch = 0;

  const enabled = () => store.getState().enabled;
  /** The request of a room's read: the team picked for it, or none (the lead's own). */
  const teamOf = (room: TeamRoom) => {
    const team = store.getState().choice[room];
    return team === null ? {} : { team };
  };

  const refreshFloor = async () => {
    if (!enabled()) return;
    const gen = ++generation;
    agentReads.clear();
    store.dispatch({ type: 'loading' });
    const result = await api.invoke('floor:get', teamOf('floor'));
    if (gen !== generation || !enabled()) return;
    store.dispatch(
      result.ok
        ? { type: 'loaded', floor: result.value, readAt: now() }
        : { type: 'load-failed', code: result.error.code },
    );
  };

  const refreshAgent = async (username: string) => {
    if (!enabled()) return;
    const gen = generation;
    const mine = (agentReads.get(username) ?? 0) + 1;
    agentReads.set(username, mine);
    const result = await api.invoke('floor:agent', { username });
    if (gen !== generation || agentReads.get(username) !== mine || !enabled()) return;
    if (result.ok) store.dispatch({ type: 'agent', agent: result.value, readAt: now() });
    else if (result.error.code === 'not-found') store.dispatch({ type: 'agent-gone', username });
  };

  const refreshQueues = async () => {
    if (!enabled()) return;
    // Its own counters: a floor read (a team picked for the floor) must not drop the figures.
    const ep = epoch;
    const mine = ++queueReads;
    const result = await api.invoke('queues:today', teamOf('queues'));
    if (ep !== epoch || mine !== queueReads || !enabled()) return;
    store.dispatch(
      result.ok
        ? { type: 'queues', stats: result.value, readAt: now() }
        : { type: 'queues-failed', code: result.error.code },
    );
  };

  const refresh = async () => {
    await Promise.all([refreshFloor(), refreshQueues()]);
  };

  return {
    store,
    start: () =>
      followLead({
        api,
        session: options.session,
        onLead(lead) {
          epoch += 1;
          store.dispatch({ type: 'enabled', enabled: lead !== null });
          if (lead !== null) void refresh();
          else generation += 1;
        },
        kinds: FLOOR_KINDS,
        onEvent(event) {
          if (!enabled()) return;
          if (event.kind === 'resync') void refresh();
          else if (event.kind === 'queue.changed') void refreshQueues();
          else if (event.username) void refreshAgent(event.username);
          else void refreshFloor();
        },
      }),
    refresh,
    refreshAgent,
    refreshQueues,
    async chooseTeam(room, team) {
      if (!enabled() || store.getState().choice[room] === team) return;
      store.dispatch({ type: 'team-chosen', room, team });
      await (room === 'floor' ? refreshFloor() : refreshQueues());
    },
    async setNotReady(username, reason) {
      const state = store.getState();
      if (!state.enabled || state.ordering !== null) return false;
      store.dispatch({ type: 'ordering', username });
      const result = await api.invoke('floor:set-not-ready', { username, reason });
      if (!result.ok) {
        store.dispatch({ type: 'order-failed', username, code: result.error.code });
        // A refusal usually means the floor moved on (a call came in): show it as it is now.
        void refreshAgent(username);
        return false;
      }
      store.dispatch({ type: 'ordered', username });
      void refreshAgent(username);
      return true;
    },
    dismissOrder: () => store.dispatch({ type: 'order-dismissed' }),
  };
}
