// The application core: everything both hosts share, wired from parameters (style.md §4). The
// Electron shell (main/shell/) and the web host (main/web-host/) each build one and bind its
// dispatcher and event bus to their transport; nothing here knows which host it is in beyond the
// `host` label it reports. It only composes the services beside it.
import type { AppInfo, Notice } from '../../common/contract.js';
import type { AgentProfile } from '../../common/domain.js';
import type { SipAccount } from '../../common/phone.js';
import { createAuth } from './auth.js';
import { createDispatcher, type Dispatcher, type Handlers } from './dispatcher.js';
import { createEventBus, type EventBus } from './event-bus.js';
import type { CallHistoryStore } from './call-history.js';
import { createCallbackQueueService } from './callbacks.js';
import {
  createConnectivityMonitor,
  observeRecords,
  onRecordsUp,
  type ConnectivityMonitor,
  type ConnectivityTiming,
} from './connectivity.js';
import {
  createJournalSync,
  createJournalUploader,
  type Journal,
  type JournalSync,
  type JournalSyncOptions,
  type SendBatch,
} from './journal/index.js';
import type { Logger } from './logger.js';
import { createLeadWiring, type LeadWiring } from './lead-wiring.js';
import { outageHandlers } from './outage.js';
import { createPhoneService, type PhoneService } from './phone.js';
import type { RecordsClient } from './records-client.js';
import type { Settings } from './settings.js';
import { createVerificationService } from './verification/service.js';
import { createSurveyService } from './survey.js';
import type { RecordsEventsOptions } from './records-events/stream.js';
import type { PresenceOptions } from './presence.js';
import type { PrintPdf } from './reports.js';
import type { UpdateWatch } from './update-watch.js';
import type { DiagnosticsFile } from './diagnostics/archive.js';
import { createDeskUpdates, type DeskUpdateOptions } from './desk-updates.js';
import {
  createTrainingMarks,
  createTrainingService,
  isTrainingEvent,
  markingJournal,
  type TrainingMarks,
  type TrainingService,
} from './training.js';

export interface AppCoreOptions {
  host: AppInfo['host'];
  version: string;
  records: RecordsClient;
  embeddedRecords: boolean;
  settings: Settings;
  /** The durable journal (main/core/journal/); the core syncs it to the records service. */
  journal: Journal;
  logger: Logger;
  /** Recent calls per agent (call-history.json under the data dir). */
  callHistory: CallHistoryStore;
  /** A SIP account from the web host's flags; the managed policy still wins. */
  sipAccount?: SipAccount;
  /** Extra notices from the host (e.g. an unknown key in the managed policy). */
  notices?: Notice[];
  /** How often the records service's health is probed (tests shorten it); see connectivity.ts. */
  connectivityTiming?: Partial<ConnectivityTiming>;
  /** Sync engine knobs (tests: timers, backoff); see journal/sync.ts. */
  sync?: Omit<JournalSyncOptions, 'journal' | 'send' | 'logger' | 'now'>;
  /** Sends a journal batch; default `POST /api/v1/journal/batches` with the agent's token. */
  sendBatch?: SendBatch;
  fetch?: typeof fetch;
  now?: () => Date;
  /** The push stream's knobs (tests: timers, backoff); see records-events/stream.ts. */
  recordsEvents?: Pick<RecordsEventsOptions, 'backoff' | 'idleMs' | 'random' | 'timers'>;
  /** The presence heartbeat and the queue events' retry (tests: a fake clock). */
  presence?: Pick<PresenceOptions, 'heartbeatMs' | 'timers'>;
  /** Electron: prints the asking window to PDF and saves it (the reports room's export). */
  printPdf?: PrintPdf;
  /** Self-update and diagnostics: the policy's feed, the shell's updater, the log folders. */
  deskUpdates?: DeskUpdateOptions;
}

/** What the shells use of the phone: click-to-dial, resume, the CSP, tray and power blocker. */
export type PhoneShell = Pick<
  PhoneService,
  'dial' | 'resume' | 'connectSources' | 'shellState' | 'onShellState'
>;

