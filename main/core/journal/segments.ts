// The journal's files and what is kept of them in memory. Under `<dataDir>/journal/`: device.json
// (the chain's device id), segment-NNNNNN.json (at most `segmentSize` entries each; only the last
// is ever rewritten, so an append costs one small file), sync.json (what the archive acknowledged),
// base.json (the chain anchor left by pruning), checkpoint.json (checkpoint.ts: the sealed segments
// already verified) and writer.lock (one writer process).
import type { ChainHead, JournalEntry as Entry } from '../../../common/journal-chain.js';
import type { EntryList } from './entry-list.js';

export const SEGMENT_FORMAT = 'agent-desk-journal-segment/1';
export const DEFAULT_SEGMENT_SIZE = 256;
export const SEGMENT_FILE = /^segment-(\d{6,})\.json$/;
export const segmentName = (index: number): string =>
  `segment-${String(index).padStart(6, '0')}.json`;

export const DEVICE_FILE = 'device.json';
export const SYNC_FILE = 'sync.json';
export const BASE_FILE = 'base.json';
export const LOCK_FILE = 'writer.lock';
export const CHECKPOINT_FILE = 'checkpoint.json';

export interface SegmentFile {
  format: typeof SEGMENT_FORMAT;
  deviceId: string;
  index: number;
  /** Entries as stored: personal data fields encrypted. */
  entries: Entry[];
}

export interface SegmentInfo {
  index: number;
  firstSeq: number;
  lastSeq: number;
  count: number;
  /** hex SHA-256 of the file's bytes as last read or written (checkpoint.ts). */
  digest?: string;
  /** A sealed segment's chain ends and first keyed seq, once known (from the checkpoint). */
  prevHash?: string;
  lastHash?: string;
  firstKeyedSeq?: number | null;
  /** The file's size and mtime as a checkpoint recorded them (checkpoint.ts). */
  size?: number;
  mtimeMs?: number;
}

/** The kept journal in memory, shared by the writer, the sync state and the chain check. */
export interface KeptJournal {
  /**
   * Every kept entry in seq order, its data decrypted — on first read for the entries a checkpoint
   * vouched for (fields.ts sealedEntry), at open for the others. Segments the checkpoint vouches
   * for are loaded only when read (entry-list.ts).
   */
  plain: EntryList;
  segments: SegmentInfo[];
  /** The last segment's entries as stored (encrypted), rewritten with each append. */
  tailStored: Entry[];
  /** The last committed entry (or the anchor, or the chain start). */
  head: ChainHead;
  /** The anchor left by pruning: the entry just before the first kept one. */
  base: ChainHead | null;
  /**
   * How many leading `segments` verified clean (or were written by this writer after clean ones):
   * what a checkpoint may vouch for (never the last segment, which is still rewritten).
   */
  clean: number;
}
