// renderer/lead/alerts/: the Alerts room's store (Art. 6, 10, 11, 18). A pure reducer over what the
// records service lists, newest first; it tells which alerts are new since the room first loaded
// (they sound and notify) and how many are open (the tab and the window title). Types only from
// common/ schemas (they pull in zod).
import type { CallTimeline } from '../../../common/archive-api.js';
import type { Alert, LockedCustomer } from '../../../common/records-api.js';
import type { ErrorCode } from '../../../common/result.js';

export interface AlertsState {
  /** A lead (a tier that approves) is signed in: the room exists. */
  enabled: boolean;
  loading: boolean;
  loaded: boolean;
  /** A list arrived since sign-in (a failed read does not count): later alerts are new. */
  listed: boolean;
  /** The signed-in lead: an alert about their own attempt is listed but never announced to them. */
  self: string | null;
  alerts: Alert[];
  /** Every alert id listed so far: one not among them on a later list is new. */
  seen: string[];
  /**
   * Alerts the push stream named as raised while the room was open, not yet listed: new even when
   * the list that first carries them is the room's first (the push may overtake the first load).
   */
  raised: string[];
  /** The first list's alerts (there before the room opened); a later push naming one is new. */
  baseline: string[];
  /** Alerts raised after the room first loaded and not yet announced (sound, notification). */
  fresh: Alert[];
  /** How many times new alerts were announced (sound + notification) since sign-in. */
  chimes: number;
  problem: ErrorCode | null;
  /** The alert an action is being sent for (one at a time). */
  busy: string | null;
  actionProblem: { id: string; code: ErrorCode; message: string } | null;
  leads: { username: string; name: string }[];
  timeline: { callId: string; timeline: CallTimeline | null; problem: ErrorCode | null } | null;
  locks: { customers: LockedCustomer[] | null; problem: ErrorCode | null; busy: boolean };
}

export type AlertsAction =
  | { type: 'enabled'; enabled: boolean; self?: string | null }
  | { type: 'loading' }
  | { type: 'loaded'; alerts: Alert[] }
  | { type: 'load-failed'; code: ErrorCode }
  | { type: 'raised'; id: string }
  | { type: 'announced' }
  | { type: 'leads'; leads: AlertsState['leads'] }
  | { type: 'acting'; id: string }
  | { type: 'acted'; alert: Alert }
  | { type: 'act-failed'; id: string; code: ErrorCode; message: string }
  | { type: 'timeline'; callId: string; timeline: CallTimeline | null; problem: ErrorCode | null }
  | { type: 'timeline-closed' }
  | { type: 'locks-searching' }
  | { type: 'locks-found'; customers: LockedCustomer[] | null; problem: ErrorCode | null };

export const initialAlerts: AlertsState = {
  enabled: false,
  loading: false,
  loaded: false,
  listed: false,
  self: null,
  alerts: [],
  seen: [],
  raised: [],
  baseline: [],
  fresh: [],
  chimes: 0,
  problem: null,
  busy: null,
  actionProblem: null,
  leads: [],
  timeline: null,
  locks: { customers: null, problem: null, busy: false },
};

const newestFirst = (a: Alert, b: Alert) =>
  a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : a.id < b.id ? -1 : 1;

/** An alert about the lead's own attempt is theirs to know already: listed, not announced. */
const announced = (state: Pick<AlertsState, 'self'>, alert: Alert) =>
  state.self === null || alert.agentUsername !== state.self;

export function alertsReducer(state: AlertsState, action: AlertsAction): AlertsState {
  switch (action.type) {
    case 'enabled':
      return { ...initialAlerts, enabled: action.enabled, self: action.self ?? null };
    case 'loading':
      return state.loading ? state : { ...state, loading: true };
    case 'loaded': {
      const alerts = [...action.alerts].sort(newestFirst);
      // The first list is what was there already: nothing in it is announced, except what the
      // push stream named as raised meanwhile.
      const isNew = (a: Alert) =>
        !state.seen.includes(a.id) && (state.listed || state.raised.includes(a.id));
      const fresh = [...state.fresh, ...alerts.filter(isNew).filter((a) => announced(state, a))];
      const seen = [...new Set([...state.seen, ...alerts.map((a) => a.id)])];
      const raised = state.raised.filter((id) => !seen.includes(id));
      const baseline = state.listed
        ? state.baseline
        : alerts.filter((a) => !state.raised.includes(a.id)).map((a) => a.id);
      return {
        ...state,
        ...{ loading: false, loaded: true, listed: true, problem: null },
        ...{ alerts, seen, raised, baseline, fresh },
      };
    }
    case 'raised': {
      // The push came after the first list that already carried it: new all the same.
      if (state.baseline.includes(action.id)) {
        const alert = state.alerts.find((a) => a.id === action.id);
        return {
          ...state,
          baseline: state.baseline.filter((id) => id !== action.id),
          fresh: alert && announced(state, alert) ? [...state.fresh, alert] : state.fresh,
        };
      }
      return state.seen.includes(action.id) || state.raised.includes(action.id)
        ? state
        : { ...state, raised: [...state.raised, action.id] };
    }
    case 'load-failed':
      return { ...state, loading: false, loaded: true, problem: action.code };
    case 'announced':
      return state.fresh.length === 0 ? state : { ...state, fresh: [], chimes: state.chimes + 1 };
    case 'leads':
      return { ...state, leads: action.leads };
    case 'acting':
      return { ...state, busy: action.id, actionProblem: null };
    case 'acted':
      return {
        ...state,
        busy: null,
        alerts: state.alerts.map((a) => (a.id === action.alert.id ? action.alert : a)),
      };
    case 'act-failed':
      return {
        ...state,
        busy: null,
        actionProblem: { id: action.id, code: action.code, message: action.message },
      };
    case 'timeline':
      return {
        ...state,
        timeline: { callId: action.callId, timeline: action.timeline, problem: action.problem },
      };
    case 'timeline-closed':
      return { ...state, timeline: null };
    case 'locks-searching':
      return { ...state, locks: { ...state.locks, busy: true, problem: null } };
    case 'locks-found':
      return {
        ...state,
        locks: { customers: action.customers, problem: action.problem, busy: false },
      };
  }
}

/** Not resolved yet: what the tab and the window title count. */
export const openCount = (state: Pick<AlertsState, 'alerts'>): number =>
  state.alerts.filter((a) => a.status !== 'resolved').length;

/** Raised and not yet acknowledged by anyone: the tab is marked urgent. */
export const unacknowledged = (state: Pick<AlertsState, 'alerts'>): number =>
  state.alerts.filter((a) => a.status === 'open').length;

/** `(3) Agent Desk`: the open count in front of the window's own title. */
export function titleWithCount(base: string, open: number): string {
  const bare = base.replace(/^\(\d+\)\s+/, '');
  return open > 0 ? `(${open}) ${bare}` : bare;
}
