// Opens a desk's journal as the app runs it: the durable store under `<dataDir>/journal/`, plus a
// one-time import of an old single-file `<dataDir>/journal.json` (kept as `journal.json.imported`)
// so no entry recorded before the chained journal is lost (Art. 11, 12).
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { EntryData } from '../../../common/journal-chain.js';
import { readTextOrNull, writeFileDurably } from './durable-file.js';
import { openJournalStore } from './store.js';
import type { Journal, JournalNotice, JournalOptions } from './types.js';

export type OpenJournalOptions = Omit<JournalOptions, 'dataDir' | 'now'>;

export async function openJournal(
  dataDir: string,
  now: () => Date = () => new Date(),
  options: OpenJournalOptions = {},
): Promise<Journal> {
  const journal = await openJournalStore({ ...options, dataDir, now });
  try {
    await importLegacyJournal(dataDir, journal, options.onNotice);
  } catch (error) {
    await journal.close();
    throw error;
  }
  return journal;
}

/** Imports an old single-file `<dataDir>/journal.json` once, kept as `journal.json.imported`. */
export async function importLegacyJournal(
  dataDir: string,
  journal: Journal,
  onNotice?: (n: JournalNotice) => void,
): Promise<number> {
  const file = path.join(dataDir, 'journal.json');
  const text = await readTextOrNull(file);
  if (text === null || journal.lastSeq() > 0) return 0;
  let legacy: { entries?: { type?: unknown; data?: unknown; at?: unknown }[] };
  try {
    legacy = JSON.parse(text) as typeof legacy;
  } catch {
    return 0;
  }
  if (!Array.isArray(legacy.entries)) throw new Error(`journal file ${file} is not a journal`);
  let imported = 0;
  for (const old of legacy.entries) {
    if (typeof old.type !== 'string' || typeof old.data !== 'object' || old.data === null) continue;
    const at =
      typeof old.at === 'string' && !Number.isNaN(Date.parse(old.at))
        ? new Date(old.at)
        : undefined;
    await journal.append(old.type, old.data as EntryData, at ? { at } : undefined).then(
      () => (imported += 1),
      () => undefined,
    );
  }
  await writeFileDurably(`${file}.imported`, text);
  await unlink(file);
  onNotice?.({
    kind: 'legacy-imported',
    level: 'info',
    message: `${imported} entries of the old journal.json imported into the chained journal`,
    details: { imported },
  });
  return imported;
}
