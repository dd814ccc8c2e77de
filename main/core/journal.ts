// The journal's public entry (Art. 11, 12, 25): segmented lowdb files written durably, a
// per-device hash chain (common/journal-chain.ts), personal fields encrypted at rest, one writer,
// torn-tail recovery on open (main/core/journal/). A desk that still has the issue-2
// `<dataDir>/journal.json` has it imported once on open (kept as `journal.json.imported`).
// Tests and support tools read a desk's journal with readJournalSync(dataDir).
import type { JournalEntry } from '../../common/journal-chain.js';
import { importLegacyJournal, openJournalStore, type Journal, type JournalOptions } from './journal/index.js';

export * from './journal/index.js';
export type { Journal as DurableJournal, JournalEntry };
export type OpenJournalOptions = Omit<JournalOptions, 'dataDir' | 'now'>;

export async function openJournal(dataDir: string, now: () => Date = () => new Date(), options: OpenJournalOptions = {}): Promise<Journal> {
  const journal = await openJournalStore({ ...options, dataDir, now });
  try {
    await importLegacyJournal(dataDir, journal, options.onNotice);
  } catch (error) {
    await journal.close();
    throw error;
  }
  return journal;
}
