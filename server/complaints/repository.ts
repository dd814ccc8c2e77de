// Complaints in the database (Art. 16): one row per `complaint.recorded` journal entry, with its
// response deadline, listed earliest deadline first. It holds masked customer references only,
// never a full number (Art. 11).
import { randomUUID } from 'node:crypto';
import { ComplaintRecord } from '../../common/records-api.js';
import type { ComplaintRecordedData, JournalEntry } from '../../common/journal-chain.js';
import type { Queryable } from '../db.js';

export { ComplaintStatus } from '../../common/records-api.js';
/** One complaint as `GET /api/v1/complaints` lists it. */
export const Complaint = ComplaintRecord;
export type Complaint = ComplaintRecord;

export async function insertComplaint(
  tx: Queryable,
  {
    entry,
    data,
    respondBy,
    now,
  }: { entry: JournalEntry; data: ComplaintRecordedData; respondBy: Date; now: Date },
): Promise<void> {
  await tx.query(
    `insert into complaints (id, entry_id, device_id, call_id, customer_id, customer_ref, category, summary, recorded_at, recorded_by, respond_by, status, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12)`,
    [
      randomUUID(),
      entry.id,
      entry.deviceId,
      entry.callId ?? data.callId ?? null,
      data.customerId ?? null,
      data.customerRef ?? null,
      data.category,
      data.summary,
      entry.at,
      entry.agent,
      respondBy,
      now,
    ],
  );
}

const iso = (value: Date | string) => new Date(value).toISOString();
const COLUMNS = `id, entry_id, device_id, call_id, customer_id, customer_ref, category, summary, recorded_at,
  recorded_by, respond_by, status, closed_at, closed_by, answer`;
type Row = Record<string, string | Date | null>;

const toComplaint = (r: Row): Complaint => ({
  id: String(r.id),
  entryId: String(r.entry_id),
  deviceId: String(r.device_id),
  callId: r.call_id as string | null,
  customerId: r.customer_id as string | null,
  customerRef: r.customer_ref as string | null,
  category: String(r.category),
  summary: String(r.summary),
  recordedAt: iso(r.recorded_at!),
  recordedBy: r.recorded_by as string | null,
  respondBy: iso(r.respond_by!),
  status: r.status as Complaint['status'],
  closedAt: r.closed_at ? iso(r.closed_at) : null,
  closedBy: r.closed_by as string | null,
  answer: r.answer as string | null,
});

/** Earliest deadline first; every status when `status` is undefined. */
export async function listComplaints(
  db: Queryable,
  status: Complaint['status'] | undefined,
  limit: number,
): Promise<Complaint[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from complaints where ($1::text is null or status = $1)
      order by respond_by, id limit $2`,
    [status ?? null, limit],
  );
  return rows.map(toComplaint);
}

/**
 * Answers and closes a complaint that is not closed yet (Art. 16); undefined when there is no such
 * complaint or it was closed already (one statement: two leads cannot both close it).
 */
export async function closeComplaint(
  db: Queryable,
  id: string,
  close: { at: Date; by: string; answer: string },
): Promise<Complaint | undefined> {
  const { rows } = await db.query<Row>(
    `update complaints set status = 'closed', closed_at = $2, closed_by = $3, answer = $4
      where id = $1 and status <> 'closed' returning ${COLUMNS}`,
    [id, close.at, close.by, close.answer],
  );
  return rows[0] ? toComplaint(rows[0]) : undefined;
}

export async function complaintStatus(
  db: Queryable,
  id: string,
): Promise<Complaint['status'] | undefined> {
  const { rows } = await db.query<{ status: Complaint['status'] }>(
    'select status from complaints where id = $1',
    [id],
  );
  return rows[0]?.status;
}
