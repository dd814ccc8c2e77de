// Journal sync (Art. 11: records archived; Art. 12, 25: service continues through outages): sends
// the journal's unsynced entries to the records service's archive, in order, one batch at a time.
//
// - Batches of at most 100 entries and 1 MiB of JSON body; a 413 or a 5xx halves the batch (a
//   success doubles it back towards the maximum).
// - An entry is marked synced only when the archive answered for it `applied` or `duplicate`; a
//   `rejected` entry is permanent for that entry (server/README.md "Journal archive"): it is
//   dead-lettered (kept, with the refusal, in the journal's sync state) and the queue moves on.
//   A whole-batch 400 is narrowed down by halving until the one entry is known and dead-lettered.
// - Everything else (no network, timeouts, 5xx, 401 before sign-in, 429) waits with exponential
//   backoff and full jitter, 1 s doubling to 10 min: delay = random() × min(cap, base × 2^n).
//   `kick()` (connectivity back, agent signed in) retries at once and resets the backoff.
// - Nothing unsynced ever expires. Segments acknowledged longer than `retentionMs` ago are pruned.
// - A batch whose answer was lost (the connection dropped after the archive committed) is simply
//   sent again: the archive answers `duplicate` for what it already has.
// Clock, randomness and timers are parameters (style.md §4), so tests drive the backoff.
import { JOURNAL_BATCH_MAX_BYTES, JOURNAL_BATCH_MAX_ENTRIES, type JournalEntry, type JournalEntryResult } from '../../../common/journal-chain.js';
import type { ErrorCode } from '../../../common/result.js';
import type { Journal } from './types.js';
import type { SendBatch } from './uploader.js';
import { silentLogger, type Logger } from '../logger.js';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 10 * 60_000;
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60_000;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type SyncJournal = Pick<Journal, 'deviceId' | 'pending' | 'markSynced' | 'backlog' | 'onAppend' | 'prune' | 'syncedThrough' | 'deadLetters'>;

export interface JournalSyncOptions {
  journal: SyncJournal;
  send: SendBatch;
  logger?: Logger;
  now?: () => Date;
  random?: () => number;
  timers?: Timers;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Default 100 (the archive's limit); above it the archive answers 413 and the batch halves. */
  maxBatchEntries?: number;
  /** Default 1 MiB of JSON body (the archive's limit). */
  maxBatchBytes?: number;
  /** How long synced segments are kept locally. Default 30 days. */
  retentionMs?: number;
  /** How often pruning is considered (after a drain). Default 1 h. */
  pruneIntervalMs?: number;
  /** After an append, wait this long so a burst goes in one batch. Default 250 ms. */
  appendDelayMs?: number;
}

export type SyncStatus = 'idle' | 'sending' | 'waiting' | 'stopped';

export interface SyncState {
  status: SyncStatus;
  /** Entries not yet acknowledged by the archive. */
  backlog: number;
  deadLettered: number;
  /** Failed attempts since the last success. */
  failures: number;
  /** The current batch size limit (halved on 413/5xx). */
  batchLimit: number;
  nextAttemptAt: string | null;
  lastError: { code: ErrorCode | string; message: string; status: number | null } | null;
  lastSyncedAt: string | null;
}

export type SyncEvent =
  | { type: 'state'; state: SyncState }
  | { type: 'batch'; size: number; firstSeq: number; lastSeq: number; applied: number; duplicate: number; rejected: number }
  | { type: 'dead-letter'; seq: number; id: string; code: string; message: string }
  | { type: 'retry'; code: string; status: number | null; message: string; delayMs: number; batchLimit: number }
  | { type: 'pruned'; segments: number };

export interface JournalSync {
  /** Starts syncing (at once if there is a backlog) and follows appends. */
  start(): void;
  /** Stops after the batch in flight, if any. */
  stop(): Promise<void>;
  /** Try now: connectivity is back, or an agent signed in. Resets the backoff. */
  kick(): void;
  backlog(): number;
  state(): SyncState;
  subscribe(listener: (event: SyncEvent) => void): () => void;
  /** Resolves when the backlog is empty and no batch is in flight (at once if so). */
  drained(): Promise<void>;
}

type ErrorKind = 'halve' | 'halve-and-wait' | 'narrow' | 'wait';

/** How a failed send is handled; an error without a status is the network. */
function classify(error: unknown): { kind: ErrorKind; code: string; status: number | null; message: string } {
  const e = error as { code?: unknown; status?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : null;
  const code = typeof e.code === 'string' ? e.code : 'unavailable';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (status === 413) return { kind: 'halve', code, status, message };
  if (status !== null && status >= 500) return { kind: 'halve-and-wait', code, status, message };
  // A whole-batch refusal of its content: halve until the one entry is found, then dead-letter it.
  if (status === 400 || status === 422) return { kind: 'narrow', code, status, message };
  return { kind: 'wait', code, status, message };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

export function createJournalSync(options: JournalSyncOptions): JournalSync {
  const { journal, send } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  // Unref'd: a waiting retry never keeps the process alive on its own.
  const timers: Timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
  const baseMs = options.backoffBaseMs ?? BACKOFF_BASE_MS;
  const capMs = options.backoffCapMs ?? BACKOFF_CAP_MS;
  const maxEntries = options.maxBatchEntries ?? JOURNAL_BATCH_MAX_ENTRIES;
  const maxBytes = options.maxBatchBytes ?? JOURNAL_BATCH_MAX_BYTES;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const pruneIntervalMs = options.pruneIntervalMs ?? 60 * 60_000;
  const appendDelayMs = options.appendDelayMs ?? 250;

  const listeners = new Set<(event: SyncEvent) => void>();
  let status: SyncStatus = 'stopped';
  let limit = maxEntries;
  let failures = 0;
  let timer: unknown = null;
  let nextAttemptAt: Date | null = null;
  let lastError: SyncState['lastError'] = null;
  let lastSyncedAt: Date | null = null;
  let running: Promise<void> | null = null;
  let kicked = false;
  let lastPrune = -Infinity;
  let unsubscribeAppend: (() => void) | null = null;

  const state = (): SyncState => ({
    status,
    backlog: journal.backlog(),
    deadLettered: journal.deadLetters().length,
    failures,
    batchLimit: limit,
    nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
    lastError,
    lastSyncedAt: lastSyncedAt?.toISOString() ?? null,
  });
  const emit = (event: SyncEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'journal sync listener failed');
      }
    }
  };
  const setStatus = (next: SyncStatus) => {
    status = next;
    emit({ type: 'state', state: state() });
  };

