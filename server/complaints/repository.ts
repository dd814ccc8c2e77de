// Complaints in the database (Art. 16): one row per `complaint.recorded` journal entry, with its
// response deadline (the lead's queue: actions.ts). It holds masked customer references only,
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
