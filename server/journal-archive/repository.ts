// The journal archive in the database (Art. 11): per device the head of its chain, the archived
// entries (once per device and seq), and every refused entry as sent with its reasons. Callers
// hold the device's head row locked for the whole batch, so two batches never both append.
import { GENESIS_HASH, type JournalEntry } from '../../common/journal-chain.js';
import type { ErrorCode } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { clean, entryToKeep } from './storable.js';

/** The last entry seen of a device; `alt`: the hash of its content when it differs from `hash`. */
export interface Head {
  seq: number;
  hash: string;
  alt: string | null;
}

/** Creates the device's head at genesis if missing, and locks it for the transaction. */
export async function lockHead(tx: Queryable, deviceId: string, now: Date): Promise<Head> {
  await tx.query(
    `insert into journal_heads (device_id, last_seq, last_hash, updated_at) values ($1, 0, $2, $3) on conflict (device_id) do nothing`,
    [deviceId, GENESIS_HASH, now],
  );
  const { rows } = await tx.query<{
    last_seq: string;
    last_hash: string;
    last_alt_hash: string | null;
  }>(
    'select last_seq::text as last_seq, last_hash, last_alt_hash from journal_heads where device_id = $1 for update',
    [deviceId],
  );
  return { seq: Number(rows[0]!.last_seq), hash: rows[0]!.last_hash, alt: rows[0]!.last_alt_hash };
}

export async function saveHead(
  tx: Queryable,
  deviceId: string,
  head: Head,
  now: Date,
): Promise<void> {
  await tx.query(
    'update journal_heads set last_seq = $2, last_hash = $3, last_alt_hash = $4, updated_at = $5 where device_id = $1',
    [deviceId, head.seq, head.hash, head.alt, now],
  );
}

/** The hash archived at this device and seq, or undefined. */
export async function archivedHash(
  tx: Queryable,
  deviceId: string,
  seq: number,
): Promise<string | undefined> {
  return (
    await tx.query<{ hash: string }>(
      'select hash from journal_entries where device_id = $1 and seq = $2',
      [deviceId, seq],
    )
  ).rows[0]?.hash;
}

/** The refusal already given to this entry (same device, seq and claimed hash), or undefined. */
export async function priorRefusal(
  tx: Queryable,
  deviceId: string,
  seq: number,
  claimedHash: string | null,
): Promise<{ code: ErrorCode; message: string } | undefined> {
  const { rows } = await tx.query<{ code: ErrorCode; message: string }>(
    'select code, message from journal_rejects where device_id = $1 and seq = $2 and hash = $3',
    [deviceId, seq, claimedHash ?? ''],
  );
  return rows[0];
}

/** True when `id` is archived for any other entry than this device's `seq`. */
export async function idTakenElsewhere(
  tx: Queryable,
  id: string,
  deviceId: string,
  seq: number,
): Promise<boolean> {
  const { rows } = await tx.query<{ seq: string }>(
    'select seq::text as seq from journal_entries where id = $1 and not (device_id = $2 and seq = $3)',
    [id, deviceId, seq],
  );
  return rows[0] !== undefined;
}

export async function insertEntry(
  tx: Queryable,
  entry: JournalEntry,
  received: { at: Date; by: string },
): Promise<void> {
  await tx.query(
    `insert into journal_entries (device_id, seq, id, hash, prev_hash, type, at, agent, call_id, data, received_at, received_by, mac)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13)`,
    [
      entry.deviceId,
      entry.seq,
      entry.id,
      entry.hash,
      entry.prevHash,
      entry.type,
      entry.at,
      entry.agent,
      entry.callId ?? null,
      JSON.stringify(entry.data),
      received.at,
      received.by,
      entry.mac ?? null,
    ],
  );
}

/** SQLSTATE classes meaning "this row's data", not "the database": 22 data, 23 integrity. */
const isDataError = (error: unknown): boolean =>
  /^2[23]/.test(String((error as { code?: unknown })?.code ?? ''));

/**
 * Runs `fn` under a savepoint. A row the database refuses (a data or integrity error) rolls back
 * `fn` alone and answers false; any other failure is thrown and fails the whole transaction.
 */
export async function underSavepoint(tx: Queryable, fn: () => Promise<void>): Promise<boolean> {
  await tx.query('savepoint journal_entry');
  try {
    await fn();
    await tx.query('release savepoint journal_entry');
    return true;
  } catch (error) {
    if (!isDataError(error)) throw error;
    await tx.query('rollback to savepoint journal_entry');
    return false;
  }
}

export interface Reject {
  deviceId: string;
  raw: { seq: number; id: string; [key: string]: unknown };
  claimedHash: string | null;
  reasons: readonly string[];
  code: ErrorCode;
  message: string;
  alertId: string | null;
  received: { at: Date; by: string };
}

/** Keeps a refused entry as sent (once per device, seq and claimed hash). */
export async function insertReject(tx: Queryable, r: Reject): Promise<void> {
  await tx.query(
    `insert into journal_rejects (device_id, seq, hash, entry_id, reasons, code, message, entry, alert_id, received_at, received_by)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb, $9, $10, $11)
     on conflict (device_id, seq, hash) do nothing`,
    [
      r.deviceId,
      r.raw.seq,
      r.claimedHash ?? '',
      r.raw.id,
      JSON.stringify(r.reasons),
      r.code,
      clean(r.message),
      JSON.stringify(entryToKeep(r.raw)),
      r.alertId,
      r.received.at,
      r.received.by,
    ],
  );
}

/** A device's archived entries in seq order, rebuilt exactly as hashed and MACed (verifyChain). */
export async function readArchivedEntries(
  db: Queryable,
  deviceId: string,
): Promise<JournalEntry[]> {
  const { rows } = await db.query<{
    seq: string;
    id: string;
    hash: string;
    prev_hash: string;
    type: string;
    at: Date;
    agent: string | null;
    call_id: string | null;
    data: JournalEntry['data'];
    mac: string | null;
  }>(
    'select seq::text as seq, id, hash, prev_hash, type, at, agent, call_id, data, mac from journal_entries where device_id = $1 order by journal_entries.seq',
    [deviceId],
  );
  return rows.map((r) => ({
    deviceId,
    seq: Number(r.seq),
    id: r.id,
    at: new Date(r.at).toISOString(),
    agent: r.agent,
    ...(r.call_id === null ? {} : { callId: r.call_id }),
    type: r.type,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
    ...(r.mac === null ? {} : { mac: r.mac }),
  }));
}
