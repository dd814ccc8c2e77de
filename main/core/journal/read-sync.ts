// A synchronous, read-only look at a journal folder: for tests and support tools (the e2e fixtures
// read the desk's journal from its data dir while the desk runs). Decrypts with the key file under
// the data dir, or the key given; never writes, never takes the lock, skips what it cannot read.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JournalEntry } from '../../../common/journal-chain.js';
import { openData } from './fields.js';
import { SEGMENT_FILE, type SegmentFile } from './segments.js';

export function readJournalSync(dataDir: string, key?: Buffer): JournalEntry[] {
  const dir = path.join(dataDir, 'journal');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  let fieldKey = key;
  const out: JournalEntry[] = [];
  for (const name of names.filter((n) => SEGMENT_FILE.test(n)).sort()) {
    let segment: SegmentFile;
    try {
      segment = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as SegmentFile;
    } catch {
      continue;
    }
    fieldKey ??= Buffer.from(
      readFileSync(path.join(dataDir, 'journal.key'), 'utf8').trim(),
      'base64',
    );
    for (const stored of segment.entries ?? []) {
      try {
        out.push({ ...stored, data: openData(fieldKey, stored.deviceId, stored.seq, stored.data) });
      } catch {
        out.push(stored);
      }
    }
  }
  return out;
}
