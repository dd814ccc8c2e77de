// Complaints in the database (Art. 16): one row per `complaint.recorded` journal entry, with its
// response deadline, listed earliest deadline first. It holds masked customer references only,
// never a full number (Art. 11).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ComplaintRecordedData, JournalEntry } from '../../common/journal-chain.js';
import type { Queryable } from '../db.js';

export const ComplaintStatus = z.enum(['open', 'answered', 'closed']);

/** One complaint as `GET /api/v1/complaints` lists it. */
export const Complaint = z.object({
  id: z.string(),
  entryId: z.string(),
  deviceId: z.string(),
  callId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerRef: z.string().nullable(),
  category: z.string(),
  summary: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  respondBy: z.string(),
  status: ComplaintStatus,
});
export type Complaint = z.infer<typeof Complaint>;

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

/** Earliest deadline first; every status when `status` is undefined. */
export async function listComplaints(
  db: Queryable,
  status: Complaint['status'] | undefined,
  limit: number,
): Promise<Complaint[]> {
  const { rows } = await db.query<Record<string, string | Date | null>>(
    `select id, entry_id, device_id, call_id, customer_id, customer_ref, category, summary, recorded_at, recorded_by, respond_by, status
       from complaints where ($1::text is null or status = $1) order by respond_by, id limit $2`,
    [status ?? null, limit],
  );
  return rows.map((r) => ({
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
  }));
}
