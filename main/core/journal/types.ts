// The journal's interface as the rest of the desk sees it (Art. 11, 12): append with a durable
// acknowledgement, read back, and what the sync engine needs. Types only; store.ts implements it.
import type {
  ChainBreak,
  EntryData,
  JournalEntry as Entry,
} from '../../../common/journal-chain.js';
import type { Logger } from '../logger.js';
import type { DeviceIdentity } from './device-key.js';
import type { KeyProvider } from './keys.js';

export interface DeadLetter {
  seq: number;
  id: string;
  type: string;
  code: string;
  message: string;
  /** When the records service refused it. */
  deadAt: string;
  /** The entry as stored (personal fields encrypted), kept even after its segment is pruned. */
  stored: Entry;
}

export type JournalNoticeKind =
  | 'chain-broken'
  | 'torn-write-discarded'
  | 'torn-tail-set-aside'
  | 'unreadable-segment'
  | 'undecryptable'
  | 'stale-lock'
  | 'legacy-imported'
  | 'keyed-chain-broken';

/** Something the agent's desk (and IT) must hear about: logged, and handed to `onNotice`. */
export interface JournalNotice {
  kind: JournalNoticeKind;
  level: 'info' | 'warning' | 'error';
  message: string;
  details?: Record<string, unknown>;
}

export interface AppendMeta {
  /** The signed-in agent; default `data.agent` when it is a username, else null. */
  agent?: string | null;
  /** Default `data.callId` when it is a string. */
  callId?: string;
  /** When it happened, when that is not now (the import of the old journal.json). */
  at?: Date;
}

export interface JournalOptions {
  dataDir: string;
  now?: () => Date;
  /** Default: a 0600 key file at `<dataDir>/journal.key`. */
  keyProvider?: KeyProvider;
  /** The device secret (device-key.ts). Default: a 0600 key file at `<dataDir>/device.key`. */
  deviceKeyProvider?: KeyProvider;
  logger?: Logger;
  /** Entries per segment file (default 256). */
  segmentSize?: number;
  onNotice?: (notice: JournalNotice) => void;
}

export interface Journal {
  readonly deviceId: string;
  /** The device's signing identity and chain key (absent on test doubles). */
  readonly device?: DeviceIdentity;
  /** `<dataDir>/journal` */
  readonly dir: string;
  /** Appends and resolves once the entry is durably on disk (the acknowledgement). */
  append(type: string, data: EntryData, meta?: AppendMeta): Promise<Entry>;
  /** The entries still kept locally (pruned ones are gone), decrypted, in seq order. */
  entries(): readonly Entry[];
  /** What opening found (chain breaks, discarded torn writes…). */
  notices(): readonly JournalNotice[];
  lastSeq(): number;
  // ---- for the sync engine ----
  /** Every entry up to this seq was acknowledged by the archive or dead-lettered. */
  syncedThrough(): number;
  /** Entries not yet acknowledged (never expired). */
  backlog(): number;
  /** The next unsynced entries, in order. */
  pending(limit: number): Entry[];
  /** Records an acknowledgement durably: everything through `seq`, with the refused ones. */
  markSynced(seq: number, deadLetters?: readonly Omit<DeadLetter, 'stored'>[]): Promise<void>;
  deadLetters(): readonly DeadLetter[];
  /** Removes whole segments acknowledged by `cutoff` (never the last one). Answers how many. */
  prune(cutoff: Date): Promise<number>;
  /** Called after each durable append. Returns an unsubscribe. */
  onAppend(listener: (entry: Entry) => void): () => void;
  /** Verifies the kept chain again (from the anchor); null when intact. */
  verify(): Promise<ChainBreak | null>;
  /** Waits for queued writes, releases the lock. */
  close(): Promise<void>;
}

/** How the store's parts report a notice (store.ts logs it and hands it to `onNotice`). */
export type Notify = (notice: JournalNotice) => void;
