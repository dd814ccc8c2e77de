// Watching a session that waits for a lead's decision (Art. 10): it is fetched when the records
// service pushes `approval.decided` for this agent, on every (re)connect of the push stream
// (`resync`) and once when the watch starts, so the decision reaches the agent's panel at once and
// is journaled on this desk. No timer. An outage does not end the wait (Art. 12: the lead may
// decide meanwhile; the reconnect's resync catches up); any other refusal, sign-out, wrap-up does.
import type { DeskEvent } from '../../../common/floor-api.js';
import type { Verification } from '../../../common/records-api.js';
import type { EventBus } from '../event-bus.js';
import type { Journal } from '../journal/index.js';
import type { Logger } from '../logger.js';
import { createRefresher, type Refresher } from '../records-events/refresher.js';
import type { RecordsClient } from '../records-client.js';
import { errorCode, type SignedIn } from './context.js';
import type { SessionMemory } from './memory.js';

export interface SessionWatchOptions {
  records: RecordsClient;
  journal: Pick<Journal, 'append'>;
  logger: Logger;
  events: Pick<EventBus, 'emit'>;
  memory: SessionMemory;
  session: () => SignedIn | null;
}

export interface SessionWatch {
  /** Starts watching a session (fetched now; again on each push about it). */
  watch(sessionId: string): void;
  /** A push from the records service (records-events). */
  pushed(event: DeskEvent): void;
  stop(sessionId: string): void;
  /** A sign-in: watches started before it stop. */
  invalidate(): void;
  /** A sign-out: every watch stops now. */
  stopAll(): void;
}

/** A change the panel must see: status, steps, approval, fraud — not only the timestamp. */
const fingerprint = (v: Verification) =>
  JSON.stringify([
    v.status,
    v.steps,
    v.nextStep,
    v.approval,
    v.fraud,
    v.alternatives,
    v.basic,
    v.updatedAt,
  ]);

export function createSessionWatch(options: SessionWatchOptions): SessionWatch {
  const { records, journal, logger, events, memory } = options;
  const watches = new Map<string, Refresher>();

  /** A fetched view that differs from the last: pushed to the panel, a decision journaled. */
  async function changed(sessionId: string, view: Verification, current: SignedIn): Promise<void> {
    const before = memory.get(sessionId)?.last;
    if (before && fingerprint(before) === fingerprint(view)) return;
    const decidedNow = before?.approval.state === 'pending' && view.approval.state !== 'pending';
    memory.remember(view, decidedNow ? `approval:${view.approval.state}` : undefined);
    events.emit('verify:changed', view);
    if (decidedNow) {
      await journal.append('verify.approval-decided', {
        agent: current.agent.username,
        callId: view.callId,
        sessionId,
        decision: view.approval.state,
        decidedBy: view.approval.decidedBy,
        reason: view.approval.reason,
        status: view.status,
        ...(view.training === true ? { training: true } : {}),
      });
    }
    await memory.noteSuspension(view, current.agent.username);
  }

  function watch(sessionId: string): void {
    if (watches.has(sessionId)) return;
    const refresher: Refresher = createRefresher(async () => {
      const signedIn = options.session();
      const current = () => watches.get(sessionId) === refresher;
      if (!signedIn || !current()) return;
      try {
        const view = await records.getVerification(signedIn.token, sessionId);
        if (!current() || options.session() !== signedIn) return;
        await changed(sessionId, view, signedIn);
        if (view.status !== 'awaiting-approval' && view.approval.state !== 'pending')
          watches.delete(sessionId);
      } catch (error) {
        const code = errorCode(error);
        // An outage (Art. 12) does not end the wait: the lead may decide meanwhile.
        if (code !== 'unavailable') {
          logger.warn({ sessionId, code }, 'stopped watching a session waiting for approval');
          if (current()) watches.delete(sessionId);
        }
      }
    });
    watches.set(sessionId, refresher);
    void refresher.trigger();
  }

  return {
    watch,
    pushed(event) {
      const me = options.session()?.agent.username;
      const mine = event.kind === 'approval.decided' && event.username === me;
      if (!mine && event.kind !== 'resync') return;
      for (const refresher of watches.values()) void refresher.trigger();
    },
    stop(sessionId) {
      watches.delete(sessionId);
    },
    invalidate() {
      watches.clear();
    },
    stopAll() {
      watches.clear();
    },
  };
}
