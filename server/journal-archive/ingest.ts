// Ingest of one device's journal batch (Art. 11: every step, result and action archived). Each
// entry is stored once per (device, seq) with its effect in one transaction, so a replay answers
// `duplicate`. The desktop must never stall, and no break may pass unflagged: the chain policy is
// written out above ingestBatch.
import { z } from 'zod';
import { DeviceId, type JournalEntryResult } from '../../common/journal-chain.js';
import { AppError } from '../../common/result.js';
import type { Db, Queryable } from '../db.js';
import { mapInSlices, sliceEnds, yieldTurn } from '../slices.js';
import { markTrainingEntries } from '../training/journal.js';
import type { EffectRegistry } from './effects.js';
import {
  BulkShort,
  insertEntries,
  isDataError,
  lockHead,
  readIds,
  readKnown,
  saveHead,
  type Head,
  type Known,
} from './repository.js';
import { hashesOf, type Hashes } from './storable.js';
import { answeredBefore, IdsNeeded, walkEntry, type Walk } from './walk.js';

/** What the body must hold for every entry to be named in the answer; the rest is per entry. */
export const EntryEnvelope = z.looseObject({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  id: z.uuid(),
});
export type EntryEnvelope = z.infer<typeof EntryEnvelope>;

export const JournalBatchRequest = z
  .object({
    deviceId: DeviceId,
    entries: z
      .array(
        EntryEnvelope.meta({
          description:
            'A journal entry (common/journal-chain.ts JournalEntry); seq and id are required for the batch to be read, the rest is checked per entry',
        }),
      )
      .min(1),
    /** Ed25519 over common/devices-api.ts batchSigningText, base64; checked by server/devices/. */
    signature: z.string().max(256).optional(),
  })
  .strict();
export type JournalBatchRequest = z.infer<typeof JournalBatchRequest>;

export interface IngestOptions {
  /** Username of the agent whose token uploaded the batch. */
  receivedBy: string;
  now: Date;
  effects: EffectRegistry;
  /**
   * The desk sent this batch while an earlier one of the device was unanswered (`Journal-Pipelined:
   * 1`): a first entry ahead of the head is that earlier batch not yet archived, not a gap.
   */
  pipelined?: boolean;
}

/** A pipelined batch whose first entry is ahead of the head: nothing stored, no alert, resend. */
export class JournalAhead extends AppError {
  constructor(readonly headSeq: number) {
    super(
      'journal-ahead',
      `the batch starts ahead of the archive (its head is at seq ${headSeq}): an earlier batch is not archived yet; nothing was stored, send this batch again once the earlier one is answered`,
    );
  }
}

// Chain policy:
// - The device's head is the last entry the archive has *seen* in chain order, whether it applied
//   or refused it. An entry continues the chain when seq = head.seq + 1 and prevHash = head.hash.
// - A break (seq gap, prevHash mismatch, an entry whose hash does not match its content, a seq at
//   or behind the head that is not a duplicate, a seq or id already archived with other content)
//   raises one `journal-tamper` alert in the entry's transaction and refuses that entry with a
//   permanent error naming it (seq, id); the desktop dead-letters it.
// - After a refusal past the head, the head moves on to the refused entry (its seq and claimed
//   hash — or, when the two differ, either its claimed hash or the hash of its content), so the
//   next entry, which links to it, is accepted: later entries of the same batch and of later
//   batches keep flowing, and one break raises one alert, not one per entry after it.
// - Every refused entry is kept, as sent, in journal_rejects with its reasons and alert, so archive
//   plus rejects account for every entry a device sent; replaying a refused entry answers the same
//   refusal again without a second alert.
// - Entries that continue the chain but are malformed, or whose effect payload is invalid, are
//   refused with `bad-request` and kept in journal_rejects; the desk dead-letters them, so each
//   raises one `dead-letters` alert (not `journal-tamper`: the chain is intact).
// - A batch marked pipelined whose first entry is ahead of the head (seq > head.seq + 1) is not
//   judged at all: 409 `journal-ahead` with the head's seq, nothing stored, no alert. Unmarked, the
//   same batch is a gap (above).
//
// Set-based: the head is locked once, what the archive holds for the batch is read in two
// look-ups, the chain is walked in memory (walk.ts) and the plain entries are written by one
// insert. The archived ids are read only when the walk needs them: before it writes a refusal or
// an effect, or when the insert found an id already taken; the batch is then walked again from a
// savepoint with them. Should the insert meet a row the database refuses, the batch is walked
// again from the savepoint entry by entry, each under its own savepoint, so only that entry is
// refused.

