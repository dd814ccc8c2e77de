// One attempt of the journal sync: the next batch (in order, within the entry and byte limits),
// sent to the archive, its answer recorded. An entry counts as synced only when the archive
// answered `applied` or `duplicate`; a refused one is dead-lettered and the queue moves on. A 413
// or 5xx halves the batch (a success doubles it back); a whole-batch 400 is narrowed by halving.
import type { JournalEntry, JournalEntryResult } from '../../../common/journal-chain.js';
import type { Logger } from '../logger.js';
import type { SyncError, SyncEvent, SyncJournal } from './sync-types.js';
import type { SendBatch } from './uploader.js';

/** `sent`: a batch acknowledged; `more`: go on at once; `done`: nothing left; `wait`: back off. */
export type AttemptOutcome = 'sent' | 'more' | 'done' | 'wait';

export interface BatchSenderOptions {
  journal: SyncJournal;
  send: SendBatch;
  logger: Logger;
  now: () => Date;
  maxEntries: number;
  maxBytes: number;
  emit: (event: SyncEvent) => void;
  /** Called before a batch goes out. */
  sending: () => void;
}

export interface BatchSender {
  attempt(): Promise<AttemptOutcome>;
  /** The current batch size limit (halved on 413/5xx). */
  limit(): number;
  lastError(): SyncError | null;
  lastSyncedAt(): Date | null;
}

type ErrorKind = 'halve' | 'halve-and-wait' | 'narrow' | 'wait';

/** How a failed send is handled; an error without a status is the network. */
function classify(error: unknown): SyncError & { kind: ErrorKind } {
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

/** One result per entry, in order, naming the entry: anything else is not an acknowledgement. */
const matches = (batch: readonly JournalEntry[], results: readonly JournalEntryResult[]) =>
  results.length === batch.length &&
  results.every((r, i) => r.seq === batch[i]!.seq && r.id === batch[i]!.id);

export function createBatchSender(options: BatchSenderOptions): BatchSender {
  const { journal, send, logger, now, maxEntries, maxBytes, emit } = options;
  let limit = maxEntries;
  let lastError: SyncError | null = null;
  let lastSyncedAt: Date | null = null;

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

  function deadLettered(seq: number, id: string, code: string, message: string) {
    logger.error(
      { seq, id, code },
      'journal entry dead-lettered: the records service refuses it for good; kept locally',
    );
    emit({ type: 'dead-letter', seq, id, code, message });
  }

  async function failed(batch: readonly JournalEntry[], error: unknown): Promise<AttemptOutcome> {
    const failure = classify(error);
    lastError = { code: failure.code, message: failure.message, status: failure.status };
    if (failure.kind === 'halve' || failure.kind === 'narrow') {
      if (batch.length === 1) {
        // The archive refuses this one entry as a whole request (too large, unreadable): it will
        // never be accepted, so keep it as a dead letter and go on (the queue never stalls).
        const entry = batch[0]!;
        const dead = {
          seq: entry.seq,
          id: entry.id,
          type: entry.type,
          code: failure.code,
          message: failure.message,
          deadAt: now().toISOString(),
        };
        await journal.markSynced(entry.seq, [dead]);
        deadLettered(entry.seq, entry.id, failure.code, failure.message);
        return 'more';
      }
      limit = Math.max(1, Math.floor(batch.length / 2));
      emit({
        type: 'retry',
        code: failure.code,
        status: failure.status,
        message: failure.message,
        delayMs: 0,
        batchLimit: limit,
      });
      return 'more';
    }
    if (failure.kind === 'halve-and-wait') limit = Math.max(1, Math.floor(batch.length / 2));
    return 'wait';
  }

  async function acknowledged(
    batch: readonly JournalEntry[],
    results: readonly JournalEntryResult[],
  ): Promise<AttemptOutcome> {
    const dead = results
      .map((r, i) => ({ r, entry: batch[i]! }))
      .filter(({ r }) => r.status === 'rejected')
      .map(({ r, entry }) => ({
        seq: r.seq,
        id: r.id,
        type: entry.type,
        code: r.error?.code ?? 'rejected',
        message: r.error?.message ?? 'refused by the archive',
        deadAt: now().toISOString(),
      }));
    // Acknowledged: recorded durably before anything else moves on.
    await journal.markSynced(batch.at(-1)!.seq, dead);
    for (const d of dead) deadLettered(d.seq, d.id, d.code, d.message);
    const count = (s: JournalEntryResult['status']) => results.filter((r) => r.status === s).length;
    const [firstSeq, lastSeq] = [batch[0]!.seq, batch.at(-1)!.seq];
    emit({
      type: 'batch',
      size: batch.length,
      firstSeq,
      lastSeq,
      applied: count('applied'),
      duplicate: count('duplicate'),
      rejected: count('rejected'),
    });
    lastError = null;
    lastSyncedAt = now();
    limit = Math.min(maxEntries, limit * 2);
    return 'sent';
  }

  async function attemptOnce(): Promise<AttemptOutcome> {
    const batch = nextBatch();
    if (batch.length === 0) return 'done';
    options.sending();
    let results: JournalEntryResult[];
    try {
      results = await send({ deviceId: journal.deviceId, entries: batch });
    } catch (error) {
      return failed(batch, error);
    }
    if (!matches(batch, results)) {
      lastError = {
        code: 'internal',
        message: 'the archive answered results that do not match the batch',
        status: 200,
      };
      return 'wait';
    }
    return acknowledged(batch, results);
  }

  return {
    async attempt() {
      try {
        return await attemptOnce();
      } catch (error) {
        // The journal could not record the acknowledgement (disk): the batch is resent later.
        lastError = { code: 'internal', message: (error as Error).message, status: null };
        return 'wait';
      }
    },
    limit: () => limit,
    lastError: () => lastError,
    lastSyncedAt: () => lastSyncedAt,
  };
}
