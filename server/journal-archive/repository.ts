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

/** What the archive already holds that a batch's entries may meet: read once per batch. */
export interface Known {
  /** seq → hash archived for the device. */
  archived: Map<number, string>;
  /** `${seq} ${claimed hash or ''}` → the refusal already given to that entry. */
  refusals: Map<string, { code: ErrorCode; message: string }>;
  /** entry id → where it is archived (any device); read only once the walk needs it (idsRead). */
  ids: Map<string, { deviceId: string; seq: number }>;
  idsRead: boolean;
}

export const refusalKey = (seq: number, claimedHash: string | null): string =>
  `${seq} ${claimedHash ?? ''}`;

/**
 * Reads, in two indexed look-ups, the archived hashes and prior refusals a batch can meet. Only
 * seqs at or behind the head can be archived (the head is the last entry seen, and it never moves
 * back), so a first delivery skips that look-up. The archived ids are read by readIds, only when
 * the walk needs them (ingest.ts): an id taken elsewhere is rare, and the insert's unique index
 * notices it anyway.
 */
export async function readKnown(
  tx: Queryable,
  deviceId: string,
  entries: readonly { seq: number; id: string }[],
  headSeq: number,
): Promise<Known> {
  const seqs = entries.map((e) => e.seq);
  const behind = seqs.filter((seq) => seq <= headSeq);
  const [archived, refusals] = [
    behind.length === 0
      ? []
      : (
          await tx.query<{ seq: string; hash: string }>(
            'select seq::text as seq, hash from journal_entries where device_id = $1 and seq = any($2::bigint[])',
            [deviceId, behind],
          )
        ).rows,
    (
      await tx.query<{ seq: string; hash: string; code: ErrorCode; message: string }>(
        'select seq::text as seq, hash, code, message from journal_rejects where device_id = $1 and seq = any($2::bigint[])',
        [deviceId, seqs],
      )
    ).rows,
  ];
  return {
    archived: new Map(archived.map((r) => [Number(r.seq), r.hash])),
    refusals: new Map(
      refusals.map((r) => [
        refusalKey(Number(r.seq), r.hash || null),
        { code: r.code, message: r.message },
      ]),
    ),
    ids: new Map(),
    idsRead: false,
  };
}

/** `known` with the archived ids the batch's entries carry (any device), in one look-up. */
export async function readIds(
  tx: Queryable,
  known: Known,
  entries: readonly { id: string }[],
): Promise<Known> {
  const { rows } = await tx.query<{ id: string; device_id: string; seq: string }>(
    'select id::text as id, device_id, seq::text as seq from journal_entries where id = any($1::uuid[])',
    [entries.map((e) => e.id)],
  );
  return {
    ...known,
    ids: new Map(rows.map((r) => [r.id, { deviceId: r.device_id, seq: Number(r.seq) }])),
    idsRead: true,
  };
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

/** Thrown when a bulk insert stored fewer rows than given (another transaction took an id). */
export class BulkShort extends Error {
  override name = 'BulkShort';
}

/**
 * Inserts entries in one statement (one JSON parameter, the same on PGlite and PostgreSQL). The
 * caller has checked under the head lock that no (device, seq) or id is archived; a row skipped
 * anyway (an id taken meanwhile by another device's batch) throws BulkShort, so the caller can
 * redo the batch entry by entry.
 */
export async function insertEntries(
  tx: Queryable,
  entries: readonly JournalEntry[],
  received: { at: Date; by: string },
): Promise<void> {
  if (entries.length === 0) return;
  // The entries as they are (JournalEntry is strict: these keys only; a missing callId or mac
  // reads as null), named by their JSON keys: no row object per entry. jsonb, not json: parsed
  // once, then each field is read from the binary value (json_to_recordset re-reads text per
  // field and costs PostgreSQL some 15 ms more per 1,000 entries).
  const { rows: stored } = await tx.query<{ n: number }>(
    `with added as (
       insert into journal_entries (device_id, seq, id, hash, prev_hash, type, at, agent, call_id, data, received_at, received_by, mac)
       select "deviceId", seq, id, hash, "prevHash", type, at, agent, "callId", data, $2, $3, mac
         from jsonb_to_recordset($1::jsonb) as t("deviceId" text, seq bigint, id uuid, hash text,
           "prevHash" text, type text, at timestamptz, agent text, "callId" text, data jsonb, mac text)
       on conflict do nothing
       returning 1)
     select count(*)::int as n from added`,
    [JSON.stringify(entries), received.at, received.by],
  );
  if (stored[0]!.n !== entries.length)
    throw new BulkShort(`${entries.length - stored[0]!.n} of ${entries.length} entries not stored`);
}

/** SQLSTATE classes meaning "this row's data", not "the database": 22 data, 23 integrity. */
export const isDataError = (error: unknown): boolean =>
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
