// renderer/lead/: everything a team lead works with. The call-back queue's store (Art. 12; Art. 10
// tiers): the call-backs agents recorded in an outage, and the lead closing each one. A pure
// reducer and a small controller, run only while a lead (a tier that approves) is signed in. Types
// only from common/connectivity.ts (it pulls in zod); plain values come from
// common/callback-reason.ts.
import type { CallbackOutcome } from '../../common/callback-reason.js';
import type { CallbackQueueItem } from '../../common/connectivity.js';
import type { AgentDeskApi } from '../../common/contract.js';
import type { ErrorCode } from '../../common/result.js';
import { createStore, type Store } from '../state/store.js';
import type { AlertAlarm } from './alerts/alarm.js';
import { followLead, type SessionSource } from './follow-lead.js';

/** As the records service takes it (`callbacks:close` note). */
export const CALLBACK_CLOSE_NOTE_MAX = 500;
/** Main's `callbacks:list` answers at most this many; more are read page by page. */
export const CALLBACK_PAGE = 200;

export type CallbackView = 'open' | 'history';

/** The closed call-backs (done or cancelled), newest closed first, read page by page. */
export interface CallbackHistoryState {
  loading: boolean;
  loaded: boolean;
  callbacks: CallbackQueueItem[];
  /** Where the next page starts, or null when there is none. */
  nextOffset: number | null;
  problem: ErrorCode | null;
}

export interface CallbackQueueState {
  /** A lead (a tier that approves) is signed in: the queue exists. */
  enabled: boolean;
  loading: boolean;
  loaded: boolean;
  /** The open call-backs, oldest first (as main lists them). */
  callbacks: CallbackQueueItem[];
  /** How many are open in all, beyond the pages read (null until the first list). */
  openTotal: number | null;
  problem: ErrorCode | null;
  /** The call-back a close is being sent for (one at a time, like the inbox's decisions). */
  closing: { id: string; outcome: CallbackOutcome } | null;
  closeProblem: { id: string; code: ErrorCode } | null;
  /** Which list the room shows. */
  view: CallbackView;
  /** Where the open list's next page starts, or null when all are shown. */
  openNext: number | null;
  /** A further page of the open list is being read. */
  loadingMore: boolean;
  history: CallbackHistoryState;
}

export type CallbackQueueAction =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'loading' }
  | { type: 'loaded'; callbacks: CallbackQueueItem[]; total: number }
  | { type: 'load-failed'; code: ErrorCode }
  | { type: 'closing'; id: string; outcome: CallbackOutcome }
  | { type: 'closed'; id: string }
  | { type: 'close-failed'; id: string; code: ErrorCode }
  | { type: 'view'; view: CallbackView }
  | { type: 'more-loading' }
  | { type: 'more-loaded'; callbacks: CallbackQueueItem[]; nextOffset: number | null }
  | { type: 'more-failed'; code: ErrorCode }
  | { type: 'history-loading' }
  | {
      type: 'history-loaded';
      callbacks: CallbackQueueItem[];
      nextOffset: number | null;
      append: boolean;
    }
  | { type: 'history-failed'; code: ErrorCode };

const initialHistory: CallbackHistoryState = {
  loading: false,
  loaded: false,
  callbacks: [],
  nextOffset: null,
  problem: null,
};

/** `more` after `list`, without any already there (a page boundary moves as others close). */
const appended = (list: CallbackQueueItem[], more: CallbackQueueItem[]) => {
  const seen = new Set(list.map((c) => c.id));
  return [...list, ...more.filter((c) => !seen.has(c.id))];
};

/** How many call-backs are open in all: the service's count, beyond the pages read. */
export const openCallbackCount = (state: Pick<CallbackQueueState, 'callbacks' | 'openTotal'>) =>
  Math.max(state.openTotal ?? 0, state.callbacks.length);

export const initialCallbackQueue: CallbackQueueState = {
  enabled: false,
  loading: false,
  loaded: false,
  callbacks: [],
  openTotal: null,
  problem: null,
  closing: null,
  closeProblem: null,
  view: 'open',
  openNext: null,
  loadingMore: false,
  history: initialHistory,
};

