// The journal sync's batches: the next ones in order, within the entry and byte limits, sent to the
// archive — two at a time once the archive says it honours `Journal-Pipelined` — and their answers
// recorded strictly in order: an entry counts as synced only when the archive answered `applied` or
// `duplicate` for it and for everything before it; a refused one is dead-lettered and the queue
// moves on. A 413 or 5xx halves the batch (a success doubles it back), a whole-batch 400 is
// narrowed by halving, a 503/429 with Retry-After waits as told at the same size, and a pipelined
// batch the archive found ahead of its head (`409 journal-ahead`) is simply sent again.
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
  /** Sends what the window allows, then waits for the oldest batch's answer and records it. */
  attempt(): Promise<AttemptOutcome>;
  /** Waits for the batches in flight, recording the acknowledged ones in order (on stop). */
  settle(): Promise<void>;
  /** The current batch size limit (halved on 413/5xx). */
  limit(): number;
  lastError(): SyncError | null;
  lastSyncedAt(): Date | null;
  /** The wait the archive asked for (Retry-After) with the last failure, or null. */
  retryAfterMs(): number | null;
}

type ErrorKind = 'halve' | 'halve-and-wait' | 'narrow' | 'wait' | 'told-to-wait' | 'ahead';

/** How a failed send is handled; an error without a status is the network. */
function classify(error: unknown, pipelined: boolean) {
  const e = error as {
    code?: unknown;
    status?: unknown;
    message?: unknown;
    retryAfterMs?: unknown;
    details?: { code?: unknown };
  };
  const status = typeof e.status === 'number' ? e.status : null;
  const code = typeof e.code === 'string' ? e.code : 'unavailable';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const retryAfterMs = typeof e.retryAfterMs === 'number' ? e.retryAfterMs : null;
  // The code as the archive sent it, also when this desk's contract does not list it.
  const sent = typeof e.details?.code === 'string' ? e.details.code : code;
  const kind = ((): ErrorKind => {
    // Only a batch sent early may be ahead; for any other the archive's chain policy stands.
    if (status === 409 && sent === 'journal-ahead') return pipelined ? 'ahead' : 'wait';
    // Back-pressure: the archive is busy, not the batch too big — same size, later.
    if ((status === 503 || status === 429) && retryAfterMs !== null) return 'told-to-wait';
    if (status === 413) return 'halve';
    if (status !== null && status >= 500) return 'halve-and-wait';
    // A whole-batch refusal of its content: halve down to the one entry, then dead-letter it.
    if (status === 400 || status === 422) return 'narrow';
    return 'wait';
  })();
  return { kind, retryAfterMs, error: { code, status, message } satisfies SyncError };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** One result per entry, in order, naming the entry: anything else is not an acknowledgement. */
const matches = (batch: readonly JournalEntry[], results: readonly JournalEntryResult[]) =>
  results.length === batch.length &&
  results.every((r, i) => r.seq === batch[i]!.seq && r.id === batch[i]!.id);

/** Room in the body for the device's signature field (an Ed25519 signature, base64). */
const SIGNATURE_ALLOWANCE = 256;

type Answer = { ok: true; results: JournalEntryResult[] } | { ok: false; error: unknown };

interface Flight {
  batch: JournalEntry[];
  pipelined: boolean;
  answer: Promise<Answer>;
}

/** The next batch after `after`: in order, within `limit` entries and the body's byte limit. */
function createBatcher(journal: SyncJournal, maxBytes: number) {
  // An entry's JSON length, measured once (the journal hands out the same objects each time).
  const sizes = new WeakMap<JournalEntry, number>();
  const overhead =
    bytes(JSON.stringify({ deviceId: journal.deviceId, entries: [] })) + SIGNATURE_ALLOWANCE;
  return (after: number, limit: number): JournalEntry[] => {
    const skip = Math.max(0, after - journal.syncedThrough());
    let total = overhead;
    const batch: JournalEntry[] = [];
    for (const entry of journal.pending(skip + limit)) {
      if (entry.seq <= after) continue;
      let size = sizes.get(entry);
      if (size === undefined) sizes.set(entry, (size = bytes(JSON.stringify(entry))));
      size += batch.length > 0 ? 1 : 0;
      if (batch.length > 0 && total + size > maxBytes) break;
      batch.push(entry);
      total += size;
    }
    return batch;
  };
}

/** The entries the archive refused in an acknowledged batch, as dead letters. */
const refusedIn = (
  batch: readonly JournalEntry[],
  results: readonly JournalEntryResult[],
  deadAt: string,
) =>
  results
    .map((r, i) => ({ r, entry: batch[i]! }))
    .filter(({ r }) => r.status === 'rejected')
    .map(({ r, entry }) => ({
      seq: r.seq,
      id: r.id,
      type: entry.type,
      code: r.error?.code ?? 'rejected',
      message: r.error?.message ?? 'refused by the archive',
      deadAt,
    }));

function reportDeadLetter(
  logger: Logger,
  emit: (event: SyncEvent) => void,
  d: { seq: number; id: string; code: string; message: string },
) {
  logger.error(
    { seq: d.seq, id: d.id, code: d.code },
    'journal entry dead-lettered: the records service refuses it for good; kept locally',
  );
  emit({ type: 'dead-letter', ...d });
}

/**
 * An acknowledged batch: its synced mark and dead letters recorded durably, then reported — one
 * `dead-letter` per refused entry and one `batch` event with the counts.
 */
async function recordAcknowledged(
  { journal, logger, now, emit }: Pick<BatchSenderOptions, 'journal' | 'logger' | 'now' | 'emit'>,
  batch: readonly JournalEntry[],
  results: readonly JournalEntryResult[],
): Promise<void> {
  const dead = refusedIn(batch, results, now().toISOString());
  // Acknowledged: recorded durably before anything else moves on.
  await journal.markSynced(batch.at(-1)!.seq, dead);
  for (const d of dead)
    reportDeadLetter(logger, emit, { seq: d.seq, id: d.id, code: d.code, message: d.message });
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
}

export function createBatchSender(options: BatchSenderOptions): BatchSender {
  const { journal, send, logger, now, maxEntries, emit } = options;
  let limit = maxEntries;
  let lastError: SyncError | null = null;
  let lastSyncedAt: Date | null = null;
  let retryAfterMs: number | null = null;
  /** Oldest first; the head's entries follow syncedThrough, each batch the one before it. */
  const flights: Flight[] = [];
  const nextBatch = createBatcher(journal, options.maxBytes);

  /** Sends batches after `after` until the window is full: two once the archive pipelines. */
  function fill(after: number) {
    const window = send.pipelines?.() ? 2 : 1;
    while (flights.length < window) {
      const batch = nextBatch(flights.at(-1)?.batch.at(-1)!.seq ?? after, limit);
      if (batch.length === 0) return;
      // Early: an earlier batch of this device is still unanswered.
      const pipelined = flights.length > 0;
      options.sending();
      const answer = Promise.resolve()
        .then(() =>
          send({ deviceId: journal.deviceId, entries: batch, ...(pipelined ? { pipelined } : {}) }),
        )
        .then(
          (results): Answer => ({ ok: true, results }),
          (error: unknown): Answer => ({ ok: false, error }),
        );
      flights.push({ batch, pipelined, answer });
    }
  }

  /** Forgets the batches in flight once answered: they are sent again (answered `duplicate`). */
  async function dropAll() {
    const dropped = flights.splice(0);
    await Promise.all(dropped.map((f) => f.answer));
  }

  const deadLettered = (seq: number, id: string, code: string, message: string) =>
    reportDeadLetter(logger, emit, { seq, id, code, message });

  async function failed(flight: Flight, error: unknown): Promise<AttemptOutcome> {
    const { batch } = flight;
    const failure = classify(error, flight.pipelined);
    if (failure.kind === 'ahead') {
      // The earlier batch is answered now; this one goes again at once, no longer early.
      logger.debug({ firstSeq: batch[0]!.seq }, 'journal batch ahead of the archive: resent');
      return 'more';
    }
    lastError = failure.error;
    if (failure.kind === 'told-to-wait') {
      retryAfterMs = failure.retryAfterMs;
      return 'wait';
    }
    if (failure.kind === 'halve' || failure.kind === 'narrow') {
      if (batch.length === 1) {
        // The archive refuses this one entry as a whole request (too large, unreadable): it will
        // never be accepted, so keep it as a dead letter and go on (the queue never stalls).
        const entry = batch[0]!;
        const { code, message } = failure.error;
        const deadAt = now().toISOString();
        await journal.markSynced(entry.seq, [
          { seq: entry.seq, id: entry.id, type: entry.type, code, message, deadAt },
        ]);
        deadLettered(entry.seq, entry.id, code, message);
        return 'more';
      }
      limit = Math.max(1, Math.floor(batch.length / 2));
      emit({ type: 'retry', ...failure.error, delayMs: 0, batchLimit: limit });
      return 'more';
    }
    if (failure.kind === 'halve-and-wait') limit = Math.max(1, Math.floor(batch.length / 2));
    return 'wait';
  }

  async function acknowledged(
    batch: readonly JournalEntry[],
    results: readonly JournalEntryResult[],
  ): Promise<AttemptOutcome> {
    await recordAcknowledged(options, batch, results);
    lastError = null;
    lastSyncedAt = now();
    limit = Math.min(maxEntries, limit * 2);
    return 'sent';
  }

  /** The oldest batch's answer: recorded if it acknowledges the batch, else everything waits. */
  async function takeHead(refill: boolean): Promise<AttemptOutcome> {
    const head = flights.shift()!;
    const answer = await head.answer;
    if (!answer.ok) {
      // Whatever came after it is answered and forgotten first: the order holds.
      await dropAll();
      return failed(head, answer.error);
    }
    if (!matches(head.batch, answer.results)) {
      await dropAll();
      lastError = {
        code: 'internal',
        message: 'the archive answered results that do not match the batch',
        status: 200,
      };
      return 'wait';
    }
    // Keep the line busy while the acknowledgement is written.
    if (refill) fill(head.batch.at(-1)!.seq);
    return acknowledged(head.batch, answer.results);
  }

  async function guarded(step: () => Promise<AttemptOutcome>): Promise<AttemptOutcome> {
    try {
      return await step();
    } catch (error) {
      // The journal could not record an acknowledgement (disk): that batch and what followed it
      // are sent again later.
      await dropAll();
      lastError = { code: 'internal', message: (error as Error).message, status: null };
      return 'wait';
    }
  }

  return {
    attempt: () =>
      guarded(async () => {
        retryAfterMs = null;
        fill(journal.syncedThrough());
        if (flights.length === 0) return 'done';
        return takeHead(true);
      }),
    async settle() {
      while (flights.length > 0) {
        const outcome = await guarded(() => takeHead(false));
        if (outcome !== 'sent') await dropAll();
      }
    },
    limit: () => limit,
    lastError: () => lastError,
    lastSyncedAt: () => lastSyncedAt,
    retryAfterMs: () => retryAfterMs,
  };
}
