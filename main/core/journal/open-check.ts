// The checks an open makes on the kept journal (Art. 11: records complete and unaltered), from the
// checkpoint on: segments the checkpoint vouches for are taken by the digest of their bytes and
// decrypted only when read; every other entry is decrypted, hashed, linked and its MAC checked now,
// with the same notices as a full check. Then the checkpoint is moved up to the clean sealed ones.
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChainBreak, JournalEntry as Entry } from '../../../common/journal-chain.js';
import type { Logger } from '../logger.js';
import { anchorFor, chainBrokenNotice, findBreaks, keyedChainNotice } from './chain-check.js';
import {
  coveredPrefix,
  segmentDigest,
  writeCheckpoint,
  type Checkpoint,
  type CheckpointSegment,
} from './checkpoint.js';
import type { DeviceIdentity } from './device-key.js';
import { arrayReader, type LazySegment } from './entry-list.js';
import {
  createDataOpener,
  FieldDecryptError,
  openData,
  sealedEntry,
  type DataOpener,
} from './fields.js';
import { parseSegment } from './recover.js';
import { segmentName, type KeptJournal, type SegmentFile } from './segments.js';
import type { JournalNotice, Notify } from './types.js';

export interface OpenCheckOptions {
  dir: string;
  /** The journal's field key (fields.ts); the checkpoint's MAC key derives from it. */
  key: Buffer;
  kept: KeptJournal;
  deviceId: string;
  device: DeviceIdentity;
  notice: Notify;
  logger: Logger;
  /** The checkpoint on disk, verified (checkpoint.ts readCheckpoint), or null. */
  checkpoint: Checkpoint | null;
}

export interface OpenCheck {
  /** The first seq written keyed (entries before it are legacy). */
  keyedFrom: number;
  /** Checks the chain and the MACs from the checkpoint on; notices as a full check gives them. */
  verify(): void;
  /** Writes the checkpoint when the clean sealed segments moved; never fails (logged). */
  update(): Promise<void>;
}

/**
 * Step one, before the sync ledger opens: opens kept.plain (as stored on entry) — entries of the
 * segments the checkpoint vouches for sealed behind a getter (those not read at open when they are
 * first read, after their digest is checked), every other entry decrypted now.
 */
export function openChecked(options: OpenCheckOptions): OpenCheck {
  const { key, kept, deviceId, device, notice, logger, checkpoint: loaded } = options;
  const who = { deviceId, device: device.fingerprint };
  const covered = coveredPrefix(kept, loaded, who, anchorFor(kept.plain.firstSeq(), kept.base));
  const open = createDataOpener(key, 4096, (stored, error) =>
    logger.error({ seq: stored.seq, field: error.field }, 'journal entry does not decrypt'),
  );
  // Not read at open but not vouched for after all (another device identity…): read them now.
  kept.plain.pinFrom(covered.entries, (lazy) => readStored(options, lazy));
  let dirtyFrom = kept.plain.length;
  // The last segment as stored is rewritten by the writer: those objects must stay as stored.
  const lastStart = kept.plain.length - kept.tailStored.length;
  kept.plain.mapLoaded((stored, i) => {
    if (i < covered.entries) return sealedEntry(stored, open, i < lastStart);
    const opened = decrypt(key, stored, notice);
    if (opened === stored) dirtyFrom = Math.min(dirtyFrom, i);
    return opened;
  });
  const tail = () => kept.plain.slice(covered.entries);
  const firstKeyed = covered.firstKeyedSeq ?? tail().find((e) => e.mac !== undefined)?.seq;
  const check: OpenCheck = {
    keyedFrom: firstKeyed ?? kept.head.seq + 1,
    verify() {
      // What the checkpoint covers is this device's (coveredPrefix checked it).
      const runDevice = covered.entries > 0 ? deviceId : kept.plain.get(0)?.deviceId;
      const start = { from: covered.entries, head: covered.head, deviceId: runDevice };
      const breaks: ChainBreak[] = findBreaks(kept, start);
      if (breaks.length > 0) notice(chainBrokenNotice(breaks));
      const unkeyed = tail().filter(
        (e) => e.seq >= check.keyedFrom && e.mac !== device.mac(e.hash),
      );
      if (unkeyed.length > 0) notice(keyedChainNotice(unkeyed));
      if (breaks[0]) dirtyFrom = Math.min(dirtyFrom, breaks[0].index);
      if (unkeyed[0]) dirtyFrom = Math.min(dirtyFrom, covered.entries + tail().indexOf(unkeyed[0]));
      kept.clean = cleanSegments(kept, dirtyFrom);
    },
    update: checkpointUpdater(options, loaded),
  };
  kept.plain.loader = (lazy, partStart) => loadSegment(options, check, open, lazy, partStart);
  return check;
}

