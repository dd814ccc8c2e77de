// A lead's inbox (Art. 10): on a desk whose agent may approve, the pending approvals are fetched
// when the records service pushes an approval change, and on every (re)connect of the push stream
// (`resync`); the panel is told when the set changes. No timer: polling is gone. An outage is
// waited out (the reconnect's resync catches up, Art. 12); any other refusal ends the watch.
import type { DeskEvent } from '../../../common/floor-api.js';
import type { EventBus } from '../event-bus.js';
import type { Logger } from '../logger.js';
import { createRefresher, type Refresher } from '../records-events/refresher.js';
import type { RecordsClient } from '../records-client.js';
import { errorCode, type SignedIn } from './context.js';

export interface ApprovalsWatchOptions {
  records: RecordsClient;
  logger: Logger;
  events: Pick<EventBus, 'emit'>;
  session: () => SignedIn | null;
}

export interface ApprovalsWatch {
  /** Starts watching (once; a second start while watching changes nothing) and fetches now. */
  start(): void;
  /** A push from the records service (records-events): approvals and resync re-fetch. */
  pushed(event: DeskEvent): void;
  /** After a decision on this desk: the inbox shows it at once. */
  refreshNow(): Promise<void>;
  /** A sign-in: a watch started before it stops. */
  invalidate(): void;
  /** A sign-out: the watch stops now. */
  stopAll(): void;
}

const WATCHED: readonly DeskEvent['kind'][] = ['approval.requested', 'approval.decided', 'resync'];

interface Watch {
  lastIds: string | null;
  refresher: Refresher;
}

export function createApprovalsWatch(options: ApprovalsWatchOptions): ApprovalsWatch {
  const { records, logger, events } = options;
  let active: Watch | null = null;

  async function refresh(token: string, watch: Watch): Promise<void> {
    const { approvals } = await records.listApprovals(token, 'pending');
    // A sign-out or a new sign-in meanwhile: this answer is someone else's inbox.
    if (active !== watch) return;
    const ids = approvals
      .map((a) => a.id)
      .sort()
      .join(',');
    if (ids !== watch.lastIds) {
      watch.lastIds = ids;
      events.emit('approvals:changed', { pending: approvals.length });
    }
  }

  function start(): void {
    if (active) return;
    const watch: Watch = {
      lastIds: null,
      refresher: createRefresher(async () => {
        const signedIn = options.session();
        if (!signedIn || active !== watch) return;
        try {
          await refresh(signedIn.token, watch);
        } catch (error) {
          const code = errorCode(error);
          if (code === 'unavailable') return;
          logger.warn({ code }, 'stopped watching the pending approvals');
          if (active === watch) active = null;
        }
      }),
    };
    active = watch;
    void watch.refresher.trigger();
  }

  return {
    start,
    pushed(event) {
      if (active && WATCHED.includes(event.kind)) void active.refresher.trigger();
    },
    async refreshNow() {
      // Through the refresher: never two fetches whose answers could land out of order.
      if (active) await active.refresher.trigger();
    },
    invalidate() {
      active = null;
    },
    stopAll() {
      active = null;
    },
  };
}
