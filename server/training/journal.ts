// Training journal entries (Art. 9): archived like every entry and marked in
// journal_training_entries; an effect (a call-back, a complaint) is skipped whenever the records
// service itself knows the call was training — its session is a training session, or, with no
// session, its customer is a training customer — whatever the desk's mark says. A
// training-marked entry about a live session or customer still takes effect: no live work lost.
import type { JournalEntry } from '../../common/journal-chain.js';
import type { Queryable } from '../db.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOf = (value: unknown): string | null =>
  typeof value === 'string' && UUID.test(value) ? value : null;

export const markedTraining = (entry: JournalEntry): boolean => entry.data.training === true;

export async function markTrainingEntry(tx: Queryable, entry: JournalEntry): Promise<void> {
  await tx.query('insert into journal_training_entries (entry_id) values ($1)', [entry.id]);
}

/**
 * Whether an entry's effect is skipped: the service knows the call was training. The desk's mark
 * is not read — an unmarked entry (a desk that lost its marks) about a training session is skipped.
 */
export async function trainingEffectSkipped(tx: Queryable, entry: JournalEntry): Promise<boolean> {
  const sessionId = uuidOf(entry.data.sessionId);
  const sessions = await tx.query<{ training: boolean }>(
    `select training from verification_sessions
      where id = $1::uuid or ($1::uuid is null and $2::text is not null and call_id = $2)`,
    [sessionId, entry.callId ?? null],
  );
  if (sessions.rows.length > 0) return sessions.rows.every((s) => s.training);
  const customerId = uuidOf(entry.data.customerId);
  if (customerId === null) return false;
  const customer = await tx.query<{ training: boolean }>(
    'select training from customers where id = $1',
    [customerId],
  );
  return customer.rows[0]?.training === true;
}

/** markTrainingEntry for many entries at once (a batch's plain entries). */
export async function markTrainingEntries(
  tx: Queryable,
  entryIds: readonly string[],
): Promise<void> {
  if (entryIds.length === 0) return;
  await tx.query('insert into journal_training_entries (entry_id) select unnest($1::uuid[])', [
    entryIds,
  ]);
}
