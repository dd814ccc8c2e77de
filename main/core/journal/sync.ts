// Journal sync (Art. 11: records archived; Art. 12, 25: service continues through outages): sends
// the unsynced entries to the records service's archive in order, up to two batches in flight
// (sync-sender.ts), waits with full-jitter backoff after a failure or as long as the archive asks
// (sync-retry.ts) and prunes what the archive has had long enough (sync-retention.ts). start() and
// kick() with a backlog come back within a spread (desks returning together do not arrive
// together); a batch whose answer was lost is simply sent again (the archive answers `duplicate`).
import {
  JOURNAL_BATCH_MAX_BYTES,
  JOURNAL_BATCH_MAX_ENTRIES,
} from '../../../common/journal-chain.js';
import { silentLogger, type Logger } from '../logger.js';
import { createRetryTimer } from './sync-retry.js';
import { createRetention } from './sync-retention.js';
import { createBatchSender } from './sync-sender.js';
import type {
  JournalSync,
  JournalSyncOptions,
  SyncEvent,
  SyncState,
  SyncStatus,
  Timers,
} from './sync-types.js';

export type {
  JournalSync,
  JournalSyncOptions,
  SyncError,
  SyncEvent,
  SyncJournal,
  SyncState,
  SyncStatus,
  Timers,
} from './sync-types.js';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 10 * 60_000;
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60_000;

export function createJournalSync(options: JournalSyncOptions): JournalSync {
  const { journal } = options;
  const { logger, now, appendDelayMs, retry } = wiringOf(options);
  const events = createEvents(logger);
  const emit = events.emit;
  let status: SyncStatus = 'stopped';
  let failures = 0;
  let running: Promise<void> | null = null;
  let kicked = false;
  // The archive asked for time (Retry-After): a kick does not cut the wait short.
  let toldToWait = false;
  let unsubscribeAppend: (() => void) | null = null;

  const { sender, maybePrune } = senderAndRetention(options, { logger, now, emit }, () => {
    if (status !== 'sending') setStatus('sending');
  });

  const state = (): SyncState => ({
    status,
    backlog: journal.backlog(),
    deadLettered: journal.deadLetters().length,
    failures,
    batchLimit: sender.limit(),
    nextAttemptAt: retry.nextAttemptAt()?.toISOString() ?? null,
    lastError: sender.lastError(),
    lastSyncedAt: sender.lastSyncedAt()?.toISOString() ?? null,
  });
  function setStatus(next: SyncStatus) {
    status = next;
    emit({ type: 'state', state: state() });
  }

  /** After a failed attempt: once more at once if kicked meanwhile, else wait. Answers `retry`. */
  function afterFailure(): boolean {
    failures += 1;
    const told = sender.retryAfterMs();
    if (kicked && told === null) {
      // Connectivity came back while this attempt was failing: one more try at once.
      kicked = false;
      return true;
    }
    kicked = false;
    toldToWait = told !== null;
    const delayMs = told !== null ? retry.toldDelay(told) : retry.backoffDelay(failures);
    reportRetry({ logger, emit, journal, sender }, failures, delayMs);
    status = 'waiting';
    retry.schedule(delayMs, () => void run());
    emit({ type: 'state', state: state() });
    return false;
  }

  function run(): Promise<void> {
    if (status === 'stopped') return Promise.resolve();
    running ??= (async () => {
      retry.clear();
      toldToWait = false;
      const stopped = () => (status as SyncStatus) === 'stopped';
      for (;;) {
        // Stopping: the batches in flight are answered (and recorded) first.
        if (stopped()) return sender.settle();
        const outcome = await sender.attempt();
        if (stopped()) return sender.settle();
        if (outcome === 'sent') failures = 0;
        if (outcome === 'sent' || outcome === 'more') continue;
        if (outcome === 'done') {
          kicked = false;
          setStatus('idle');
          await maybePrune();
          return;
        }
        if (!afterFailure()) return;
      }
    })().finally(() => {
      running = null;
    });
    return running;
  }

  /** Back with a backlog: run within the return spread, or sooner if already due sooner. */
  function comeBack() {
    const backlog = journal.backlog();
    const delayMs = backlog > 0 ? retry.returnDelay(backlog) : 0;
    const due = retry.nextAttemptAt();
    if (due !== null && due.getTime() <= now().getTime() + delayMs) return;
    if (delayMs === 0) {
      void run();
      return;
    }
    retry.schedule(delayMs, () => void run());
    emit({ type: 'state', state: state() });
  }

  const api: JournalSync = {
    start() {
      if (status !== 'stopped') return;
      status = 'idle';
      unsubscribeAppend = journal.onAppend(() => {
        if (status === 'stopped') return;
        emit({ type: 'state', state: state() });
        // Idle: sync shortly (a burst of appends goes in one batch). Waiting: the backoff stands.
        if (status === 'idle' && !retry.pending() && running === null)
          retry.schedule(appendDelayMs, () => void run());
      });
      comeBack();
    },
    async stop() {
      status = 'stopped';
      retry.clear();
      toldToWait = false;
      unsubscribeAppend?.();
      unsubscribeAppend = null;
      await running;
      emit({ type: 'state', state: state() });
    },
    kick() {
      if (status === 'stopped') return;
      failures = 0;
      if (running) {
        kicked = true;
        return;
      }
      if (!toldToWait) comeBack();
    },
    backlog: () => journal.backlog(),
    state,
    subscribe: events.subscribe,
    drained: () => events.until(() => journal.backlog() === 0 && status !== 'sending'),
  };
  return api;
}