  const clearTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    nextAttemptAt = null;
  };
  const schedule = (ms: number) => {
    clearTimer();
    nextAttemptAt = new Date(now().getTime() + ms);
    timer = timers.setTimeout(() => {
      timer = null;
      nextAttemptAt = null;
      void run();
    }, ms);
  };
  const backoffDelay = () => Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(failures - 1, 30)));

  /** The next batch: in order from the oldest unsynced entry, within the entry and byte limits. */
  function nextBatch(): JournalEntry[] {
    const candidates = journal.pending(limit);
    const overhead = bytes(JSON.stringify({ deviceId: journal.deviceId, entries: [] }));
    let total = overhead;
    const batch: JournalEntry[] = [];
    for (const entry of candidates) {
      const size = bytes(JSON.stringify(entry)) + (batch.length > 0 ? 1 : 0);
      if (batch.length > 0 && total + size > maxBytes) break;
      batch.push(entry);
      total += size;
    }
    return batch;
  }

  /** One result per entry, in order, naming the entry: anything else is not an acknowledgement. */
  const matches = (batch: readonly JournalEntry[], results: readonly JournalEntryResult[]) =>
    results.length === batch.length && results.every((r, i) => r.seq === batch[i]!.seq && r.id === batch[i]!.id);

  async function deadLetterLocally(entry: JournalEntry, code: string, message: string) {
    await journal.markSynced(entry.seq, [{ seq: entry.seq, id: entry.id, type: entry.type, code, message, deadAt: now().toISOString() }]);
    logger.error({ seq: entry.seq, id: entry.id, code }, 'journal entry dead-lettered: the records service refuses it for good; kept locally');
    emit({ type: 'dead-letter', seq: entry.seq, id: entry.id, code, message });
  }

  async function attempt(): Promise<'more' | 'done' | 'wait'> {
    const batch = nextBatch();
    if (batch.length === 0) return 'done';
    if (status !== 'sending') setStatus('sending');
    let results: JournalEntryResult[];
    try {
      results = await send({ deviceId: journal.deviceId, entries: batch });
    } catch (error) {
      const failure = classify(error);
      lastError = { code: failure.code, message: failure.message, status: failure.status };
      const single = batch.length === 1;
      if (failure.kind === 'halve' || failure.kind === 'narrow') {
        if (single) {
          // The archive refuses this one entry as a whole request (too large, unreadable): it will
          // never be accepted, so keep it as a dead letter and go on (the queue never stalls).
          await deadLetterLocally(batch[0]!, failure.code, failure.message);
          return 'more';
        }
        limit = Math.max(1, Math.floor(batch.length / 2));
        emit({ type: 'retry', code: failure.code, status: failure.status, message: failure.message, delayMs: 0, batchLimit: limit });
        return 'more';
      }
      if (failure.kind === 'halve-and-wait') limit = Math.max(1, Math.floor(batch.length / 2));
      return 'wait';
    }
    if (!matches(batch, results)) {
      lastError = { code: 'internal', message: 'the archive answered results that do not match the batch', status: 200 };
      return 'wait';
    }
    const dead = results
      .map((r, i) => ({ r, entry: batch[i]! }))
      .filter(({ r }) => r.status === 'rejected')
      .map(({ r, entry }) => ({ seq: r.seq, id: r.id, type: entry.type, code: r.error?.code ?? 'rejected', message: r.error?.message ?? 'refused by the archive', deadAt: now().toISOString() }));
    // Acknowledged: recorded durably before anything else moves on.
    await journal.markSynced(batch.at(-1)!.seq, dead);
    for (const d of dead) {
      logger.error({ seq: d.seq, id: d.id, code: d.code }, 'journal entry dead-lettered: the records service refuses it for good; kept locally');
      emit({ type: 'dead-letter', seq: d.seq, id: d.id, code: d.code, message: d.message });
    }
    const count = (s: JournalEntryResult['status']) => results.filter((r) => r.status === s).length;
    emit({ type: 'batch', size: batch.length, firstSeq: batch[0]!.seq, lastSeq: batch.at(-1)!.seq, applied: count('applied'), duplicate: count('duplicate'), rejected: count('rejected') });
    failures = 0;
    lastError = null;
    lastSyncedAt = now();
    limit = Math.min(maxEntries, limit * 2);
    return 'more';
  }

  async function maybePrune() {
    const t = now().getTime();
    if (t - lastPrune < pruneIntervalMs) return;
    lastPrune = t;
    try {
      const segments = await journal.prune(new Date(t - retentionMs));
      if (segments > 0) emit({ type: 'pruned', segments });
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'journal prune failed; retried later');
    }
  }

  function run(): Promise<void> {
    if (status === 'stopped') return Promise.resolve();
    running ??= (async () => {
      clearTimer();
      const stopped = () => (status as SyncStatus) === 'stopped';
      for (;;) {
        if (stopped()) return;
        let outcome: 'more' | 'done' | 'wait';
        try {
          outcome = await attempt();
        } catch (error) {
          // The journal could not record the acknowledgement (disk): the batch is resent later.
          lastError = { code: 'internal', message: (error as Error).message, status: null };
          outcome = 'wait';
        }
        if (stopped()) return;
        if (outcome === 'more') continue;
        if (outcome === 'done') {
          kicked = false;
          setStatus('idle');
          await maybePrune();
          return;
        }
        failures += 1;
        if (kicked) {
          // Connectivity came back while this attempt was failing: one more try at once.
          kicked = false;
          continue;
        }
        const delayMs = backoffDelay();
        logger.info({ code: lastError?.code, status: lastError?.status, failures, delayMs, backlog: journal.backlog() }, 'journal sync waits before retrying');
        emit({ type: 'retry', code: String(lastError?.code), status: lastError?.status ?? null, message: lastError?.message ?? '', delayMs, batchLimit: limit });
        status = 'waiting';
        schedule(delayMs);
        emit({ type: 'state', state: state() });
        return;
      }
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const api: JournalSync = {
    start() {
      if (status !== 'stopped') return;
      status = 'idle';
      unsubscribeAppend = journal.onAppend(() => {
        if (status === 'stopped') return;
        emit({ type: 'state', state: state() });
        // Idle: sync shortly (a burst of appends goes in one batch). Waiting: the backoff stands.
        if (status === 'idle' && timer === null && running === null) schedule(appendDelayMs);
      });
      void run();
    },
    async stop() {
      status = 'stopped';
      clearTimer();
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
      void run();
    },
    backlog: () => journal.backlog(),
    state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drained() {
      const done = () => journal.backlog() === 0 && status !== 'sending';
      if (done()) return Promise.resolve();
      return new Promise((resolve) => {
        const off = api.subscribe(() => {
          if (done()) {
            off();
            resolve();
          }
        });
      });
    },
  };
  return api;
}
