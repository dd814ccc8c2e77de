// The Alerts room's controller: loads the list while a lead is signed in, reads it again on the
// push stream's alert events and on resync, announces alerts raised after the first load or named
// by an `alert.raised` push (chime and desktop notification), keeps the open count in the window
// title, and sends the lead's actions through main. The records service decides; a refusal is
// shown beside its alert.
import type { AgentDeskApi, RequestOf } from '../../../common/contract.js';
import type { AlertOutcome, EmergencyStep } from '../../../common/policy.js';
import type { Alert } from '../../../common/records-api.js';
import { createStore, type Store } from '../../state/store.js';
import { followLead, type SessionSource } from '../follow-lead.js';
import type { AlertAlarm } from './alarm.js';
import {
  alertsReducer,
  initialAlerts,
  openCount,
  titleWithCount,
  type AlertsAction,
  type AlertsState,
} from './alerts-store.js';

const RELOAD_KINDS = new Set(['alert.raised', 'alert.updated', 'resync']);

export interface AlertsController {
  readonly store: Store<AlertsState, AlertsAction>;
  start(): () => void;
  refresh(): Promise<void>;
  acknowledge(id: string): Promise<boolean>;
  assign(id: string, to: string): Promise<boolean>;
  resolve(id: string, outcome: AlertOutcome, note: string): Promise<boolean>;
  step(id: string, step: EmergencyStep, policeCaseNumber?: string): Promise<boolean>;
  openTimeline(callId: string): Promise<void>;
  closeTimeline(): void;
  /** Asks for desktop notifications (browsers want a click first). */
  requestPermission(): void;
  searchLocks(query: string): Promise<void>;
  unlock(customerId: string, kind: 'query' | 'transaction', reason: string): Promise<boolean>;
}

export interface AlertsControllerOptions {
  api: AgentDeskApi;
  session: SessionSource;
  alarm: AlertAlarm;
  /** The kind's name in the lead's language, for the notification. */
  notificationText: (alert: Alert) => { title: string; body: string };
  /** The window's title (document.title), to carry the open count. */
  title?: { get(): string; set(title: string): void };
  /** Brings the Alerts room forward (a click on the notification). */
  focus?: () => void;
}

/** An 18-character ID (digits, last may be X), or else taken as a mobile. */
const ID_SHAPE = /^\d{17}[\dXx]$/;

export function createAlertsController(options: AlertsControllerOptions): AlertsController {
  const { api, alarm } = options;
  const store = createStore(alertsReducer, initialAlerts);
  let generation = 0;

  const refresh = async () => {
    if (!store.getState().enabled) return;
    const gen = ++generation;
    store.dispatch({ type: 'loading' });
    const result = await api.invoke('alerts:list', {});
    if (gen !== generation || !store.getState().enabled) return;
    store.dispatch(
      result.ok
        ? { type: 'loaded', alerts: result.value.alerts }
        : { type: 'load-failed', code: result.error.code },
    );
    announce();
  };

  const announce = () => {
    const { fresh } = store.getState();
    if (fresh.length === 0) return;
    alarm.sound();
    const newest = fresh[fresh.length - 1]!;
    alarm.notify(`alert-${newest.id}`, options.notificationText(newest), () => options.focus?.());
    store.dispatch({ type: 'announced' });
  };

  /** One action through main; the answer replaces the alert in the list. */
  const act = async <C extends 'alerts:acknowledge' | 'alerts:assign' | 'alerts:resolve'>(
    channel: C | 'alerts:emergency-step',
    request: RequestOf<C> | RequestOf<'alerts:emergency-step'>,
  ): Promise<boolean> => {
    const state = store.getState();
    if (!state.enabled || state.busy !== null) return false;
    store.dispatch({ type: 'acting', id: request.id });
    const result = await api.invoke(channel, request as never);
    if (!result.ok) {
      store.dispatch({
        type: 'act-failed',
        id: request.id,
        code: result.error.code,
        message: result.error.message,
      });
      return false;
    }
    store.dispatch({ type: 'acted', alert: result.value as Alert });
    return true;
  };

  return {
    store,
    start() {
      const offTitle = store.subscribe(() => {
        if (!options.title) return;
        const next = titleWithCount(options.title.get(), openCount(store.getState()));
        if (next !== options.title.get()) options.title.set(next);
      });
      const offLead = followLead({
        api,
        session: options.session,
        onLead(next) {
          generation += 1;
          store.dispatch({ type: 'enabled', enabled: next !== null, self: next });
          if (next !== null) void refresh();
        },
        assignees: {
          channel: 'alerts:assignees',
          loaded: (leads) => store.dispatch({ type: 'leads', leads }),
        },
        kinds: RELOAD_KINDS,
        onEvent(e) {
          if (e.kind === 'alert.raised' && e.id && store.getState().enabled) {
            store.dispatch({ type: 'raised', id: e.id });
            announce();
          }
          void refresh();
        },
      });
      return () => {
        offLead();
        offTitle();
      };
    },
    refresh,
    acknowledge: (id) => act('alerts:acknowledge', { id }),
    assign: (id, to) => act('alerts:assign', { id, to }),
    resolve: (id, outcome, note) =>
      act('alerts:resolve', { id, outcome, ...(note.trim() ? { note: note.trim() } : {}) }),
    step: (id, step, policeCaseNumber) =>
      act('alerts:emergency-step', {
        id,
        step,
        ...(policeCaseNumber?.trim() ? { policeCaseNumber: policeCaseNumber.trim() } : {}),
      }),
    async openTimeline(callId) {
      store.dispatch({ type: 'timeline', callId, timeline: null, problem: null });
      const result = await api.invoke('alerts:timeline', { callId });
      if (store.getState().timeline?.callId !== callId) return;
      store.dispatch(
        result.ok
          ? { type: 'timeline', callId, timeline: result.value, problem: null }
          : { type: 'timeline', callId, timeline: null, problem: result.error.code },
      );
    },
    closeTimeline: () => store.dispatch({ type: 'timeline-closed' }),
    requestPermission: () => void alarm.requestPermission(),
    async searchLocks(query) {
      const typed = query.replace(/[\s-]/g, '');
      if (!typed) return;
      store.dispatch({ type: 'locks-searching' });
      const result = await api.invoke(
        'customers:lock-search',
        ID_SHAPE.test(typed) ? { nationalId: typed } : { mobile: typed },
      );
      store.dispatch(
        result.ok
          ? { type: 'locks-found', customers: result.value.customers, problem: null }
          : { type: 'locks-found', customers: null, problem: result.error.code },
      );
    },
    async unlock(customerId, kind, reason) {
      const result = await api.invoke('customers:unlock-password', { customerId, kind, reason });
      if (!result.ok) {
        store.dispatch({ type: 'locks-found', customers: null, problem: result.error.code });
        return false;
      }
      const customers = store
        .getState()
        .locks.customers?.map((c) =>
          c.customerId === customerId ? { ...c, locks: c.locks.filter((l) => l.kind !== kind) } : c,
        );
      store.dispatch({ type: 'locks-found', customers: customers ?? null, problem: null });
      void refresh();
      return true;
    },
  };
}
