// The journal's public entry (Art. 11, 12, 25).
//
// `openDurableJournal(dataDir, now?, options?)` is the journal of issue 6 (main/core/journal/):
// segmented lowdb files written durably, a per-device hash chain (common/journal-chain.ts),
// personal fields encrypted at rest, one writer, torn-tail recovery on open, and the old
// `<dataDir>/journal.json` imported once (kept as `journal.json.imported`). It has the same
// append(type, data) / entries() shape as below.
//
// `openJournal` is still the minimal journal of issue 2 (one `<dataDir>/journal.json`): unit and
// e2e tests of other areas read that file directly, so the switch waits until they read through
// readJournalSync(dataDir) — then `openJournal` becomes `openDurableJournal` (see the issue 6 notes).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { JSONFile } from 'lowdb/node';
import { Low } from 'lowdb';
import type { EntryData } from '../../common/journal-chain.js';
import { importLegacyJournal, openJournalStore, type Journal as DurableJournal, type JournalOptions } from './journal/index.js';

export * from './journal/index.js';
export type { DurableJournal };
export type OpenJournalOptions = Omit<JournalOptions, 'dataDir' | 'now'>;

export async function openDurableJournal(dataDir: string, now: () => Date = () => new Date(), options: OpenJournalOptions = {}): Promise<DurableJournal> {
  const journal = await openJournalStore({ ...options, dataDir, now });
  try {
    await importLegacyJournal(dataDir, journal, options.onNotice);
  } catch (error) {
    await journal.close();
    throw error;
  }
  return journal;
}

// ---- the minimal journal (issue 2), until the switch -------------------------------------------

export interface JournalEntry {
  seq: number;
  id: string;
  at: string;
  type: string;
  /** Masked or non-personal fields only (Art. 11). */
  data: Record<string, string | number | boolean | null>;
}

interface JournalFile {
  entries: JournalEntry[];
}

/** What callers use; both the minimal and the durable journal have it. */
export interface Journal {
  append(type: string, data: EntryData): Promise<JournalEntry>;
  entries(): readonly JournalEntry[];
}

export async function openJournal(dataDir: string, now: () => Date = () => new Date()): Promise<Journal> {
  const db = new Low<JournalFile>(new JSONFile(path.join(dataDir, 'journal.json')), { entries: [] });
  await db.read();
  if (!Array.isArray(db.data?.entries)) throw new Error(`journal file ${path.join(dataDir, 'journal.json')} is not a journal`);
  // Appends are serialised so two concurrent events can never share a sequence number.
  let tail: Promise<unknown> = Promise.resolve();
  return {
    append(type, data) {
      const next = tail.then(async () => {
        const last = db.data.entries.at(-1);
        const entry: JournalEntry = { seq: (last?.seq ?? 0) + 1, id: randomUUID(), at: now().toISOString(), type, data };
        db.data.entries.push(entry);
        await db.write();
        return entry;
      });
      tail = next.catch(() => undefined);
      return next;
    },
    entries: () => db.data.entries,
  };
}

/** The durable journal serves every caller of the minimal one (the compiler checks it here). */
export const asJournal = (journal: DurableJournal): Journal => journal;
