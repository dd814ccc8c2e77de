// The desk's part of the queue figures (Art. 26): every inbound call it sees becomes queue events
// for the records service — `arrived` at the INVITE, `answered`, `abandoned` (the caller's CANCEL
// before an answer), `missed` (declined or turned away) — sent in batches of ≤ 100, retried with
// backoff through an outage; the service keys them by call id, so a repeat is harmless.
import { RECONNECT_BACKOFF, fullJitterDelay } from '../../common/backoff.js';
import type { QueueEvent } from '../../common/floor-api.js';
import type { PhoneEvent } from '../../common/phone.js';
import { AppError } from '../../common/result.js';
import type { Logger } from './logger.js';
import type { QueueEventInput, RecordsClient } from './records-client.js';
import { createRefresher } from './records-events/refresher.js';
import type { Timers } from './records-events/stream.js';

export interface QueueReporterOptions {
  records: Pick<RecordsClient, 'reportQueueEvents'>;
  logger: Logger;
  session: () => { token: string } | null;
  now: () => Date;
  timers?: Timers;
  random?: () => number;
}

export interface QueueReporter {
  phoneEvent(event: PhoneEvent): void;
  /** Sends what waits (after a sign-in, or when the records service is back). */
  flush(): Promise<void>;
  /** Events not yet accepted by the records service. */
  pending(): number;
}

const BATCH = 100;
/** Kept at most; beyond, the oldest go (the service refuses events older than a day anyway). */
const MAX_PENDING = 5_000;

/**
 * The queue events one phone report means. An inbound call that ends unanswered after ringing here
 * is `abandoned`: the desk has no ring timeout, so only a CANCEL ends it (a PBX that moves a
 * ringing call to another desk also sends one: an ACD adapter reports those queues better).
 */
export function queueEventsOf(
  event: PhoneEvent,
  ringing: ReadonlySet<string>,
  at: string,
): Pick<QueueEvent, 'callId' | 'kind' | 'at'>[] {
  // A training-line call is practice with a simulated customer: never queue traffic (Art. 9).
  if ('training' in event && event.training) return [];
  switch (event.type) {
    case 'call-started':
      return event.direction === 'inbound' ? [{ callId: event.callId, kind: 'arrived', at }] : [];
    case 'call-answered':
      return ringing.has(event.callId) ? [{ callId: event.callId, kind: 'answered', at }] : [];
    case 'call-ended': {
      const { record } = event;
      if (record.direction !== 'inbound' || record.outcome === 'answered') return [];
      if (ringing.has(record.id)) {
        const kind = record.outcome === 'missed' ? 'abandoned' : 'missed';
        return [{ callId: record.id, kind, at }];
      }
      // Turned away at once (busy or not ready, 486): it arrived and was missed here.
      if (record.outcome === 'missed' || record.outcome === 'declined-not-ready')
        return [
          { callId: record.id, kind: 'arrived', at: record.startedAt },
          { callId: record.id, kind: 'missed', at },
        ];
      return [];
    }
    default:
      return [];
  }
}

export function createQueueReporter(options: QueueReporterOptions): QueueReporter {
  const { records, logger } = options;
  const timers = options.timers ?? {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms).unref(),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
  const random = options.random ?? Math.random;
  const queue: QueueEventInput[] = [];
  /** Inbound calls seen ringing here and not yet answered or ended. */
  const ringing = new Set<string>();
  let attempt = 0;
  let retry: unknown = null;

  const sender = createRefresher(async () => {
    while (queue.length > 0) {
      const signedIn = options.session();
      if (!signedIn) return;
      const batch = queue.slice(0, BATCH);
      try {
        await records.reportQueueEvents(signedIn.token, batch);
        attempt = 0;
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'internal';
        if (code === 'unavailable' || code === 'unauthorized') {
          if (retry === null) {
            const delay = fullJitterDelay(attempt, RECONNECT_BACKOFF, random);
            attempt += 1;
            retry = timers.setTimeout(() => {
              retry = null;
              void sender.trigger();
            }, delay);
          }
          return;
        }
        // Refused for good (e.g. older than the service accepts): retrying cannot help.
        logger.warn({ code, events: batch.length }, 'queue events refused; dropped');
      }
      queue.splice(0, batch.length);
    }
  });

  return {
    phoneEvent(event) {
      if ('training' in event && event.training) return;
      const events = queueEventsOf(event, ringing, options.now().toISOString());
      if (event.type === 'call-started' && event.direction === 'inbound') ringing.add(event.callId);
      if (event.type === 'call-answered') ringing.delete(event.callId);
      if (event.type === 'call-ended') ringing.delete(event.record.id);
      if (events.length === 0) return;
      queue.push(...events);
      if (queue.length > MAX_PENDING) {
        const dropped = queue.splice(0, queue.length - MAX_PENDING).length;
        logger.warn({ dropped }, 'queue events backlog full; the oldest dropped');
      }
      void sender.trigger();
    },
    flush: () => sender.trigger(),
    pending: () => queue.length,
  };
}