function decrypt(key: Buffer, stored: Entry, notice: Notify): Entry {
  try {
    return { ...stored, data: openData(key, stored.deviceId, stored.seq, stored.data) };
  } catch (error) {
    if (!(error instanceof FieldDecryptError)) throw error;
    notice({
      kind: 'undecryptable',
      level: 'error',
      message: `journal entry seq ${stored.seq} (id ${stored.id}): ${error.message}; kept as stored, the chain will not verify there`,
      details: { seq: stored.seq, id: stored.id, field: error.field },
    });
    return stored;
  }
}

/** The leading segments whose entries all come before the first problem. */
function cleanSegments(kept: KeptJournal, dirtyFrom: number): number {
  let clean = 0;
  let end = 0;
  for (const s of kept.segments) {
    end += s.count;
    if (s.count === 0 || end > dirtyFrom) break;
    clean += 1;
  }
  return clean;
}

/**
 * The checkpoint the kept journal supports now: its clean segments but the last. A sealed
 * segment's chain ends are taken once from its entries and kept on its info (it never changes).
 */
function checkpointSegments(kept: KeptJournal): CheckpointSegment[] {
  const out: CheckpointSegment[] = [];
  let offset = 0;
  const sealed = Math.min(kept.clean, kept.segments.length - 1);
  for (const s of kept.segments.slice(0, Math.max(0, sealed))) {
    if (!s.digest || s.count === 0) break;
    if (s.prevHash === undefined || s.lastHash === undefined || s.firstKeyedSeq === undefined) {
      const entries = kept.plain.slice(offset, offset + s.count);
      if (entries.length !== s.count) break;
      s.prevHash = entries[0]!.prevHash;
      s.lastHash = entries.at(-1)!.hash;
      s.firstKeyedSeq = entries.find((e) => e.mac !== undefined)?.seq ?? null;
    }
    const { index, firstSeq, lastSeq, count, prevHash, lastHash, firstKeyedSeq, digest } = s;
    const stat = s.size === undefined ? {} : { size: s.size, mtimeMs: s.mtimeMs };
    out.push({
      index,
      firstSeq,
      lastSeq,
      count,
      prevHash,
      lastHash,
      firstKeyedSeq,
      digest,
      ...stat,
    });
    offset += s.count;
  }
  return out;
}

/**
 * Records the size and mtime (whole ms: what every filesystem and copy tool keeps) of sealed
 * segments that have none yet. Taken after their digest: if
 * a file changed in between, the next open skips it by this stat and its digest check at load
 * reports the change (loadSegment), so the stat never vouches for anything by itself.
 */
async function stampStats(dir: string, kept: KeptJournal, upTo: number): Promise<void> {
  for (const s of kept.segments.slice(0, upTo)) {
    if (s.size !== undefined) continue;
    const st = await stat(path.join(dir, segmentName(s.index))).catch(() => null);
    if (!st) return;
    s.size = st.size;
    s.mtimeMs = Math.trunc(st.mtimeMs);
  }
}