/**
 * Ingests one device's batch in one transaction, holding that device's head row locked (a second
 * batch for the same device waits, then sees duplicates). Answers one result per entry, in order.
 */
export async function ingestBatch(
  db: Db,
  batch: JournalBatchRequest,
  options: IngestOptions,
): Promise<JournalEntryResult[]> {
  const { deviceId, entries } = batch;
  // Hashing is CPU work: done before the head is locked, in slices (checks go first).
  const hashes = await mapInSlices(entries, hashesOf);
  return db.transaction(async (tx) => {
    const start = await lockHead(tx, deviceId, options.now);
    if (options.pipelined && entries[0]!.seq > start.seq + 1) throw new JournalAhead(start.seq);
    let known = await readKnown(tx, deviceId, entries, start.seq);
    // A replay (every entry answered before) writes nothing and moves no head: no savepoint.
    const again = replayed(entries, hashes, known);
    if (again) return again;
    await tx.query('savepoint journal_batch');
    let walked: { results: JournalEntryResult[]; head: Head } | null = null;
    let bulk = true;
    while (!walked) {
      try {
        walked = await walkBatch(tx, batch, hashes, start, known, options, bulk);
      } catch (error) {
        const idsWanted = error instanceof IdsNeeded || error instanceof BulkShort;
        if (!bulk || (!idsWanted && !isDataError(error))) throw error;
        await tx.query('rollback to savepoint journal_batch');
        // Walked without the archived ids, the batch is walked again with them: in bulk when it
        // needed them (a refusal, an effect, an id the insert found taken), else entry by entry.
        if (known.idsRead || !idsWanted) bulk = false;
        if (!known.idsRead) known = await readIds(tx, known, entries);
      }
    }
    await tx.query('release savepoint journal_batch');
    const { head } = walked;
    if (head.seq !== start.seq || head.hash !== start.hash || head.alt !== start.alt)
      await saveHead(tx, deviceId, head, options.now);
    return walked.results;
  });
}

/**
 * The answers of a batch whose every entry the archive has seen, or null. walkEntry would answer
 * each the same, in order, writing nothing and moving no head (those answers leave `known` as is).
 */
function replayed(
  entries: JournalBatchRequest['entries'],
  hashes: readonly Hashes[],
  known: Known,
): JournalEntryResult[] | null {
  const results: JournalEntryResult[] = [];
  for (const [i, raw] of entries.entries()) {
    const answer = answeredBefore(known, raw, hashes[i]!);
    if (!answer) return null;
    results.push(answer);
  }
  return results;
}

const copyOf = (known: Known): Known => ({
  archived: new Map(known.archived),
  refusals: new Map(known.refusals),
  ids: new Map(known.ids),
  idsRead: known.idsRead,
});

/** Walks the batch in chain order, then writes the plain entries it collected (bulk mode). */
async function walkBatch(
  tx: Queryable,
  batch: JournalBatchRequest,
  hashes: readonly Hashes[],
  start: Head,
  known: Known,
  options: IngestOptions,
  bulk: boolean,
): Promise<{ results: JournalEntryResult[]; head: Head }> {
  const walk: Walk = {
    tx,
    deviceId: batch.deviceId,
    options,
    head: start,
    known: copyOf(known),
    bulk,
    pending: [],
    training: [],
  };
  const results: JournalEntryResult[] = [];
  for (const [i, raw] of batch.entries.entries()) {
    if (sliceEnds(i)) await yieldTurn();
    results.push(await walkEntry(walk, raw, hashes[i]!));
  }
  const received = { at: options.now, by: options.receivedBy };
  await insertEntries(tx, walk.pending, received);
  // Art. 9: marked training, archived marked (plain entries have no effect to skip).
  await markTrainingEntries(tx, walk.training);
  return { results, head: walk.head };
}
