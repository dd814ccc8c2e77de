// A lead's inbox (Art. 10): on a desk whose agent may approve, the pending approvals are fetched
// every poll and the panel is told when the set changes. An outage keeps the watch going (Art. 12);
// any other refusal, and sign-in or sign-out, ends it.
import type { EventBus } from '../event-bus.js';
import type { Logger } from '../logger.js';
import type { RecordsClient } from '../records-client.js';
import { errorCode, type SignedIn } from './context.js';

export interface ApprovalsWatchOptions {
  records: RecordsClient;
  logger: Logger;
  events: Pick<EventBus, 'emit'>;
  session: () => SignedIn | null;
  pollMs: number;
}

export interface ApprovalsWatch {
  /** Starts watching (once; a second start while watching changes nothing). */
  start(): void;
  /** After a decision on this desk: the inbox shows it at once rather than at the next poll. */
  refreshNow(token: string): Promise<void>;
  /** A sign-in: a watch started before it stops at its next poll. */
  invalidate(): void;
  /** A sign-out: the watch stops now. */
  stopAll(): void;
}

interface Watch {
  timer: NodeJS.Timeout | null;
  lastIds: string | null;
}

export function createApprovalsWatch(options: ApprovalsWatchOptions): ApprovalsWatch {
  const { records, logger, events } = options;
  let active: Watch | null = null;
  /** Bumped on every sign-in and sign-out: a poll that started before one never acts after it. */
  let generation = 0;

  async function refresh(token: string, watch: Watch): Promise<void> {
    const { approvals } = await records.listApprovals(token, 'pending');
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
    const watch: Watch = { timer: null, lastIds: null };
    active = watch;
    const myGeneration = generation;
    const current = () => generation === myGeneration && active === watch;
    const stop = () => {
      if (watch.timer) clearTimeout(watch.timer);
      if (active === watch) active = null;
    };
    const tick = async () => {
      watch.timer = null;
      const signedIn = options.session();
      if (!signedIn || !current()) return stop();
      try {
        await refresh(signedIn.token, watch);
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'unavailable') {
          logger.warn({ code }, 'stopped watching the pending approvals');
          return stop();
        }
      }
      if (!current()) return;
      watch.timer = setTimeout(() => void tick(), options.pollMs);
      watch.timer.unref?.();
    };
    void tick();
  }

  return {
    start,
    async refreshNow(token) {
      if (active) await refresh(token, active).catch(() => undefined);
    },
    invalidate() {
      generation += 1;
    },
    stopAll() {
      generation += 1;
      if (active?.timer) clearTimeout(active.timer);
      active = null;
    },
  };
}