/** The options' defaults, and the retry timer they configure. */
function wiringOf(options: JournalSyncOptions) {
  const now = options.now ?? (() => new Date());
  // Unref'd: a waiting retry never keeps the process alive on its own.
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  return {
    logger: options.logger ?? silentLogger,
    now,
    appendDelayMs: options.appendDelayMs ?? 250,
    retry: retryTimerFor(options, timers, now),
  };
}

/** The batch sender and the pruner, their limits from the options; `sending` goes to the sender. */
function senderAndRetention(
  options: JournalSyncOptions,
  shared: { logger: Logger; now: () => Date; emit: (event: SyncEvent) => void },
  sending: () => void,
) {
  const { journal } = options;
  const { logger, now, emit } = shared;
  return {
    sender: createBatchSender({
      journal,
      send: options.send,
      logger,
      now,
      maxEntries: options.maxBatchEntries ?? JOURNAL_BATCH_MAX_ENTRIES,
      maxBytes: options.maxBatchBytes ?? JOURNAL_BATCH_MAX_BYTES,
      emit,
      sending,
    }),
    maybePrune: createRetention({
      journal,
      logger,
      now,
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
      intervalMs: options.pruneIntervalMs ?? 60 * 60_000,
      emit,
    }),
  };
}

function retryTimerFor(options: JournalSyncOptions, timers: Timers, now: () => Date) {
  const { returnSpreadMsPerEntry, returnSpreadMaxMs } = options;
  return createRetryTimer({
    timers,
    now,
    random: options.random ?? Math.random,
    backoffBaseMs: options.backoffBaseMs ?? BACKOFF_BASE_MS,
    backoffCapMs: options.backoffCapMs ?? BACKOFF_CAP_MS,
    ...(returnSpreadMsPerEntry !== undefined ? { returnSpreadMsPerEntry } : {}),
    ...(returnSpreadMaxMs !== undefined ? { returnSpreadMaxMs } : {}),
  });
}

/** Says why the sync waits: one log line for IT, one `retry` event for the desk. */
function reportRetry(
  parts: {
    logger: Logger;
    emit: (event: SyncEvent) => void;
    journal: JournalSyncOptions['journal'];
    sender: Pick<ReturnType<typeof createBatchSender>, 'lastError' | 'limit'>;
  },
  failures: number,
  delayMs: number,
): void {
  const { logger, emit, journal, sender } = parts;
  const lastError = sender.lastError();
  logger.info(
    {
      code: lastError?.code,
      status: lastError?.status,
      failures,
      delayMs,
      backlog: journal.backlog(),
    },
    'journal sync waits before retrying',
  );
  emit({
    type: 'retry',
    code: String(lastError?.code),
    status: lastError?.status ?? null,
    message: lastError?.message ?? '',
    delayMs,
    batchLimit: sender.limit(),
  });
}

/** The sync's listeners: one that throws is logged and the others still hear the event. */
function createEvents(logger: Logger) {
  const listeners = new Set<(event: SyncEvent) => void>();
  const subscribe = (listener: (event: SyncEvent) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    emit(event: SyncEvent) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          logger.warn({ err: (error as Error).message }, 'journal sync listener failed');
        }
      }
    },
    subscribe,
    /** Resolves at once when `done()`, else after the first event that finds it so. */
    until(done: () => boolean): Promise<void> {
      if (done()) return Promise.resolve();
      return new Promise((resolve) => {
        const off = subscribe(() => {
          if (done()) {
            off();
            resolve();
          }
        });
      });
    },
  };
}
