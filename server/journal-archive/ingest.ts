// Ingest of one device's journal batch (Art. 11: every step, result and action archived). Each
// entry is stored once per (device, seq) with its effect in one transaction, so a replay answers
// `duplicate`. The desktop must never stall, and no break may pass unflagged: the chain policy is
// written out above ingestBatch.
import { z } from 'zod';
import {
  DeviceId,
  entryHash,
  EntryType,
  JournalEntry,
  linkBreak,
  type JournalEntryResult,
} from '../../common/journal-chain.js';
import type { JournalRejectReason } from '../../common/policy.js';
import type { ErrorCode } from '../../common/result.js';
import { raiseAlert } from '../alerts/repository.js';
import type { Db, Queryable } from '../db.js';
import { formatIssues } from '../validation.js';
import type { EffectRegistry } from './effects.js';
import { markedTraining, markTrainingEntry, trainingEffectSkipped } from '../training/journal.js';
import {
  archivedHash,
  idTakenElsewhere,
  insertEntry,
  insertReject,
  lockHead,
  priorRefusal,
  saveHead,
  underSavepoint,
  type Head,
} from './repository.js';
import { clean, MAX_DEPTH, nestsDeeperThan } from './storable.js';

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
}

/** Why an entry was refused (common/policy/alert-codes.ts); chain reasons: journal-chain.ts. */
type RejectReason = JournalRejectReason;

const HEX64 = /^[0-9a-f]{64}$/;

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

/**
 * Ingests one device's batch in one transaction, holding that device's head row locked (a second
 * batch for the same device waits, then sees duplicates). Answers one result per entry, in order.
 */
export async function ingestBatch(
  db: Db,
  batch: JournalBatchRequest,
  options: IngestOptions,
): Promise<JournalEntryResult[]> {
  const { deviceId } = batch;
  return db.transaction(async (tx) => {
    const start = await lockHead(tx, deviceId, options.now);
    let head = start;
    const results: JournalEntryResult[] = [];
    for (const raw of batch.entries) {
      const outcome = await ingestEntry(tx, deviceId, raw, head, options);
      head = outcome.head;
      results.push(outcome.result);
    }
    if (head.seq !== start.seq || head.hash !== start.hash || head.alt !== start.alt)
      await saveHead(tx, deviceId, head, options.now);
    return results;
  });
}

interface Outcome {
  result: JournalEntryResult;
  head: Head;
}

/** The entry's hashes: as claimed (if well-formed), as computed from its content (if it can be). */
interface Hashes {
  claimed: string | null;
  computed: string | null;
  ok: boolean;
}

async function hashesOf(raw: EntryEnvelope): Promise<Hashes> {
  const claimed = typeof raw.hash === 'string' && HEX64.test(raw.hash) ? raw.hash : null;
  // The hash is checked on the entry as sent, well-formed or not: tampering is reported as such.
  // Null when it cannot be computed (absurd nesting, a number JSON cannot hold): never a match.
  const computed = nestsDeeperThan(raw, MAX_DEPTH) ? null : await entryHash(raw).catch(() => null);
  return { claimed, computed, ok: claimed !== null && claimed === computed };
}

/** Chain and identity: each reason found is a tamper signal, with a line saying what broke. */
async function chainBreaks(
  tx: Queryable,
  deviceId: string,
  raw: EntryEnvelope,
  head: Head,
  hashes: Hashes,
  archived: boolean,
) {
  const reasons: RejectReason[] = [];
  const details: string[] = [];
  if (archived) {
    reasons.push('seq-conflict');
    details.push(`seq ${raw.seq} is already archived with other content`);
  } else {
    const prevHash = typeof raw.prevHash === 'string' ? raw.prevHash : '';
    const broken = linkBreak(head.alt === prevHash ? { seq: head.seq, hash: head.alt } : head, {
      seq: raw.seq,
      prevHash,
    });
    if (broken) {
      reasons.push(broken);
      details.push(
        broken === 'prev-hash-mismatch'
          ? 'prevHash does not match the previous entry'
          : `${broken}: expected seq ${head.seq + 1}`,
      );
    }
  }
  if (!hashes.ok) {
    reasons.push('hash-mismatch');
    details.push(
      hashes.computed
        ? 'hash does not match the entry content'
        : 'hash cannot be computed for the entry content',
    );
  }
  if (await idTakenElsewhere(tx, raw.id, deviceId, raw.seq)) {
    reasons.push('id-conflict');
    details.push('id is already archived for another entry');
  }
  return { reasons, details };
}