/** One write at a time; a call while one runs waits for it and then writes what is current. */
function checkpointUpdater(
  { dir, key, kept, deviceId, device, logger }: OpenCheckOptions,
  loaded: Checkpoint | null,
): () => Promise<void> {
  const signature = (b: Pick<Checkpoint, 'deviceId' | 'device' | 'segments'>) =>
    JSON.stringify([b.deviceId, b.device, b.segments]);
  let written = loaded ? signature(loaded) : signature({ deviceId, device: '', segments: [] });
  let queue: Promise<void> = Promise.resolve();
  return () => {
    queue = queue.then(async () => {
      await stampStats(dir, kept, checkpointSegments(kept).length);
      const body = { deviceId, device: device.fingerprint, segments: checkpointSegments(kept) };
      const now = signature(body);
      if (now === written || body.segments.length === 0) return;
      try {
        await writeCheckpoint(dir, key, body);
        written = now;
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'journal checkpoint not written');
      }
    });
    return queue;
  };
}

/** A segment's entries as stored, read now (the full check follows); [] when unreadable. */
function readStored({ dir, notice }: OpenCheckOptions, lazy: LazySegment): Entry[] {
  const read = readSegmentSync(dir, lazy.index);
  if (read.content) return read.content.entries;
  notice(unreadableNotice(lazy.index, read.problem));
  return [];
}

function readSegmentSync(
  dir: string,
  index: number,
): { bytes: Buffer; content: SegmentFile } | { content: null; problem: string } {
  try {
    const bytes = readFileSync(path.join(dir, segmentName(index)));
    const content = parseSegment(bytes);
    return content ? { bytes, content } : { content: null, problem: 'not a journal segment' };
  } catch (error) {
    // Worded as recover.ts words it at open.
    const file = path.join(dir, segmentName(index));
    const problem =
      error instanceof SyntaxError
        ? `${file} is unreadable: ${error.message}`
        : (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'not a journal segment'
          : (error as Error).message;
    return { content: null, problem };
  }
}

function unreadableNotice(index: number, problem: string): JournalNotice {
  return {
    kind: 'unreadable-segment',
    level: 'error',
    message: `journal segment ${segmentName(index)} cannot be read (${problem}); it is kept as it is and the chain is broken there`,
    details: { index },
  };
}

/**
 * Loads a segment the checkpoint vouched for but that was not read at open (entry-list.ts), when
 * an entry of it is first read: its bytes must still be the ones the checkpoint verified (their
 * SHA-256), so nothing is handed out unverified. Bytes changed since — behind an unchanged size
 * and mtime, or after the open — are reported as a full check reports a changed segment (the
 * entries decrypted as found, the chain from the checkpoint's link before it through the first
 * entry after it, the MACs) and handed out as found, like any broken entry; the checkpoint no
 * longer covers the segment, so every later open reports it again.
 */
function loadSegment(
  options: OpenCheckOptions,
  check: OpenCheck,
  open: DataOpener,
  lazy: LazySegment,
  partStart: number,
): Entry[] {
  const { dir, key, kept, deviceId, device, notice } = options;
  const read = readSegmentSync(dir, lazy.index);
  if (read.content && segmentDigest(read.bytes) === lazy.digest)
    return read.content.entries.map((stored) => sealedEntry(stored, open, true));
  kept.plain.unpin(lazy);
  const position = kept.segments.findIndex((s) => s.index === lazy.index);
  if (position >= 0) kept.clean = Math.min(kept.clean, position);
  let found: Entry[] = [];
  if (!read.content) notice(unreadableNotice(lazy.index, read.problem));
  else found = read.content.entries.map((stored) => decrypt(key, stored, notice));
  if (position >= 0)
    kept.segments[position] = {
      index: lazy.index,
      firstSeq: found[0]?.seq ?? 0,
      lastSeq: found.at(-1)?.seq ?? 0,
      count: found.length,
    };
  const next = kept.plain.get(partStart + lazy.count);
  const run = next ? [...found, next] : found;
  const head = { seq: lazy.firstSeq - 1, hash: lazy.prevHash };
  const breaks = findBreaks(
    { plain: arrayReader(run), base: null },
    { from: 0, head, deviceId },
  ).map((b) => ({ ...b, index: partStart + b.index }));
  if (breaks.length > 0) notice(chainBrokenNotice(breaks));
  const unkeyed = found.filter((e) => e.seq >= check.keyedFrom && e.mac !== device.mac(e.hash));
  if (unkeyed.length > 0) notice(keyedChainNotice(unkeyed));
  return found;
}
