// One device's batch judged entry by entry in chain order (the policy: ingest.ts), against the
// head and what the archive holds, read once (repository.ts readKnown) and kept up to date here.
// Plain entries are collected for one bulk insert; an entry with an effect, a refusal and its
// alert are written as met. In `each` mode every entry is written as met, under its own savepoint.
import {
  EntryType,
  JournalEntry,
  linkBreak,
  type JournalEntryResult,
} from '../../common/journal-chain.js';
import type { JournalRejectReason } from '../../common/policy.js';
import type { ErrorCode } from '../../common/result.js';
import { raiseAlert } from '../alerts/repository.js';
import type { Queryable } from '../db.js';
import { markedTraining, markTrainingEntry, trainingEffectSkipped } from '../training/journal.js';
import { formatIssues } from '../validation.js';
import type { EffectRegistry } from './effects.js';
import {
  insertEntry,
  insertReject,
  refusalKey,
  underSavepoint,
  type Head,
  type Known,
} from './repository.js';
import { clean, type Hashes } from './storable.js';
import { surelyWellFormed } from './well-formed.js';

/** The body's entry: seq and id checked, the rest checked here. */
export type RawEntry = { seq: number; id: string; [key: string]: unknown };

export interface WalkOptions {
  receivedBy: string;
  now: Date;
  effects: EffectRegistry;
}

/** A batch being walked: the head and the archive as this batch leaves them so far. */
export interface Walk {
  tx: Queryable;
  deviceId: string;
  options: WalkOptions;
  head: Head;
  known: Known;
  /** Collect plain entries for one insert (true), or write each as met (false). */
  bulk: boolean;
  /** Plain entries to insert, in chain order, and the ids of those marked training. */
  pending: JournalEntry[];
  training: string[];
}

type Result = JournalEntryResult;

/**
 * Thrown before the walk writes anything but the bulk insert (a refusal, an entry with an effect)
 * while the archived ids are unread: every reason must be named, id-conflict too, so the caller
 * reads them and walks the batch again.
 */
export class IdsNeeded extends Error {
  override name = 'IdsNeeded';
}

const needIds = (walk: Walk): void => {
  if (!walk.known.idsRead) throw new IdsNeeded('the archived ids are needed');
};

