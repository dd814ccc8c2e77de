// The journal sync's interface (sync.ts): its options, the state it reports to the desk's top bar
// and the connectivity view, and the events tests and logs follow. Types only.
import type { ErrorCode } from '../../../common/result.js';
import type { Logger } from '../logger.js';
import type { Journal } from './types.js';
import type { SendBatch } from './uploader.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type SyncJournal = Pick<
  Journal,
  | 'deviceId'
  | 'pending'
  | 'markSynced'
  | 'backlog'
  | 'onAppend'
  | 'prune'
  | 'syncedThrough'
  | 'deadLetters'
>;

export interface JournalSyncOptions {
  journal: SyncJournal;
  send: SendBatch;
  logger?: Logger;
  now?: () => Date;
  random?: () => number;
  timers?: Timers;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Default 1,000 (the archive's limit); above it the archive answers 413 and the batch halves. */
  maxBatchEntries?: number;
  /** Default 1 MiB of JSON body, uncompressed (the archive's limit). */
  maxBatchBytes?: number;
  /** Coming back with a backlog: ms of spread per entry (default 25, sync-retry.ts says why). */
  returnSpreadMsPerEntry?: number;
  /** …and at most this spread (default 30 s; never more than backoffCapMs). 0: no spread. */
  returnSpreadMaxMs?: number;
  /** How long synced segments are kept locally. Default 30 days. */
  retentionMs?: number;
  /** How often pruning is considered (after a drain). Default 1 h. */
  pruneIntervalMs?: number;
  /** After an append, wait this long so a burst goes in one batch. Default 250 ms. */
  appendDelayMs?: number;
}

/** Why the last attempt failed; `status` null when no answer came. */
export interface SyncError {
  code: ErrorCode | string;
  message: string;
  status: number | null;
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
  lastError: SyncError | null;
  lastSyncedAt: string | null;
}

export type SyncEvent =
  | { type: 'state'; state: SyncState }
  | {
      type: 'batch';
      size: number;
      firstSeq: number;
      lastSeq: number;
      applied: number;
      duplicate: number;
      rejected: number;
    }
  | { type: 'dead-letter'; seq: number; id: string; code: string; message: string }
  | {
      type: 'retry';
      code: string;
      status: number | null;
      message: string;
      delayMs: number;
      batchLimit: number;
    }
  | { type: 'pruned'; segments: number };

export interface JournalSync {
  /** Starts syncing (at once if there is a backlog) and follows appends. */
  start(): void;
  /** Stops after the batches in flight, if any (their acknowledgements recorded). */
  stop(): Promise<void>;
  /**
   * Connectivity is back, or an agent signed in: resets the backoff and tries within the return
   * spread (at once with no backlog). A Retry-After the archive asked for still stands.
   */
  kick(): void;
  backlog(): number;
  state(): SyncState;
  subscribe(listener: (event: SyncEvent) => void): () => void;
  /** Resolves when the backlog is empty and no batch is in flight (at once if so). */
  drained(): Promise<void>;
}
