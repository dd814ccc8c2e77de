// Minimal journal (issue 2): sign-in and sign-out events appended to a lowdb file under the data
// dir, with a rising sequence and a UUID each. The durable, segmented, hash-chained, encrypted
// journal with sync (Art. 11, 12) replaces this in the journal issue; the append() shape stays.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { JSONFile } from 'lowdb/node';
import { Low } from 'lowdb';

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

export interface Journal {
  append(type: string, data: JournalEntry['data']): Promise<JournalEntry>;
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
