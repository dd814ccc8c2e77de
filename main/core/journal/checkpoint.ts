// The verified checkpoint of the chain (checkpoint.json): for each sealed segment (one no writer
// rewrites) that verified clean — every entry decrypted, hashed, linked and keyed — the SHA-256 of
// its file bytes and its chain ends, under an HMAC keyed from the journal key. Opening checks those
// segments by their bytes instead of decrypting and re-hashing them. Never a source of truth: a
// missing, unreadable or forged checkpoint only means the full check of today (chain-check.ts).
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { canonicalJson, type ChainHead } from '../../../common/journal-chain.js';
import type { Logger } from '../logger.js';
import { readTextOrNull, writeFileDurably } from './durable-file.js';
import { CHECKPOINT_FILE, type KeptJournal } from './segments.js';

export const CHECKPOINT_FORMAT = 'agent-desk-journal-checkpoint/1';

export interface CheckpointSegment {
  index: number;
  firstSeq: number;
  lastSeq: number;
  count: number;
  /** prevHash of the segment's first entry and hash of its last: the chain across segments. */
  prevHash: string;
  lastHash: string;
  /** The first entry carrying a MAC (keyed chain), or null. */
  firstKeyedSeq: number | null;
  /** hex SHA-256 of the file's bytes. */
  digest: string;
  /**
   * The file's size and mtime when the checkpoint was written. An open takes a segment whose stat
   * still matches without reading it, and checks its digest when it is first read (entry-list.ts).
   */
  size?: number;
  mtimeMs?: number;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  deviceId: string;
  /** Fingerprint of the device identity whose chain key checked the MACs. */
  device: string;
  /** Consecutive segments, each continuing the chain of the one before. */
  segments: CheckpointSegment[];
  /** hex HMAC-SHA-256 of the canonical JSON of the rest, under checkpointKey(journal key). */
  mac: string;
}

/** hex SHA-256 of a segment file's bytes. */
export const segmentDigest = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');

/** The checkpoint's MAC key: derived from the journal key, so only the desk can forge one. */
export const checkpointKey = (journalKey: Buffer): Buffer =>
  Buffer.from(
    hkdfSync('sha256', journalKey, Buffer.alloc(0), 'agent-desk/journal-checkpoint/v1', 32),
  );

const macOf = (key: Buffer, body: Omit<Checkpoint, 'mac'>): string =>
  createHmac('sha256', key).update(canonicalJson(body)).digest('hex');

/** The checkpoint on disk when it is well formed and its MAC verifies; otherwise null (logged). */
export async function readCheckpoint(
  dir: string,
  key: Buffer,
  logger: Logger,
): Promise<Checkpoint | null> {
  const file = path.join(dir, CHECKPOINT_FILE);
  let problem: string;
  try {
    const text = await readTextOrNull(file);
    if (text === null) return null;
    const parsed = JSON.parse(text) as Partial<Checkpoint>;
    const { mac, ...body } = parsed;
    if (
      parsed.format !== CHECKPOINT_FORMAT ||
      typeof mac !== 'string' ||
      !Array.isArray(body.segments)
    )
      problem = 'not a journal checkpoint';
    else if (!sameHex(mac, macOf(checkpointKey(key), body as Omit<Checkpoint, 'mac'>)))
      problem = 'its MAC does not verify under this journal key';
    else return parsed as Checkpoint;
  } catch (error) {
    problem = (error as Error).message;
  }
  logger.warn(
    { file: CHECKPOINT_FILE, problem },
    'journal checkpoint ignored: every segment is verified in full',
  );
  return null;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function writeCheckpoint(
  dir: string,
  key: Buffer,
  body: Omit<Checkpoint, 'format' | 'mac'>,
): Promise<void> {
  const full = { format: CHECKPOINT_FORMAT, ...body } as const;
  const checkpoint: Checkpoint = { ...full, mac: macOf(checkpointKey(key), full) };
  await writeFileDurably(path.join(dir, CHECKPOINT_FILE), JSON.stringify(checkpoint));
}

export interface Covered {
  /** Leading kept segments the checkpoint vouches for, and their entries in kept.plain. */
  segments: number;
  entries: number;
  /** The chain head after them. */
  head: ChainHead;
  firstKeyedSeq: number | null;
}

/**
 * How far the checkpoint vouches for the kept journal: the leading kept segments whose bytes are
 * the ones it verified, consecutive in its chain, starting where today's check would start (the
 * first one links to the anchor). Anything else is left to the full check.
 */
export function coveredPrefix(
  kept: Pick<KeptJournal, 'segments' | 'plain'>,
  checkpoint: Checkpoint | null,
  who: { deviceId: string; device: string },
  anchor: ChainHead,
): Covered {
  const none: Covered = { segments: 0, entries: 0, head: anchor, firstKeyedSeq: null };
  if (!checkpoint || checkpoint.deviceId !== who.deviceId || checkpoint.device !== who.device)
    return none;
  const byIndex = new Map(checkpoint.segments.map((s) => [s.index, s]));
  const covered = { ...none };
  let prev: CheckpointSegment | null = null;
  for (const info of kept.segments) {
    const c = byIndex.get(info.index);
    if (
      !c ||
      info.count === 0 ||
      c.digest !== info.digest ||
      c.count !== info.count ||
      c.firstSeq !== info.firstSeq ||
      c.lastSeq !== info.lastSeq
    )
      break;
    const from = prev ? { seq: prev.lastSeq, hash: prev.lastHash } : anchor;
    if (c.firstSeq !== from.seq + 1 || c.prevHash !== from.hash) break;
    // The bytes are the ones verified, so these hold; checked anyway (a parse differs, a bug).
    // A segment not read yet (its stat matched) is checked by its digest when it is read.
    const first = kept.plain.peek(covered.entries);
    if (first && (first.seq !== c.firstSeq || first.deviceId !== who.deviceId)) break;
    covered.segments += 1;
    covered.entries += c.count;
    covered.head = { seq: c.lastSeq, hash: c.lastHash };
    covered.firstKeyedSeq ??= c.firstKeyedSeq;
    prev = c;
  }
  return covered;
}
