// The complaints room's state (Art. 16): the queue as the records service orders it (overdue
// first), the assignees, the month's counts by category, and one action at a time. A pure
// reducer; the controller (controller.ts) talks to main and re-reads on pushed changes.
import type { ComplaintCounts, ComplaintItem } from '../../../common/lead-complaints.js';
import type { ErrorCode } from '../../../common/result.js';

export type ComplaintAction = 'assign' | 'answer' | 'close';
export type ComplaintsView = 'active' | 'closed';

export interface ComplaintsState {
  enabled: boolean;
  view: ComplaintsView;
  loading: boolean;
  loaded: boolean;
  problem: ErrorCode | null;
  complaints: ComplaintItem[];
  nextOffset: number | null;
  /** The service's clock at the last read (what `overdue` was judged against). */
  now: string | null;
  assignees: { username: string; name: string }[];
  counts: ComplaintCounts | null;
  busy: { id: string; action: ComplaintAction } | null;
  actionProblem: { id: string; action: ComplaintAction; code: ErrorCode } | null;
}

export type ComplaintsEvent =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'view'; view: ComplaintsView }
  | { type: 'loading' }
  | {
      type: 'loaded';
      complaints: ComplaintItem[];
      nextOffset: number | null;
      now: string;
      append: boolean;
    }
  | { type: 'load-failed'; code: ErrorCode }
  | { type: 'assignees'; leads: { username: string; name: string }[] }
  | { type: 'counts'; counts: ComplaintCounts }
  | { type: 'busy'; id: string; action: ComplaintAction }
  | { type: 'done'; complaint: ComplaintItem }
  | { type: 'failed'; id: string; action: ComplaintAction; code: ErrorCode };

export const initialComplaints: ComplaintsState = {
  enabled: false,
  view: 'active',
  loading: false,
  loaded: false,
  problem: null,
  complaints: [],
  nextOffset: null,
  now: null,
  assignees: [],
  counts: null,
  busy: null,
  actionProblem: null,
};

const belongs = (view: ComplaintsView, c: ComplaintItem) =>
  view === 'closed' ? c.status === 'closed' : c.status !== 'closed';

export function complaintsReducer(state: ComplaintsState, event: ComplaintsEvent): ComplaintsState {
  switch (event.type) {
    case 'enabled':
      return { ...initialComplaints, enabled: event.enabled };
    case 'view':
      return event.view === state.view
        ? state
        : { ...state, view: event.view, complaints: [], nextOffset: null, loaded: false };
    case 'loading':
      return { ...state, loading: true };
    case 'loaded': {
      const fresh = event.complaints.filter((c) => belongs(state.view, c));
      const complaints = event.append
        ? [
            ...state.complaints,
            ...fresh.filter((c) => !state.complaints.some((o) => o.id === c.id)),
          ]
        : fresh;
      return {
        ...state,
        loading: false,
        loaded: true,
        problem: null,
        complaints,
        nextOffset: event.nextOffset,
        now: event.now,
      };
    }
    case 'load-failed':
      return { ...state, loading: false, loaded: true, problem: event.code };
    case 'assignees':
      return { ...state, assignees: event.leads };
    case 'counts':
      return { ...state, counts: event.counts };
    case 'busy':
      return { ...state, busy: { id: event.id, action: event.action }, actionProblem: null };
    case 'done': {
      const c = event.complaint;
      const complaints = belongs(state.view, c)
        ? state.complaints.map((o) => (o.id === c.id ? c : o))
        : state.complaints.filter((o) => o.id !== c.id);
      return { ...state, busy: null, complaints };
    }
    case 'failed':
      return {
        ...state,
        busy: null,
        actionProblem: { id: event.id, action: event.action, code: event.code },
      };
  }
}

/** The room's tab: the open count, urgent when any is overdue (Art. 16). */
export function complaintsTab(state: ComplaintsState): { count: number; urgent: boolean } {
  const open = state.view === 'active' ? state.complaints : [];
  return { count: open.length, urgent: open.some((c) => c.overdue) };
}
