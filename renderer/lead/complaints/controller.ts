// The complaints room's controller: loads while a lead is signed in, re-reads on the pushed
// `complaint.opened` / `complaint.updated` / `resync` (records:event), pages on, and sends one
// action at a time to main. The records service decides; this only shows its answers.
import type { AgentDeskApi } from '../../../common/contract.js';
import type { ComplaintChannel } from '../../../common/policy.js';
import { createStore, type Store } from '../../state/store.js';
import {
  complaintsReducer,
  initialComplaints,
  type ComplaintAction,
  type ComplaintsEvent,
  type ComplaintsState,
  type ComplaintsView,
} from './store.js';
import { followLead, type SessionSource } from '../follow-lead.js';

const KINDS = new Set(['complaint.opened', 'complaint.updated', 'resync']);

export interface ComplaintsController {
  readonly store: Store<ComplaintsState, ComplaintsEvent>;
  start(): () => void;
  refresh(): Promise<void>;
  more(): Promise<void>;
  show(view: ComplaintsView): Promise<void>;
  assign(id: string, assignee: string): Promise<boolean>;
  answer(id: string, response: string, toldBy: ComplaintChannel): Promise<boolean>;
  close(id: string): Promise<boolean>;
}

export function createComplaintsController(options: {
  api: AgentDeskApi;
  session: SessionSource;
}): ComplaintsController {
  const { api } = options;
  const store = createStore(complaintsReducer, initialComplaints);
  let generation = 0;

  const load = async (append: boolean) => {
    const state = store.getState();
    if (!state.enabled) return;
    const gen = ++generation;
    store.dispatch({ type: 'loading' });
    const offset = append ? (state.nextOffset ?? 0) : 0;
    const [list, counts] = await Promise.all([
      api.invoke('complaints:list', { status: state.view, offset }),
      append ? null : api.invoke('complaints:counts', {}),
    ]);
    if (gen !== generation || !store.getState().enabled) return;
    if (counts?.ok) store.dispatch({ type: 'counts', counts: counts.value });
    store.dispatch(
      list.ok
        ? { type: 'loaded', ...list.value, append }
        : { type: 'load-failed', code: list.error.code },
    );
  };
  const refresh = () => load(false);

  const act = async (
    id: string,
    action: ComplaintAction,
    send: () => ReturnType<AgentDeskApi['invoke']>,
  ): Promise<boolean> => {
    if (!store.getState().enabled || store.getState().busy) return false;
    store.dispatch({ type: 'busy', id, action });
    const result = await send();
    if (!result.ok) {
      store.dispatch({ type: 'failed', id, action, code: result.error.code });
      return false;
    }
    store.dispatch({ type: 'done', complaint: result.value as ComplaintsState['complaints'][0] });
    // The month's figures move with the action.
    void api.invoke('complaints:counts', {}).then((r) => {
      if (r.ok && store.getState().enabled) store.dispatch({ type: 'counts', counts: r.value });
    });
    return true;
  };

  return {
    store,
    start() {
      return followLead({
        api,
        session: options.session,
        onLead(next) {
          generation += 1;
          store.dispatch({ type: 'enabled', enabled: next !== null });
          if (next !== null) void refresh();
        },
        assignees: {
          channel: 'complaints:assignees',
          loaded: (leads) => store.dispatch({ type: 'assignees', leads }),
        },
        kinds: KINDS,
        onEvent: () => void refresh(),
      });
    },
    refresh,
    more: () => load(true),
    async show(view) {
      store.dispatch({ type: 'view', view });
      await refresh();
    },
    assign: (id, assignee) =>
      act(id, 'assign', () => api.invoke('complaints:assign', { id, assignee })),
    answer: (id, response, toldBy) =>
      act(id, 'answer', () => api.invoke('complaints:answer', { id, response, toldBy })),
    close: (id) => act(id, 'close', () => api.invoke('complaints:close', { id })),
  };
}
