// The desk's side of the lead console, composed apart from app-core.ts so the core stays one
// readable pass: the records service's push stream, the desk's presence and queue events on the
// live floor, a lead's not-ready order followed, and the lead console's own channels (floor,
// alerts, complaints). It only wires the services beside it; app-core.ts calls it at sign-in/out.
import type { DeskEvent } from '../../common/floor-api.js';
import type { PhoneEvent } from '../../common/phone.js';
import { alertHandlers } from './alerts.js';
import type { AppCoreOptions } from './app-core.js';
import type { AgentSession } from './auth.js';
import { leadComplaintsHandlers } from './complaints.js';
import { devicesHandlers } from './devices.js';
import { leadReportsHandlers } from './reports.js';
import { onRecordsUp, type ConnectivityMonitor } from './connectivity.js';
import type { EventBus } from './event-bus.js';
import { floorHandlers } from './floor.js';
import type { Journal } from './journal/index.js';
import type { Logger } from './logger.js';
import { createNotReadyOrders } from './not-ready-order.js';
import { createPresenceReporter } from './presence.js';
import { createQueueReporter } from './queue-reporter.js';
import type { RecordsClient } from './records-client.js';
import { createRecordsEvents } from './records-events/stream.js';
import { leadReviewsHandlers } from './reviews.js';
import type { VerificationService } from './verification/service.js';

export interface LeadWiringOptions {
  /** The observed client: every call reports whether it got an answer (connectivity.ts). */
  records: RecordsClient;
  /** The core's options: the raw client (the stream's URL, the alerts), fetch and test knobs. */
  core: Pick<AppCoreOptions, 'records' | 'fetch' | 'recordsEvents' | 'presence' | 'printPdf'>;
  journal: Journal;
  events: EventBus;
  logger: Logger;
  session: () => AgentSession | null;
  connectivity: ConnectivityMonitor;
  now: () => Date;
  verification: Pick<VerificationService, 'pushed' | 'callView'>;
  /** Services that re-fetch on a push, after the verification (e.g. the call-back queue). */
  watchers: { pushed(event: DeskEvent): void }[];
}

/** The lead console's channels: floor, alerts, complaints, review, reports, devices. */
export type LeadHandlers = ReturnType<typeof floorHandlers> &
  ReturnType<typeof alertHandlers> &
  ReturnType<typeof leadComplaintsHandlers> &
  ReturnType<typeof leadReviewsHandlers> &
  ReturnType<typeof leadReportsHandlers> &
  ReturnType<typeof devicesHandlers>;

export interface LeadWiring {
  /** A token at last: the push stream, presence and the queue events that waited. */
  signedIn(token: string): void;
  /** Before the token is revoked: the last presence report. */
  signingOut(token: string): Promise<void>;
  signedOut(): void;
  /** Something presence carries may have moved (the verification): re-check. */
  changed(): void;
  phoneEvent(event: PhoneEvent): void;
  handlers: LeadHandlers;
  stop(): void;
}

export function createLeadWiring(options: LeadWiringOptions): LeadWiring {
  const { records, journal, events, logger, session, connectivity, now, core } = options;

  // The records service's push stream while someone is signed in: forwarded to the renderer as
  // `records:event` and handed to the watches that re-fetch on it (every reconnect is a resync).
  const pushes = createRecordsEvents({
    baseUrl: core.records.baseUrl,
    logger,
    ...(core.fetch ? { fetch: core.fetch } : {}),
    ...core.recordsEvents,
  });
  // Back from an outage, the stream does not wait out its backoff: pushes resume within a second.
  onRecordsUp(connectivity, () => pushes.retrySoon());
  pushes.subscribe((event) => {
    events.emit('records:event', event);
    options.verification.pushed(event);
    for (const watcher of options.watchers) watcher.pushed(event);
    notReadyOrders.pushed(event);
  });

  // The desk on the live floor: its state at every change and as a heartbeat, the queue events of
  // its calls, and a lead's not-ready order followed (presence.ts, queue-reporter.ts).
  const presence = createPresenceReporter({
    records,
    deviceId: journal.deviceId,
    logger,
    session,
    connectivity: () => connectivity.state(),
    callView: (callId) => options.verification.callView(callId),
    now,
    onPresence: (p) => void notReadyOrders.presence(p),
    ...core.presence,
  });
  connectivity.subscribe(() => presence.changed());
  const queueEvents = createQueueReporter({ records, logger, session, now, ...core.presence });
  const notReadyOrders = createNotReadyOrders({
    records,
    journal,
    events,
    logger,
    session,
    busy: () => ['ringing', 'on-call'].includes(presence.current()?.state ?? ''),
  });

  return {
    signedIn(token) {
      pushes.start(token);
      presence.signedIn();
      void queueEvents.flush();
    },
    signingOut: (token) => presence.signingOut(token),
    signedOut() {
      pushes.stop();
      notReadyOrders.signedOut();
    },
    changed: () => presence.changed(),
    phoneEvent(event) {
      presence.phoneEvent(event);
      queueEvents.phoneEvent(event);
    },
    handlers: {
      ...floorHandlers({ records, journal, session }),
      ...alertHandlers({ records: () => records.alerts, logger, session }),
      ...leadComplaintsHandlers({ records, session }),
      ...leadReviewsHandlers({ records, session }),
      ...leadReportsHandlers({
        records,
        session,
        ...(core.printPdf ? { printPdf: core.printPdf } : {}),
      }),
      ...devicesHandlers({ records, session }),
    },
    stop: () => pushes.stop(),
  };
}
