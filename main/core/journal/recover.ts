// Opening a journal folder after whatever happened to it (Art. 12, 25: kept through crashes):
// interrupted writes are discarded (never acknowledged), an unreadable last segment is set aside
// (never deleted), an unreadable earlier one is kept and reported, an interrupted prune is
// finished. Nothing acknowledged is removed; everything found is reported as a notice.
import { isAscii } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  CHAIN_START,
  type ChainHead,
  type JournalEntry as Entry,
} from '../../../common/journal-chain.js';
import { segmentDigest, type Checkpoint, type CheckpointSegment } from './checkpoint.js';
import { DurableJsonFile } from './durable-file.js';
import { EntryList } from './entry-list.js';
import {
  BASE_FILE,
  DEVICE_FILE,
  SEGMENT_FILE,
  SEGMENT_FORMAT,
  segmentName,
  type KeptJournal,
  type SegmentFile,
  type SegmentInfo,
} from './segments.js';
import type { Notify } from './types.js';

export interface RecoveredJournal {
  /** kept.plain holds the entries as stored (sealed); store.ts opens them (open-check.ts). */
  kept: KeptJournal;
  /** The device the chain belongs to. */
  deviceId: string;
}

/**
 * `checkpoint` (verified by its MAC, checkpoint.ts): its leading segments whose file stat (size and
 * mtime) is the one it recorded are not read now; their entries are loaded when read, and their
 * bytes checked against its digest then (open-check.ts).
 */
export async function recoverJournal(
  dir: string,
  notice: Notify,
  checkpoint: Checkpoint | null = null,
): Promise<RecoveredJournal> {
  const names = await readdir(dir);
  await discardTornWrites(dir, names, notice);
  const found = await readSegments(dir, names, notice, checkpoint);
  const deviceId = await recordDeviceId(dir, found.storedDeviceId);
  const base: ChainHead | null = await new DurableJsonFile<ChainHead>(path.join(dir, BASE_FILE))
    .read()
    .catch(() => null);
  const kept: KeptJournal = {
    plain: found.plain,
    segments: found.segments,
    tailStored: found.tailStored,
    head: CHAIN_START,
    base,
    clean: 0,
  };
  await finishInterruptedPrune(dir, kept);
  kept.head = kept.plain.lastLink() ?? base ?? CHAIN_START;
  return { kept, deviceId };
}

/** A temp file is a write that never completed, so it was never acknowledged: discard it. */
async function discardTornWrites(
  dir: string,
  names: readonly string[],
  notice: Notify,
): Promise<void> {
  for (const name of names.filter((n) => n.startsWith('.') && n.endsWith('.tmp'))) {
    await unlink(path.join(dir, name));
    const message = `an interrupted write (${name}) was discarded; it had not been acknowledged`;
    notice({ kind: 'torn-write-discarded', level: 'info', message, details: { file: name } });
  }
}

interface FoundSegments {
  /** As stored: personal fields sealed. */
  plain: EntryList;
  segments: SegmentInfo[];
  tailStored: Entry[];
  /** The device id the entries on disk carry, if any. */
  storedDeviceId: string | null;
}

