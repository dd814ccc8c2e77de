// A lead's not-ready order for this desk (Art. 10, 26): on the records service's `desk.not-ready`
// push (and on every resync, for an order made while the stream was down) the desk reads its state
// there; a pending order (`setBy`) is journaled and passed to the screen, whose agent state follows
// and tells the agent who set it and why. A desk on a call is never changed.
import type { DeskEvent, DeskPresence } from '../../common/floor-api.js';
import type { AgentProfile } from '../../common/domain.js';
import { AppError } from '../../common/result.js';
import type { EventBus } from './event-bus.js';
import type { Journal } from './journal/index.js';
import type { Logger } from './logger.js';
import type { RecordsClient } from './records-client.js';

export interface NotReadyOrdersOptions {
  records: Pick<RecordsClient, 'deskState'>;
  journal: Pick<Journal, 'append'>;
  events: Pick<EventBus, 'emit'>;
  logger: Logger;
  session: () => { token: string; agent: AgentProfile } | null;
  /** Ringing or on a call now (presence.ts): an order then is not followed. */
  busy: () => boolean;
}

export interface NotReadyOrders {
  pushed(event: DeskEvent): void;
  /** The service's answer to a report or a read: follows a pending order once. */
  presence(presence: DeskPresence): Promise<void>;
  signedOut(): void;
}

export function createNotReadyOrders(options: NotReadyOrdersOptions): NotReadyOrders {
  const { records, journal, events, logger } = options;
  /** The orders already followed (by lead and time), so a heartbeat's answer repeats none. */
  const followed = new Set<string>();

  async function presence(p: DeskPresence): Promise<void> {
    const signedIn = options.session();
    if (!signedIn || p.username !== signedIn.agent.username) return;
    if (p.setBy === null || p.state !== 'not-ready' || p.reason === null) return;
    const key = `${p.setBy}|${p.since}`;
    if (followed.has(key)) return;
    followed.add(key);
    if (options.busy()) {
      logger.info({ by: p.setBy }, 'not-ready order arrived during a call; not followed');
      return;
    }
    const at = new Date(p.since).toISOString();
    // The banner names the lead (Art. 10: people by name); the journal keeps the username too.
    events.emit('desk:not-ready-ordered', { reason: p.reason, by: p.setByName ?? p.setBy, at });
    await journal.append('desk.not-ready-ordered', {
      agent: signedIn.agent.username,
      reason: p.reason,
      setBy: p.setBy,
      setByName: p.setByName,
      orderedAt: at,
    });
  }

  async function check(): Promise<void> {
    const signedIn = options.session();
    if (!signedIn) return;
    try {
      await presence(await records.deskState(signedIn.token));
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal';
      // not-found: this desk has not reported yet; unavailable: the next resync reads again.
      if (code !== 'not-found' && code !== 'unavailable')
        logger.warn({ code }, 'could not read the desk state for a not-ready order');
    }
  }

  return {
    pushed(event) {
      const me = options.session()?.agent.username;
      if ((event.kind === 'desk.not-ready' && event.username === me) || event.kind === 'resync')
        void check();
    },
    presence: (p) =>
      presence(p).catch((error: unknown) =>
        logger.warn({ err: (error as Error).message }, 'not-ready order not journaled'),
      ),
    signedOut() {
      followed.clear();
    },
  };
}
