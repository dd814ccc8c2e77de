// A `complaint.recorded` journal entry opens a complaint with its response deadline (Art. 16): the
// company's policy (the service's `--complaint-response-days`), counted from when the customer
// complained (the entry's time), never from when it synced, nor from what a desk set.
import { ComplaintRecordedData } from '../../common/journal-chain.js';
import type { EntryEffect } from '../journal-archive/effects.js';
import { insertComplaint } from './repository.js';

/** Art. 16: complaints are answered within a set time; this is the default, in days. */
export const DEFAULT_COMPLAINT_RESPONSE_DAYS = 5;
export const MAX_COMPLAINT_RESPONSE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export function assertResponseDays(days: number): void {
  if (!(Number.isInteger(days) && days >= 1 && days <= MAX_COMPLAINT_RESPONSE_DAYS))
    throw new RangeError(
      `complaint response days must be an integer from 1 to ${MAX_COMPLAINT_RESPONSE_DAYS}`,
    );
}

/** The deadline: `days` after the complaint. The desk tells the customer this same date. */
export function respondBy(recordedAt: string | Date, days: number): Date {
  return new Date(new Date(recordedAt).getTime() + days * DAY_MS);
}

export function complaintRecorded(days: number): EntryEffect<ComplaintRecordedData> {
  assertResponseDays(days);
  return {
    data: ComplaintRecordedData,
    async apply({ tx, entry, now }, data) {
      // A desk's own `dueAt` (older desks computed one) is not the company's: it is ignored.
      await insertComplaint(tx, { entry, data, respondBy: respondBy(entry.at, days), now });
    },
  };
}