export interface AppCore {
  dispatcher: Dispatcher;
  events: EventBus;
  /** The signed-in agent, for the shell's tray and title; null when signed out. */
  currentAgent(): AgentProfile | null;
  phone: PhoneShell;
  /** Journal sync and connectivity, for the shells (e.g. the OS resumed) and tests. */
  sync: JournalSync;
  connectivity: ConnectivityMonitor;
  /** IT's diagnostics archive (the shell's menu saves it; the web host's page downloads it). */
  diagnostics(): Promise<DiagnosticsFile>;
  /** Signs out on the way down so the token is revoked (best effort) and the journal says so. */
  shutdown(): Promise<void>;
  /**
   * The page's process died (crash, OOM, killed): its phone went with it, so no call is up and
   * no `call-ended` will come. Without this the update gate would stay shut until sign-out.
   */
  rendererGone(): void;
}

/** How long quitting waits for the journal backlog to drain. */
const SHUTDOWN_DRAIN_MS = 2_000;

export function createAppCore(options: AppCoreOptions): AppCore {
  const { settings, logger } = options;
  // Every entry about a training call is marked `training: true` (Art. 9, 11): one journal for all.
  const trainingMarks = createTrainingMarks();
  const now = options.now ?? (() => new Date());
  const events = createEventBus();

  const { sync, connectivity, records } = createLinks(options, now, events, () => auth.current());
  // Updates install only between calls, with the journal safe on disk (desk-updates.ts).
  const updates = createDeskUpdates({ core: options, sync, connectivity, events, now });
  const journal = markingJournal(updates.watch.track(options.journal), trainingMarks);

  const auth = createAuth({
    records,
    journal,
    events,
    logger,
    onSignedIn(agent) {
      verification.signedIn(agent);
      callbackQueue.signedIn(agent);
      lead.signedIn(auth.current()!.token);
      void survey.flush();
      // A token at last: whatever waited in the journal goes now.
      sync.kick();
    },
    beforeRevoke: (token) => lead.signingOut(token),
    onSignedOut() {
      lead.signedOut();
      phone.signedOut();
      verification.signedOut();
      callbackQueue.signedOut();
      training.signedOut();
      updates.watch.reset();
      connectivity.reportSip(null);
    },
  });
  const session = () => auth.current();
  const currentAgent = () => auth.current()?.agent ?? null;
  const phone = createPhoneService({
    settings,
    flagAccount: options.sipAccount,
    journal,
    history: options.callHistory,
    events,
    logger,
    currentAgent,
  });
  const verification = createVerificationService({
    records,
    journal,
    logger,
    events,
    settings,
    session,
    onSessionChanged: () => lead.changed(),
  });
  const callbackQueue = createCallbackQueueService({ records, journal, logger, events, session });
  // Art. 22: the keypad survey's answers, journaled and retried through an outage (survey.ts).
  const survey = createSurveyService({ records, journal, logger, session, ...options.presence });

  // Art. 9: the training line's channels and the policy's course before the live line.
  const training = createTrainingService({
    records,
    journal,
    logger,
    session,
    requiredCourse: () => settings.get('requireTrainingCourse') ?? null,
    onStanding: () => events.emit('phone:config-changed', {}),
    // A standing an outage left unknown is asked again once the records service answers.
    onRecordsUp: (listener) => onRecordsUp(connectivity, listener),
  });

  // The push stream, the desk on the live floor and the lead console's channels (lead-wiring.ts).
  const lead = createLeadWiring({
    records,
    core: options,
    journal,
    events,
    logger,
    session,
    connectivity,
    now,
    verification,
    watchers: [callbackQueue],
  });

  const handlers: Handlers = {
    'app:info': () => ({
      version: options.version,
      host: options.host,
      recordsUrl: records.baseUrl,
      embeddedRecords: options.embeddedRecords,
      notices: [...settings.notices, ...options.callHistory.notices, ...(options.notices ?? [])],
    }),
    ...auth.handlers,
    'settings:get': () => settings.view(),
    'settings:set': (patch) => {
      const view = settings.setUserSettings(patch);
      events.emit('settings:changed', view);
      return view;
    },
    ...phoneHandlers({
      phone,
      training,
      trainingMarks,
      connectivity,
      lead,
      updates: updates.watch,
    }),
    ...verification.handlers,
    ...callbackQueue.handlers,
    'connectivity:get': () => connectivity.state(),
    'connectivity:os': ({ online }) => {
      connectivity.reportOs(online);
      return connectivity.state();
    },
    ...outageHandlers({ journal, logger, session }),
    ...lead.handlers,
    ...survey.handlers,
    ...training.handlers,
    ...updates.handlers(training.handlers['training:result']),
  };

  return {
    dispatcher: createDispatcher(handlers, logger),
    events,
    currentAgent,
    phone,
    sync,
    connectivity,
    diagnostics: () => updates.diagnostics(),
    rendererGone: () => updates.watch.reset(),
    async shutdown() {
      // A last chance for the backlog while the token is good (bounded: never hold up quitting).
      if (auth.current() && sync.backlog() > 0 && connectivity.state().records === 'up') {
        await Promise.race([
          sync.drained(),
          new Promise((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS).unref()),
        ]);
      }
      await auth.signOut('shutdown');
      lead.stop();
      training.stop();
      updates.stop();
      connectivity.stop();
      await sync.stop();
    },
  };
}