async function readSegments(
  dir: string,
  names: readonly string[],
  notice: Notify,
  checkpoint: Checkpoint | null,
): Promise<FoundSegments> {
  const segmentIndexes = names
    .map((n) => SEGMENT_FILE.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  const found: FoundSegments = {
    plain: new EntryList(),
    segments: [],
    tailStored: [],
    storedDeviceId: null,
  };
  const lazy = await unchangedPrefix(dir, segmentIndexes, checkpoint);
  for (const c of lazy) {
    found.plain.addLazy(c);
    found.segments.push({ ...c });
  }
  if (lazy.length > 0) found.storedDeviceId = checkpoint!.deviceId;
  const rest = segmentIndexes.slice(lazy.length);
  const bytesOf = readAhead(rest.map((index) => path.join(dir, segmentName(index))));
  for (const [position, index] of rest.entries()) {
    const isLast = position === rest.length - 1;
    const read = await readSegment(dir, index, bytesOf(position), isLast, notice);
    if (!read) continue;
    const { content, digest } = read;
    found.storedDeviceId ??= content.entries[0]?.deviceId ?? content.deviceId;
    // The last segment's stored objects stay as stored (tailStored): the list gets its own array.
    found.plain.addLoaded(isLast ? [...content.entries] : content.entries);
    if (content.entries.length > 0) {
      found.segments.push({
        index,
        firstSeq: content.entries[0]!.seq,
        lastSeq: content.entries.at(-1)!.seq,
        count: content.entries.length,
        digest,
      });
    } else {
      found.segments.push({ index, firstSeq: 0, lastSeq: 0, count: 0, digest });
    }
    if (isLast) found.tailStored = content.entries;
  }
  return found;
}

/**
 * The leading segments (never the last, which the writer still rewrites) whose file has the size
 * and mtime the checkpoint recorded: not read at open. Sound because nothing of them is handed out
 * before their bytes are read and checked against the checkpoint's digest (open-check.ts); the
 * stat only decides what is read now. A segment changed behind an unchanged stat is reported when
 * it is read, as a changed segment is reported at open.
 */
async function unchangedPrefix(
  dir: string,
  indexes: readonly number[],
  checkpoint: Checkpoint | null,
): Promise<CheckpointSegment[]> {
  if (!checkpoint) return [];
  const byIndex = new Map(checkpoint.segments.map((s) => [s.index, s]));
  const candidates: CheckpointSegment[] = [];
  for (const index of indexes.slice(0, -1)) {
    const c = byIndex.get(index);
    if (!c || c.size === undefined || c.mtimeMs === undefined || c.count < 1) break;
    candidates.push(c);
  }
  const stats = await Promise.all(
    candidates.map((c) => stat(path.join(dir, segmentName(c.index))).catch(() => null)),
  );
  const out: CheckpointSegment[] = [];
  for (const [i, c] of candidates.entries()) {
    const s = stats[i];
    if (!s || s.size !== c.size || Math.trunc(s.mtimeMs) !== c.mtimeMs) break;
    out.push(c);
  }
  return out;
}

/** The files' bytes, read a few ahead of the one asked for (an open reads hundreds of them). */
function readAhead(files: readonly string[], ahead = 8): (position: number) => Promise<Buffer> {
  const reads: Promise<Buffer>[] = [];
  const start = (i: number) => {
    if (i >= files.length || reads[i]) return;
    reads[i] = readFile(files[i]!);
    // Handled when asked for; never an unhandled rejection meanwhile.
    reads[i].catch(() => undefined);
  };
  return (position) => {
    for (let i = position; i <= position + ahead; i++) start(i);
    const read = reads[position]!;
    delete reads[position];
    return read;
  };
}

/** A segment file's content, or null when it is not one; throws SyntaxError when not JSON. */
export function parseSegment(bytes: Buffer): SegmentFile | null {
  // ASCII (the usual case: personal fields are base64) decodes as Latin-1, cheaper than UTF-8.
  const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const content = JSON.parse(text) as SegmentFile | null;
  return content?.format === SEGMENT_FORMAT && Array.isArray(content.entries) ? content : null;
}

/**
 * One segment's content and the digest of its bytes, or null when it cannot be read (then it is
 * reported, never deleted).
 */
async function readSegment(
  dir: string,
  index: number,
  read: Promise<Buffer>,
  isLast: boolean,
  notice: Notify,
): Promise<{ content: SegmentFile; digest: string } | null> {
  const file = path.join(dir, segmentName(index));
  let content: SegmentFile | null = null;
  let digest = '';
  let problem: string | null = null;
  try {
    const bytes = await read;
    digest = segmentDigest(bytes);
    content = parseSegment(bytes);
    if (!content) problem = 'not a journal segment';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') problem = 'not a journal segment';
    else if (error instanceof SyntaxError) problem = `${file} is unreadable: ${error.message}`;
    else throw error;
  }
  if (!problem && content) return { content, digest };
  if (isLast) {
    // Cannot happen with the durable writes (a segment is replaced whole or not at all), but a
    // copied or damaged journal can end like this: set the file aside (never delete it) and go
    // on from the previous segment. Loud: entries in it may be lost.
    const aside = `${file}.damaged-${Date.now()}`;
    await rename(file, aside);
    notice({
      kind: 'torn-tail-set-aside',
      level: 'error',
      message: `the last journal segment could not be read and was set aside as ${path.basename(aside)}: ${problem}`,
      details: { file: path.basename(aside) },
    });
  } else {
    notice({
      kind: 'unreadable-segment',
      level: 'error',
      message: `journal segment ${segmentName(index)} cannot be read (${problem}); it is kept as it is and the chain is broken there`,
      details: { index },
    });
  }
  return null;
}

/** The entries on disk decide: the chain belongs to the device that wrote them. */
async function recordDeviceId(dir: string, storedDeviceId: string | null): Promise<string> {
  const deviceFile = new DurableJsonFile<{ deviceId: string; createdAt: string }>(
    path.join(dir, DEVICE_FILE),
  );
  const recorded = await deviceFile.read().catch(() => null);
  const known =
    typeof recorded?.deviceId === 'string' && recorded.deviceId ? recorded.deviceId : null;
  const deviceId = storedDeviceId ?? known ?? `desk-${randomUUID()}`;
  if (recorded?.deviceId !== deviceId)
    await deviceFile.write({ deviceId, createdAt: new Date().toISOString() });
  return deviceId;
}

/** A prune interrupted between the anchor and the unlinks leaves segments the anchor covers. */
async function finishInterruptedPrune(dir: string, kept: KeptJournal): Promise<void> {
  const { base, segments } = kept;
  while (
    base &&
    segments.length > 1 &&
    segments[0]!.lastSeq <= base.seq &&
    segments[0]!.count > 0
  ) {
    const gone = segments.shift()!;
    kept.plain.dropFront(gone.count);
    kept.clean = Math.max(0, kept.clean - 1);
    await unlink(path.join(dir, segmentName(gone.index))).catch(() => undefined);
  }
}
