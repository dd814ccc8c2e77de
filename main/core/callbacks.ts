// The team's call-back queue on a lead's desk (Art. 12 outage procedure, Art. 10 tiers): agents
// record call-backs while the records service is down (app-core `outage:callback`); once synced
// they are the records service's queue, which a lead lists and closes here. While a lead is signed
// in, main re-counts the open call-backs on the records service's call-back pushes and on every
// (re)connect of the push stream, and tells the panel `callbacks:changed` when the count moves.
import { parseCallbackReason } from '../../common/callback-reason.js';
import type { CallbackQueueItem } from '../../common/connectivity.js';
import type { ParsedRequestOf } from '../../common/contract.js';
import type { AgentProfile } from '../../common/domain.js';
import type { DeskEvent } from '../../common/floor-api.js';
import { mayApprove } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import type { EventBus } from './event-bus.js';
import type { Journal } from './journal/index.js';
import type { Logger } from './logger.js';
import { createRefresher, type Refresher } from './records-events/refresher.js';
import type { RecordsCallback, RecordsClient } from './records-client.js';

export interface CallbackQueueOptions {
  records: Pick<RecordsClient, 'listCallbacks' | 'closeCallback'>;
  journal: Pick<Journal, 'append'>;
  logger: Logger;
  events: Pick<EventBus, 'emit'>;
  session: () => { token: string; agent: AgentProfile } | null;
}

export interface CallbackQueueService {
  handlers: {
    'callbacks:list': () => Promise<{ callbacks: CallbackQueueItem[]; total: number }>;
    'callbacks:close': (request: ParsedRequestOf<'callbacks:close'>) => Promise<CallbackQueueItem>;
  };
  signedIn(agent: AgentProfile): void;
  signedOut(): void;
  /** A push from the records service (records-events): call-back changes and resync re-count. */
  pushed(event: DeskEvent): void;
}

const WATCHED: readonly DeskEvent['kind'][] = ['callback.opened', 'callback.updated', 'resync'];

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * The records service's row as the desk shows it: what the customer wanted and when, read from the
 * reason.
 */
export function queueItem(c: RecordsCallback): CallbackQueueItem {
  const parsed = parseCallbackReason(c.reason);
  return {
    id: c.id,
    kind: c.kind,
    callId: c.callId,
    customerRef: c.customerRef,
    customerId: c.customerId,
    reason: c.reason,
    businessType: parsed?.businessType ?? null,
    window: parsed?.window ?? null,
    notes: c.notes,
    requestedAt: iso(c.requestedAt)!,
    requestedBy: c.requestedBy,
    requestedByName: c.requestedByName,
    status: c.status,
    closedAt: iso(c.closedAt),
    closedBy: c.closedBy,
    closedByName: c.closedByName,
  };
}

export function createCallbackQueueService(options: CallbackQueueOptions): CallbackQueueService {
  const { records, journal, logger, events } = options;
  let watch: { open: number | null; refresher: Refresher } | null = null;

  const signedInOrThrow = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current;
  };

  const publish = (open: number) => {
    if (!watch || watch.open === open) return;
    watch.open = open;
    events.emit('callbacks:changed', { open });
  };

  function startWatch(): void {
    const mine = {
      open: null as number | null,
      refresher: createRefresher(async () => {
        const current = options.session();
        if (!current || watch !== mine) return;
        try {
          // Only the count: one row, not the page the lead's list reads.
          const { total } = await records.listCallbacks(current.token, 1);
          if (watch === mine) publish(total);
        } catch (error) {
          const code = error instanceof AppError ? error.code : 'internal';
          // An outage is waited out (the reconnect's resync re-counts); anything else (forbidden,
          // expired token) stops the watch.
          if (code === 'unavailable') return;
          logger.warn({ code }, 'stopped watching the call-back queue');
          if (watch === mine) watch = null;
        }
      }),
    };
    watch = mine;
    void mine.refresher.trigger();
  }

  return {
    handlers: {
      'callbacks:list': async () => {
        const { token } = signedInOrThrow();
        const { callbacks, total } = await records.listCallbacks(token);
        publish(total);
        return { callbacks: callbacks.map(queueItem), total };
      },
      'callbacks:close': async ({ id, outcome, note }) => {
        const { token, agent } = signedInOrThrow();
        const closed = await records.closeCallback(
          token,
          id,
          outcome,
          note === '' ? undefined : note,
        );
        await journal.append(
          'callback.closed',
          { agent: agent.username, callbackId: id, outcome, note: note ? note : null },
          { agent: agent.username, ...(closed.callId ? { callId: closed.callId } : {}) },
        );
        // The count moves at once on this screen, before the push of it arrives.
        if (watch) await watch.refresher.trigger();
        return queueItem(closed);
      },
    },
    signedIn(agent) {
      watch = null;
      if (mayApprove(agent.tier)) startWatch();
    },
    signedOut() {
      watch = null;
    },
    pushed(event) {
      if (watch && WATCHED.includes(event.kind)) void watch.refresher.trigger();
    },
  };
}