export function callbackQueueReducer(
  state: CallbackQueueState,
  action: CallbackQueueAction,
): CallbackQueueState {
  switch (action.type) {
    case 'enabled':
      return { ...initialCallbackQueue, enabled: action.enabled };
    case 'loading':
      return state.loading ? state : { ...state, loading: true };
    case 'loaded': {
      const callbacks = action.callbacks.filter((c) => c.status === 'open');
      // A close failure stays beside its call-back while it is still listed, and goes with it.
      const closeProblem =
        state.closeProblem && callbacks.some((c) => c.id === state.closeProblem?.id)
          ? state.closeProblem
          : null;
      // A full first page may have more behind it: read from where it ends.
      const openNext = action.callbacks.length >= CALLBACK_PAGE ? action.callbacks.length : null;
      return {
        ...state,
        loading: false,
        loaded: true,
        problem: null,
        callbacks,
        openTotal: action.total,
        closeProblem,
        openNext,
        loadingMore: false,
      };
    }
    case 'load-failed':
      return { ...state, loading: false, loaded: true, problem: action.code };
    case 'closing':
      return { ...state, closing: { id: action.id, outcome: action.outcome }, closeProblem: null };
    case 'closed': {
      const callbacks = state.callbacks.filter((c) => c.id !== action.id);
      const gone = state.callbacks.length - callbacks.length;
      const openTotal = state.openTotal === null ? null : Math.max(0, state.openTotal - gone);
      return { ...state, closing: null, callbacks, openTotal };
    }
    case 'close-failed':
      return { ...state, closing: null, closeProblem: { id: action.id, code: action.code } };
    case 'view':
      return { ...state, view: action.view };
    case 'more-loading':
      return { ...state, loadingMore: true };
    case 'more-loaded': {
      const more = action.callbacks.filter((c) => c.status === 'open');
      const callbacks = appended(state.callbacks, more);
      return { ...state, loadingMore: false, callbacks, openNext: action.nextOffset };
    }
    case 'more-failed':
      return { ...state, loadingMore: false, problem: action.code };
    case 'history-loading':
      return { ...state, history: { ...state.history, loading: true } };
    case 'history-loaded': {
      const closed = action.callbacks.filter((c) => c.status !== 'open');
      const callbacks = action.append ? appended(state.history.callbacks, closed) : closed;
      const history = { loading: false, loaded: true, callbacks, problem: null };
      return { ...state, history: { ...history, nextOffset: action.nextOffset } };
    }
    case 'history-failed':
      return {
        ...state,
        history: { ...state.history, loading: false, loaded: true, problem: action.code },
      };
  }
}

export interface CallbackQueueController {
  readonly store: Store<CallbackQueueState, CallbackQueueAction>;
  start(): () => void;
  /** Reads the open list again, and the history when it is shown. */
  refresh(): Promise<void>;
  /** The customer was called back (`done`) or it is no longer needed (`cancelled`); the note is
   * optional. */
  close(id: string, outcome: CallbackOutcome, note?: string): Promise<boolean>;
  /** Shows the open queue or the history of closed ones (read afresh when shown). */
  show(view: CallbackView): Promise<void>;
  /** The next page of the list shown. */
  more(): Promise<void>;
}

export interface CallbackQueueOptions {
  api: AgentDeskApi;
  session: SessionSource;
  /** The alerts room's chime and desktop notification, for a new call-back. */
  alarm?: Pick<AlertAlarm, 'sound' | 'notify'>;
  /** The notification's words in the lead's language (the count only: Art. 11). */
  notificationText?: (open: number) => { title: string; body: string };
  /** Brings the window forward (a click on the notification). */
  focus?: () => void;
}

/** The lists read page by page: the open list's further pages, and the closed ones. */
type PagedList = 'more' | 'history';
type Page = { callbacks: CallbackQueueItem[]; nextOffset: number | null };
const PAGED: Record<
  PagedList,
  {
    status: 'open' | 'closed';
    loading: CallbackQueueAction;
    loaded: (page: Page, offset: number) => CallbackQueueAction;
    failed: (code: ErrorCode) => CallbackQueueAction;
  }
> = {
  more: {
    status: 'open',
    loading: { type: 'more-loading' },
    loaded: (page) => ({ type: 'more-loaded', ...page }),
    failed: (code) => ({ type: 'more-failed', code }),
  },
  history: {
    status: 'closed',
    loading: { type: 'history-loading' },
    loaded: (page, offset) => ({ type: 'history-loaded', ...page, append: offset > 0 }),
    failed: (code) => ({ type: 'history-failed', code }),
  },
};

