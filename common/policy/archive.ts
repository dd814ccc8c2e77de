// Who may look up the archive (Art. 10, 11): team leads, for their team's calls, and auditors,
// whose accounts do nothing else. Administrators run users and systems, not look-ups of customer
// records (Art. 11: never disclosed to anyone not involved). Pure: no I/O, no zod.
import type { Tier } from '../values.js';

/** An account's standing for the archive: its tier, and whether it is an auditor's. */
export interface ArchiveReader {
  tier: Tier;
  auditor: boolean;
}

export const mayReadArchive = (reader: ArchiveReader): boolean =>
  reader.auditor || reader.tier === 'lead';

/** An auditor's account reads the archive only: never verifies, approves or sees the queues. */
export const auditorMay = (route: string): boolean => route.startsWith('/api/v1/archive/');
