// The call-back queue in the database: one row per `callback.requested` journal entry (Art. 12
// outage procedure) or per exception procedure (Art. 5(2), opened by the records service for a
// session), closed once by a lead with who, when and a note. Masked customer reference only, never
// a full number (Art. 11).
import { randomUUID } from 'node:crypto';
import type { CallbackRequestedData, JournalEntry } from '../../common/journal-chain.js';
import type { CallbackRecord } from '../../common/records-api.js';
import type { Queryable } from '../db.js';

const CALLBACK_COLUMNS =
  'id, kind, entry_id, device_id, session_id, call_id, customer_id, customer_ref, reason, notes, requested_at, requested_by, status, closed_at, closed_by, close_note, ' +
  // People by name (Art. 10): who asked for it, who closed it.
  '(select name from agents where username = requested_by) as requested_by_name, ' +
  '(select name from agents where username = closed_by) as closed_by_name';
type CallbackRow = Record<string, string | Date | null>;
const isoOrNull = (value: string | Date | null | undefined) =>
  value === null || value === undefined ? null : new Date(value).toISOString();
const callbackView = (r: CallbackRow): CallbackRecord => ({
  id: String(r.id),
  kind: r.kind as CallbackRecord['kind'],
  entryId: r.entry_id as string | null,
  deviceId: r.device_id as string | null,
  sessionId: r.session_id as string | null,
  callId: r.call_id as string | null,
  customerId: r.customer_id as string | null,
  customerRef: String(r.customer_ref),
  reason: String(r.reason),
  notes: r.notes as string | null,
  requestedAt: new Date(r.requested_at!).toISOString(),
  requestedBy: r.requested_by as string | null,
  requestedByName: r.requested_by_name as string | null,
  status: r.status as CallbackRecord['status'],
  closedAt: isoOrNull(r.closed_at),
  closedBy: r.closed_by as string | null,
  closedByName: r.closed_by_name as string | null,
  closeNote: r.close_note as string | null,
});

export async function insertCallback(
  tx: Queryable,
  { entry, data, now }: { entry: JournalEntry; data: CallbackRequestedData; now: Date },
): Promise<void> {
  await tx.query(
    `insert into callbacks (id, entry_id, device_id, call_id, customer_id, customer_ref, reason, notes, requested_at, requested_by, status, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11)`,
    [
      randomUUID(),
      entry.id,
      entry.deviceId,
      entry.callId ?? null,
      data.customerId ?? null,
      data.customerRef,
      data.reason,
      data.notes ?? null,
      entry.at,
      entry.agent,
      now,
    ],
  );
}

export interface ExceptionFollowUp {
  sessionId: string;
  callId: string;
  customerId: string;
  /** The reserved mobile, masked (`139****0001`): the lead calls the number on record. */
  customerRef: string;
  reason: string;
  agent: string;
  at: Date;
}

/**
 * Art. 5(2): the exception procedure's follow-up case — a lead calls the customer back on the
 * reserved mobile. Once per session: a second call for the same session changes nothing. True when
 * this call opened it.
 */
export async function openExceptionFollowUp(tx: Queryable, f: ExceptionFollowUp): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into callbacks (id, kind, session_id, call_id, customer_id, customer_ref, reason, requested_at, requested_by, status, created_at)
     values ($1, 'exception', $2, $3, $4, $5, $6, $7, $8, 'open', $7)
     on conflict (session_id) do nothing returning id`,
    [randomUUID(), f.sessionId, f.callId, f.customerId, f.customerRef, f.reason, f.at, f.agent],
  );
  return rows.length > 0;
}

/** Oldest first; every status when `status` is undefined. */
/**
 * A page of call-backs. Open (or every status): oldest requested first; `closed` (done or
 * cancelled), `done`, `cancelled`: newest closed first — the history. One more row than asked says
 * whether a next page exists.
 */
export async function listCallbacks(
  db: Queryable,
  status: CallbackRecord['status'] | 'closed' | undefined,
  limit: number,
  offset = 0,
): Promise<{ callbacks: CallbackRecord[]; nextOffset: number | null; total: number }> {
  const history = status !== undefined && status !== 'open';
  const where = `where ($1::text is null or status = $1 or ($1 = 'closed' and status <> 'open'))`;
  const { rows } = await db.query<CallbackRow>(
    `select ${CALLBACK_COLUMNS} from callbacks ${where}
      order by ${history ? 'closed_at desc, id' : 'requested_at, id'} limit $2 offset $3`,
    [status ?? null, limit + 1, offset],
  );
  // The whole list's size, beyond this page: what the console's tab and count show.
  const counted = await db.query<{ total: number }>(
    `select count(*)::int as total from callbacks ${where}`,
    [status ?? null],
  );
  return {
    callbacks: rows.slice(0, limit).map(callbackView),
    nextOffset: rows.length > limit ? offset + limit : null,
    total: counted.rows[0]!.total,
  };
}

/** Closes an open call-back; undefined when there is none open with this id. */
export async function closeCallback(
  db: Queryable,
  id: string,
  close: { outcome: string; at: Date; by: string; note: string | null },
): Promise<CallbackRecord | undefined> {
  const { rows } = await db.query<CallbackRow>(
    `update callbacks set status = $2, closed_at = $3, closed_by = $4, close_note = $5
      where id = $1 and status = 'open' returning ${CALLBACK_COLUMNS}`,
    [id, close.outcome, close.at, close.by, close.note],
  );
  return rows[0] ? callbackView(rows[0]) : undefined;
}

/** The call-back's status, or undefined for an unknown id. */
export async function callbackStatus(db: Queryable, id: string): Promise<string | undefined> {
  return (await db.query<{ status: string }>('select status from callbacks where id = $1', [id]))
    .rows[0]?.status;
}
