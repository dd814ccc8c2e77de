// A `complaint.recorded` journal entry opens a complaint with its response deadline (Art. 16),
// counted from when the customer complained (the entry's time), not from when it synced: an
// outage must not extend the deadline.
import { ComplaintRecordedData } from '../../common/journal-chain.js';
import type { EntryEffect } from '../journal-archive/effects.js';
import { insertComplaint } from './repository.js';

/** Art. 16: complaints are answered within a set time; this is the default, in days. */
export const DEFAULT_COMPLAINT_RESPONSE_DAYS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The deadline: the desk's promised one when it makes sense (after the complaint, within a year);
 * otherwise `days` after the complaint.
 */
export function respondBy(entryAt: string, dueAt: string | null | undefined, days: number): Date {
  const promised = dueAt ? Date.parse(dueAt) : Number.NaN;
  const at = Date.parse(entryAt);
  return new Date(promised > at && promised <= at + 365 * DAY_MS ? promised : at + days * DAY_MS);
}

export function complaintRecorded(days: number): EntryEffect<ComplaintRecordedData> {
  if (!(days > 0 && days <= 365)) throw new RangeError('complaintResponseDays must be in (0, 365]');
  return {
    data: ComplaintRecordedData,
    async apply({ tx, entry, now }, data) {
      await insertComplaint(tx, {
        entry,
        data,
        respondBy: respondBy(entry.at, data.dueAt, days),
        now,
      });
    },
  };
}