async function ingestEntry(
  tx: Queryable,
  deviceId: string,
  raw: EntryEnvelope,
  head: Head,
  options: IngestOptions,
): Promise<Outcome> {
  const { seq, id } = raw;
  const name = `entry seq ${seq} (id ${id})`;
  const hashes = await hashesOf(raw);
  const { claimed: claimedHash, computed: computedHash } = hashes;

  const archived = await archivedHash(tx, deviceId, seq);
  if (archived !== undefined && archived === claimedHash && hashes.ok)
    return { result: { seq, id, status: 'duplicate' }, head };

  const refused = await priorRefusal(tx, deviceId, seq, claimedHash);
  if (refused)
    return {
      result: {
        seq,
        id,
        status: 'rejected',
        error: { code: refused.code, message: refused.message },
      },
      head,
    };

  const { reasons, details } = await chainBreaks(
    tx,
    deviceId,
    raw,
    head,
    hashes,
    archived !== undefined,
  );
  // Past the head, a refused entry still moves the head on, so the entry after it links (see top).
  const moveOn = (): Head => {
    const hash = claimedHash ?? computedHash;
    if (seq <= head.seq || !hash) return head;
    return { seq, hash, alt: claimedHash && computedHash && !hashes.ok ? computedHash : null };
  };
  const received = { at: options.now, by: options.receivedBy };
  const quarantine = (
    why: readonly RejectReason[],
    code: ErrorCode,
    message: string,
    alertId: string | null,
  ) =>
    insertReject(tx, {
      deviceId,
      raw,
      claimedHash,
      reasons: why,
      code,
      message,
      alertId,
      received,
    });

  if (reasons.length > 0) {
    const message = `${name} refused: journal chain broken (${details.join('; ')}); a journal-tamper alert was raised`;
    const alertId = await raiseAlert(tx, {
      kind: 'journal-tamper',
      at: options.now,
      agentUsername: options.receivedBy,
      deviceId,
      reasons,
      details: {
        seq,
        entryId: id,
        expectedSeq: head.seq + 1,
        type: EntryType.safeParse(raw.type).data ?? null,
      },
    });
    await quarantine(reasons, 'conflict', message, alertId);
    return {
      result: { seq, id, status: 'rejected', error: { code: 'conflict', message } },
      head: moveOn(),
    };
  }

  // The chain holds from here on: refusals below are about content, not tampering. The desk
  // dead-letters such an entry, so a lead must see it (Art. 11: a record nobody can sync is a
  // record at risk): one `dead-letters` alert per refused entry, naming it, never its content.
  const refuse = async (reason: RejectReason, problem: string): Promise<Outcome> => {
    const message = clean(`${name} refused: ${problem}`);
    const alertId = await raiseAlert(tx, {
      kind: 'dead-letters',
      at: options.now,
      agentUsername: options.receivedBy,
      deviceId,
      reasons: [reason],
      details: { seq, entryId: id, type: EntryType.safeParse(raw.type).data ?? null },
    });
    await quarantine([reason], 'bad-request', message, alertId);
    return {
      result: { seq, id, status: 'rejected', error: { code: 'bad-request', message } },
      head: moveOn(),
    };
  };

  const parsed = JournalEntry.safeParse(raw);
  if (!parsed.success) return refuse('malformed', formatIssues(parsed.error).join('; '));
  const entry = parsed.data;
  if (entry.deviceId !== deviceId)
    return refuse('malformed', `deviceId: does not match the batch's deviceId`);

  const effect = options.effects[entry.type];
  let effectData: unknown;
  if (effect) {
    const data = effect.data.safeParse(entry.data);
    if (!data.success)
      return refuse('effect-invalid', `${entry.type} data: ${formatIssues(data.error).join('; ')}`);
    effectData = data.data;
  }

  // A savepoint, so a row the database refuses (a constraint) refuses this entry only — never the
  // whole batch again and again, which would stall the desktop's queue.
  const stored = await underSavepoint(tx, async () => {
    await insertEntry(tx, entry, received);
    // Art. 9: a training call's call-back or complaint never reaches the live queues, marked or
    // not; an unmarked one the service knows is training is archived marked all the same.
    const skipped = effect !== undefined && (await trainingEffectSkipped(tx, entry));
    if (markedTraining(entry) || skipped) await markTrainingEntry(tx, entry);
    if (effect && !skipped) await effect.apply({ tx, entry, now: options.now }, effectData);
  });
  if (!stored) return refuse('effect-invalid', 'the records database refused its data');
  return { result: { seq, id, status: 'applied' }, head: { seq, hash: entry.hash, alt: null } };
}
