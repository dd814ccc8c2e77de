// A desk's journal as tests see it: the entries, decrypted (readJournalSync), and the
// raw text of every file under <dataDir>/journal, to check that no secret and no personal datum
// sits there in clear.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JournalEntry } from '../../common/journal-chain.js';
import { readJournalSync } from '../../main/core/journal/read-sync.js';

export const journalEntries = (dataDir: string): JournalEntry[] => readJournalSync(dataDir);

export function journalDiskText(dataDir: string): string {
  const dir = path.join(dataDir, 'journal');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return '';
  }
  return names.map((name) => readFileSync(path.join(dir, name), 'latin1')).join('\n');
}