/** Chain and identity: each reason found is a tamper signal, with a line saying what broke. */
function chainBreaks(walk: Walk, raw: RawEntry, hashes: Hashes) {
  const { head, known } = walk;
  const reasons: JournalRejectReason[] = [];
  const details: string[] = [];
  if (known.archived.has(raw.seq)) {
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
  const holder = known.ids.get(raw.id);
  if (holder && !(holder.deviceId === walk.deviceId && holder.seq === raw.seq)) {
    reasons.push('id-conflict');
    details.push('id is already archived for another entry');
  }
  return { reasons, details };
}

/** Past the head, a refused entry still moves the head on, so the entry after it links. */
function movedOn(head: Head, seq: number, hashes: Hashes): Head {
  const hash = hashes.claimed ?? hashes.computed;
  if (seq <= head.seq || !hash) return head;
  const alt = hashes.claimed && hashes.computed && !hashes.ok ? hashes.computed : null;
  return { seq, hash, alt };
}

/** Keeps the refused entry with its reasons and alert, and answers the refusal. */
async function refuse(
  walk: Walk,
  raw: RawEntry,
  hashes: Hashes,
  refusal: { kind: 'journal-tamper' | 'dead-letters'; reasons: readonly JournalRejectReason[] },
  code: ErrorCode,
  message: string,
  details: Record<string, unknown>,
): Promise<Result> {
  needIds(walk);
  const { tx, deviceId, options } = walk;
  const alertId = await raiseAlert(tx, {
    kind: refusal.kind,
    at: options.now,
    agentUsername: options.receivedBy,
    deviceId,
    reasons: [...refusal.reasons],
    details: { ...details, type: EntryType.safeParse(raw.type).data ?? null },
  });
  await insertReject(tx, {
    deviceId,
    raw,
    claimedHash: hashes.claimed,
    reasons: refusal.reasons,
    code,
    message,
    alertId,
    received: { at: options.now, by: options.receivedBy },
  });
  const key = refusalKey(raw.seq, hashes.claimed);
  // As journal_rejects keeps it: the first refusal of an entry stands.
  if (!walk.known.refusals.has(key))
    walk.known.refusals.set(key, { code, message: clean(message) });
  walk.head = movedOn(walk.head, raw.seq, hashes);
  return { seq: raw.seq, id: raw.id, status: 'rejected', error: { code, message } };
}

/** Writes an entry with an effect (or any entry, entry by entry) under its own savepoint. */
async function store(walk: Walk, entry: JournalEntry, effectData: unknown): Promise<boolean> {
  needIds(walk);
  const { tx, options } = walk;
  const effect = options.effects[entry.type];
  // A savepoint, so a row the database refuses (a constraint) refuses this entry only — never the
  // whole batch again and again, which would stall the desktop's queue.
  return underSavepoint(tx, async () => {
    await insertEntry(tx, entry, { at: options.now, by: options.receivedBy });
    // Art. 9: a training call's call-back or complaint never reaches the live queues, marked or
    // not; an unmarked one the service knows is training is archived marked all the same.
    const skipped = effect !== undefined && (await trainingEffectSkipped(tx, entry));
    if (markedTraining(entry) || skipped) await markTrainingEntry(tx, entry);
    if (effect && !skipped) await effect.apply({ tx, entry, now: options.now }, effectData);
  });
}

/** The answer an entry the archive has already seen gets again (nothing written), or null. */
export function answeredBefore(known: Known, raw: RawEntry, hashes: Hashes): Result | null {
  const { seq, id } = raw;
  const archived = known.archived.get(seq);
  if (archived !== undefined && archived === hashes.claimed && hashes.ok)
    return { seq, id, status: 'duplicate' };
  const prior = known.refusals.get(refusalKey(seq, hashes.claimed));
  return prior ? { seq, id, status: 'rejected', error: { ...prior } } : null;
}

/** Judges one entry, writes or collects what it needs, and moves the head. */
export async function walkEntry(walk: Walk, raw: RawEntry, hashes: Hashes): Promise<Result> {
  const { seq, id } = raw;
  const name = `entry seq ${seq} (id ${id})`;
  const before = answeredBefore(walk.known, raw, hashes);
  if (before) return before;

  const { reasons, details } = chainBreaks(walk, raw, hashes);
  if (reasons.length > 0)
    return refuse(
      walk,
      raw,
      hashes,
      { kind: 'journal-tamper', reasons },
      'conflict',
      `${name} refused: journal chain broken (${details.join('; ')}); a journal-tamper alert was raised`,
      { seq, entryId: id, expectedSeq: walk.head.seq + 1 },
    );

  // The chain holds from here on: refusals below are about content, not tampering. The desk
  // dead-letters such an entry, so a lead must see it (Art. 11: a record nobody can sync is a
  // record at risk): one `dead-letters` alert per refused entry, naming it, never its content.
  const content = (reason: JournalRejectReason, problem: string) =>
    refuse(
      walk,
      raw,
      hashes,
      { kind: 'dead-letters', reasons: [reason] },
      'bad-request',
      clean(`${name} refused: ${problem}`),
      { seq, entryId: id },
    );
  let entry: JournalEntry;
  if (surelyWellFormed(raw)) entry = raw;
  else {
    const parsed = JournalEntry.safeParse(raw);
    if (!parsed.success) return content('malformed', formatIssues(parsed.error).join('; '));
    entry = parsed.data;
  }
  if (entry.deviceId !== walk.deviceId)
    return content('malformed', `deviceId: does not match the batch's deviceId`);
  const effect = walk.options.effects[entry.type];
  let effectData: unknown;
  if (effect) {
    const data = effect.data.safeParse(entry.data);
    if (!data.success)
      return content(
        'effect-invalid',
        `${entry.type} data: ${formatIssues(data.error).join('; ')}`,
      );
    effectData = data.data;
  }

  if (walk.bulk && !effect) {
    walk.pending.push(entry);
    if (markedTraining(entry)) walk.training.push(entry.id);
  } else if (!(await store(walk, entry, effectData))) {
    return content('effect-invalid', 'the records database refused its data');
  }
  walk.known.archived.set(seq, entry.hash);
  walk.known.ids.set(id, { deviceId: walk.deviceId, seq });
  walk.head = { seq, hash: entry.hash, alt: null };
  return { seq, id, status: 'applied' };
}
