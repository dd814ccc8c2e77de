// Watching a session that waits for a lead's decision (Art. 10): it is fetched every poll until it
// no longer waits, so the decision reaches the agent's panel within a second and is journaled on
// this desk. An outage does not end the wait (Art. 12: the lead may decide meanwhile); any other
// refusal, sign-in or sign-out, the wrap-up or the watch cap does.
import type { Verification } from '../../../common/records-api.js';
import type { EventBus } from '../event-bus.js';
import type { Journal } from '../journal/index.js';
import type { Logger } from '../logger.js';
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
  pollMs: number;
  /** A session is watched at most this long; `verify:get` starts watching it again. */
  capMs: number;
}

export interface SessionWatch {
  /** Starts watching, or extends the watch of, a session. */
  watch(sessionId: string): void;
  stop(sessionId: string): void;
  /** A sign-in: watches started before it stop at their next poll. */
  invalidate(): void;
  /** A sign-out: every watch stops now. */
  stopAll(): void;
}

interface Watch {
  timer: NodeJS.Timeout | null;
  until: number;
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
  const watches = new Map<string, Watch>();
  /** Bumped on every sign-in and sign-out: a poll that started before one never acts after it. */
  let generation = 0;

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
      });
    }
    await memory.noteSuspension(view, current.agent.username);
  }

  function watch(sessionId: string): void {
    const existing = watches.get(sessionId);
    const until = Date.now() + options.capMs;
    if (existing) {
      existing.until = until;
      return;
    }
    const entry: Watch = { timer: null, until };
    watches.set(sessionId, entry);
    const myGeneration = generation;
    const current = () => generation === myGeneration && watches.get(sessionId) === entry;
    const stop = () => {
      if (entry.timer) clearTimeout(entry.timer);
      if (watches.get(sessionId) === entry) watches.delete(sessionId);
    };
    const next = () => {
      entry.timer = setTimeout(() => void tick(), options.pollMs);
      entry.timer.unref?.();
    };
    const tick = async () => {
      entry.timer = null;
      const signedIn = options.session();
      if (!signedIn || !current()) return stop();
      if (Date.now() > entry.until) {
        logger.info(
          { sessionId },
          'stopped watching a session that still waits for an approval (cap reached); verify:get resumes',
        );
        return stop();
      }
      try {
        const view = await records.getVerification(signedIn.token, sessionId);
        if (!current()) return;
        await changed(sessionId, view, signedIn);
        if (view.status !== 'awaiting-approval' && view.approval.state !== 'pending') return stop();
      } catch (error) {
        const code = errorCode(error);
        // An outage (Art. 12) does not end the wait: the lead may decide meanwhile.
        if (code !== 'unavailable') {
          logger.warn({ sessionId, code }, 'stopped watching a session waiting for approval');
          return stop();
        }
      }
      next();
    };
    next();
  }

  return {
    watch,
    stop(sessionId) {
      const entry = watches.get(sessionId);
      if (entry?.timer) clearTimeout(entry.timer);
      watches.delete(sessionId);
    },
    invalidate() {
      generation += 1;
    },
    stopAll() {
      generation += 1;
      for (const entry of watches.values()) if (entry.timer) clearTimeout(entry.timer);
      watches.clear();
    },
  };
}