/**
 * The journal syncs with the signed-in agent's token (it waits, keeping everything, while nobody
 * is signed in); connectivity follows the records service, the SIP registration and the OS, and
 * every records call reports whether it got an answer.
 */
function createLinks(
  options: AppCoreOptions,
  now: () => Date,
  events: EventBus,
  session: () => { token: string } | null,
): { sync: JournalSync; connectivity: ConnectivityMonitor; records: RecordsClient } {
  const { journal, logger } = options;
  const sync = createJournalSync({
    journal,
    send:
      options.sendBatch ??
      createJournalUploader({
        baseUrl: options.records.baseUrl,
        token: () => session()?.token ?? null,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(journal.device ? { device: journal.device } : {}),
      }),
    logger,
    now,
    ...options.sync,
  });
  const connectivity = createConnectivityMonitor({
    probe: () => options.records.health(),
    sync,
    logger,
    now,
    ...(options.connectivityTiming ? { timing: options.connectivityTiming } : {}),
  });
  const records = observeRecords(options.records, (reachable) =>
    connectivity.reportRecords(reachable),
  );
  connectivity.subscribe((view) => events.emit('connectivity:changed', view));
  sync.start();
  connectivity.start();
  return { sync, connectivity, records };
}

/** The phone's channels: its configuration, preferences and the engine's reports. */
function phoneHandlers(deps: {
  phone: PhoneService;
  training: Pick<TrainingService, 'clearedForLive'>;
  trainingMarks: Pick<TrainingMarks, 'phoneEvent'>;
  connectivity: Pick<ConnectivityMonitor, 'reportSip'>;
  lead: Pick<LeadWiring, 'phoneEvent'>;
  updates: Pick<UpdateWatch, 'phoneEvent' | 'callActive'>;
}): Pick<
  Handlers,
  | 'phone:config'
  | 'phone:preferences'
  | 'phone:microphone-explained'
  | 'phone:event'
  | 'phone:history'
  | 'phone:set-devices'
  | 'phone:set-shortcuts'
  | 'phone:call-active'
> {
  const { phone, training, trainingMarks, connectivity, lead, updates } = deps;
  return {
    // No live line until the policy's course is passed (the training line needs none).
    'phone:config': async () => {
      const config = phone.config();
      if (!config.account || (await training.clearedForLive()).cleared) return config;
      return { ...config, account: null };
    },
    'phone:preferences': () => phone.preferences(),
    'phone:microphone-explained': () => phone.acknowledgeMicrophone(),
    'phone:event': async (event) => {
      // A training call is journaled marked, and is no live work: not the line's state, not the
      // floor or the queue figures, not the call history (Art. 9, 22).
      trainingMarks.phoneEvent(event);
      updates.phoneEvent(event);
      const isTraining = isTrainingEvent(event);
      if (event.type === 'registration' && !isTraining) connectivity.reportSip(event.status);
      await phone.report(event, isTraining);
      if (!isTraining) lead.phoneEvent(event);
      return {};
    },
    'phone:history': () => phone.history(),
    'phone:set-devices': (patch) => phone.setDevices(patch),
    'phone:set-shortcuts': (shortcuts) => phone.setShortcuts(shortcuts),
    'phone:call-active': ({ active }) => {
      phone.setCallActive(active);
      updates.callActive(active);
      return {};
    },
  };
}