export function createCallbackQueueController(
  options: CallbackQueueOptions,
): CallbackQueueController {
  const { api } = options;
  const store = createStore(callbackQueueReducer, initialCallbackQueue);
  /** Moves with every list asked for: only the latest list's answer is taken. */
  let generation = 0;
  /** The same for the history and for the open list's further pages. */
  const pages: Record<PagedList, number> = { history: 0, more: 0 };
  /**
   * Moves when the lead signs out (or another one is signed in): answers from before are dropped.
   */
  let epoch = 0;
  /** The open count last known; null until the first list or count after sign-in. */
  let knownOpen: number | null = null;

  const refreshOpen = async () => {
    if (!store.getState().enabled) return;
    const gen = ++generation;
    pages.more += 1;
    store.dispatch({ type: 'loading' });
    const result = await api.invoke('callbacks:list', {});
    if (gen !== generation || !store.getState().enabled) return;
    if (result.ok && knownOpen === null) knownOpen = result.value.total;
    store.dispatch(
      result.ok
        ? { type: 'loaded', callbacks: result.value.callbacks, total: result.value.total }
        : { type: 'load-failed', code: result.error.code },
    );
  };

  /** A page of `callbacks:history`: only the latest answer of its kind is taken. */
  const pagedLoad = async (kind: PagedList, offset: number) => {
    if (!store.getState().enabled) return;
    const paged = PAGED[kind];
    const gen = ++pages[kind];
    store.dispatch(paged.loading);
    const request = { status: paged.status, offset, limit: CALLBACK_PAGE };
    const result = await api.invoke('callbacks:history', request);
    if (gen !== pages[kind] || !store.getState().enabled) return;
    store.dispatch(
      result.ok ? paged.loaded(result.value, offset) : paged.failed(result.error.code),
    );
  };

  const refresh = async () => {
    const shown = store.getState().view;
    await Promise.all([refreshOpen(), shown === 'history' ? pagedLoad('history', 0) : undefined]);
  };

  /** Main's count of open call-backs moved: a rise after the first list is a new call-back. */
  const counted = (open: number) => {
    if (!store.getState().enabled) return;
    const before = knownOpen;
    knownOpen = open;
    if (before === null || open <= before || !options.alarm) return;
    options.alarm.sound();
    const text = options.notificationText?.(open);
    if (text) options.alarm.notify('callbacks', text, () => options.focus?.());
  };

  return {
    store,
    start() {
      // The push carries only the count: the list is read again, so what is shown is what is open.
      const offChanged = api.on('callbacks:changed', ({ open }) => {
        counted(open);
        void refresh();
      });
      const offLead = followLead({
        api,
        session: options.session,
        onLead(next) {
          epoch += 1;
          generation += 1;
          pages.history += 1;
          pages.more += 1;
          knownOpen = null;
          store.dispatch({ type: 'enabled', enabled: next !== null });
          if (next !== null) void refresh();
        },
      });
      return () => {
        offLead();
        offChanged();
      };
    },
    refresh,
    async close(id, outcome, note) {
      const state = store.getState();
      if (!state.enabled || state.closing !== null || !state.callbacks.some((c) => c.id === id))
        return false;
      const trimmed = (note ?? '').trim().slice(0, CALLBACK_CLOSE_NOTE_MAX);
      const mine = epoch;
      store.dispatch({ type: 'closing', id, outcome });
      const result = await api.invoke('callbacks:close', {
        id,
        outcome,
        ...(trimmed ? { note: trimmed } : {}),
      });
      if (mine !== epoch) return false;
      if (!result.ok) {
        store.dispatch({ type: 'close-failed', id, code: result.error.code });
        return false;
      }
      store.dispatch({ type: 'closed', id });
      // A list asked before the close went through would bring the call-back back: read it again,
      // which also drops that older answer.
      void refresh();
      return true;
    },
    async show(view) {
      if (!store.getState().enabled) return;
      store.dispatch({ type: 'view', view });
      if (view === 'history') await pagedLoad('history', 0);
    },
    async more() {
      const state = store.getState();
      if (state.view === 'open') {
        if (state.openNext === null || state.loadingMore) return;
        return pagedLoad('more', state.openNext);
      }
      if (state.history.nextOffset === null || state.history.loading) return;
      await pagedLoad('history', state.history.nextOffset);
    },
  };
}
