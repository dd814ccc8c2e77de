// The desktop journal (Art. 11: every step, result and action recorded accurately and completely;
// Art. 12/25: kept through outages and crashes until the records service has it).
//
// On disk, under `<dataDir>/journal/`:
//   device.json            {deviceId, createdAt} — created once; the chain belongs to this id
//   segment-000001.json    {format, deviceId, index, entries:[…]} — at most `segmentSize` entries
//   segment-000002.json    … only the last segment is ever rewritten, so an append costs one small
//                          file, never the whole journal (lowdb's whole-file rewrite, lowdb#370)
//   sync.json              {syncedThrough, deadLetters, segmentSyncedAt} — what the archive acknowledged
//   base.json              {seq, hash} — the chain anchor left by pruning (absent until the first prune)
//   writer.lock            {pid, host, since} — one writer process
// and `<dataDir>/journal.key` (0600) when the default key-file provider is used.
//
// Entries are common/journal-chain.ts entries (per-device seq from 1, UUID id, prevHash/hash over
// the plaintext canonical JSON); personal `data` fields are stored encrypted (fields.ts). Every
// file is written through lowdb with the durable adapter (durable-file.ts); an append resolves only
// once its segment is on disk (temp, fsync, rename, fsync folder) — that is the acknowledgement.
// Appends arriving while a write is in flight are committed together in the next write.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import {
  CHAIN_START,
  EntryData,
  EntryType,
  GENESIS_HASH,
  JournalEntry,
  sealEntry,
  verifyChain,
  type ChainBreak,
  type ChainHead,
  type JournalEntry as Entry,
} from '../../../common/journal-chain.js';
import { Username } from '../../../common/domain.js';
import { silentLogger, type Logger } from '../logger.js';
import { DurableJsonFile, UnreadableFileError } from './durable-file.js';
import { FieldDecryptError, openData, sealData } from './fields.js';
import { keyFileProvider, type KeyProvider } from './keys.js';
import { acquireLock, type HeldLock } from './lock.js';

export const SEGMENT_FORMAT = 'agent-desk-journal-segment/1';
export const DEFAULT_SEGMENT_SIZE = 256;
const SEGMENT_FILE = /^segment-(\d{6,})\.json$/;
export const segmentName = (index: number): string => `segment-${String(index).padStart(6, '0')}.json`;

export interface SegmentFile {
  format: typeof SEGMENT_FORMAT;
  deviceId: string;
  index: number;
  /** Entries as stored: personal data fields encrypted. */
  entries: Entry[];
}

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

interface SyncFile {
  syncedThrough: number;
  deadLetters: DeadLetter[];
  /** Segment index → when its last entry was acknowledged (the retention clock). */
  segmentSyncedAt: Record<string, string>;
}

export type JournalNoticeKind = 'chain-broken' | 'torn-write-discarded' | 'torn-tail-set-aside' | 'unreadable-segment' | 'undecryptable' | 'stale-lock' | 'legacy-imported';

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
  logger?: Logger;
  /** Entries per segment file (default 256). */
  segmentSize?: number;
  onNotice?: (notice: JournalNotice) => void;
}

export interface Journal {
  readonly deviceId: string;
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
  /** Removes whole segments acknowledged at or before `cutoff` (never the last one). Answers how many. */
  prune(cutoff: Date): Promise<number>;
  /** Called after each durable append. Returns an unsubscribe. */
  onAppend(listener: (entry: Entry) => void): () => void;
  /** Verifies the kept chain again (from the anchor); null when intact. */
  verify(): Promise<ChainBreak | null>;
  /** Waits for queued writes, releases the lock. */
  close(): Promise<void>;
}

interface SegmentInfo {
  index: number;
  firstSeq: number;
  lastSeq: number;
  count: number;
}

const DEVICE_FILE = 'device.json';
const SYNC_FILE = 'sync.json';
const BASE_FILE = 'base.json';
const LOCK_FILE = 'writer.lock';

/** In-process registry: a second openJournal of the same folder shares the one writer. */
const open = new Map<string, { core: Promise<Core>; refs: number }>();

export async function openJournalStore(options: JournalOptions): Promise<Journal> {
  const dir = path.resolve(options.dataDir, 'journal');
  let slot = open.get(dir);
  if (!slot) {
    slot = { core: openCore(dir, options), refs: 0 };
    open.set(dir, slot);
    slot.core.catch(() => open.delete(dir));
  }
  slot.refs += 1;
  const core = await slot.core;
  const now = options.now ?? (() => new Date());
  let closed = false;
  return {
    ...core.api,
    append: (type, data, meta) => core.append(type, data, meta, meta?.at ?? now()),
    async close() {
      if (closed) return;
      closed = true;
      slot.refs -= 1;
      if (slot.refs === 0) {
        open.delete(dir);
        await core.close();
      }
    },
  };
}

interface Core {
  api: Omit<Journal, 'append' | 'close'>;
  append(type: string, data: EntryData, meta: AppendMeta | undefined, at: Date): Promise<Entry>;
  close(): Promise<void>;
}

interface Pending {
  type: string;
  data: EntryData;
  agent: string | null;
  callId: string | undefined;
  at: string;
  resolve(entry: Entry): void;
  reject(error: Error): void;
}

async function openCore(dir: string, options: JournalOptions): Promise<Core> {
  const logger = options.logger ?? silentLogger;
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  if (!(Number.isInteger(segmentSize) && segmentSize >= 1)) throw new RangeError('segmentSize must be a positive integer');
  const keyProvider = options.keyProvider ?? keyFileProvider(path.join(options.dataDir, 'journal.key'), logger);
  const notices: JournalNotice[] = [];
  const notice = (n: JournalNotice) => {
    notices.push(n);
    logger[n.level === 'info' ? 'info' : n.level === 'warning' ? 'warn' : 'error']({ journal: n.kind, ...n.details }, n.message);
    options.onNotice?.(n);
  };

  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lock: HeldLock = await acquireLock(path.join(dir, LOCK_FILE));
  try {
    if (lock.tookOverFrom !== null) {
      notice({ kind: 'stale-lock', level: 'info', message: 'journal lock of a process that is gone was taken over (the app was killed or crashed)', details: { pid: lock.tookOverFrom } });
    }
    const key = await keyProvider.getKey();

    // A temp file is a write that never completed, so it was never acknowledged: discard it.
    const names = await readdir(dir);
    for (const name of names.filter((n) => n.startsWith('.') && n.endsWith('.tmp'))) {
      await unlink(path.join(dir, name));
      notice({ kind: 'torn-write-discarded', level: 'info', message: `an interrupted write (${name}) was discarded; it had not been acknowledged`, details: { file: name } });
    }

    const segmentIndexes = names
      .map((n) => SEGMENT_FILE.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);

    // ---- read every segment ----
    const plain: Entry[] = [];
    const segments: SegmentInfo[] = [];
    let tailStored: Entry[] = [];
    let storedDeviceId: string | null = null;
    for (const [position, index] of segmentIndexes.entries()) {
      const file = path.join(dir, segmentName(index));
      let content: SegmentFile | null = null;
      let problem: string | null = null;
      try {
        content = await new DurableJsonFile<SegmentFile>(file).read();
        if (!content || content.format !== SEGMENT_FORMAT || !Array.isArray(content.entries)) problem = 'not a journal segment';
      } catch (error) {
        if (!(error instanceof UnreadableFileError)) throw error;
        problem = error.message;
      }
      const isLast = position === segmentIndexes.length - 1;
      if (problem || !content) {
        if (isLast) {
          // Cannot happen with the durable writes (a segment is replaced whole or not at all), but a
          // copied or damaged journal can end like this: set the file aside (never delete it) and go
          // on from the previous segment. Loud: entries in it may be lost.
          const aside = `${file}.damaged-${Date.now()}`;
          await rename(file, aside);
          notice({ kind: 'torn-tail-set-aside', level: 'error', message: `the last journal segment could not be read and was set aside as ${path.basename(aside)}: ${problem}`, details: { file: path.basename(aside) } });
        } else {
          notice({ kind: 'unreadable-segment', level: 'error', message: `journal segment ${segmentName(index)} cannot be read (${problem}); it is kept as it is and the chain is broken there`, details: { index } });
        }
        continue;
      }
      storedDeviceId ??= content.entries[0]?.deviceId ?? content.deviceId;
      for (const stored of content.entries) plain.push(decrypt(stored));
      if (content.entries.length > 0) {
        segments.push({ index, firstSeq: content.entries[0]!.seq, lastSeq: content.entries.at(-1)!.seq, count: content.entries.length });
      } else {
        segments.push({ index, firstSeq: 0, lastSeq: 0, count: 0 });
      }
      if (isLast) tailStored = content.entries;
    }

    function decrypt(stored: Entry): Entry {
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

    // ---- device id ----
    const deviceFile = new DurableJsonFile<{ deviceId: string; createdAt: string }>(path.join(dir, DEVICE_FILE));
    const recorded = await deviceFile.read().catch(() => null);
    // The entries on disk decide: the chain belongs to the device that wrote them.
    const deviceId = storedDeviceId ?? (typeof recorded?.deviceId === 'string' && recorded.deviceId ? recorded.deviceId : `desk-${randomUUID()}`);
    if (recorded?.deviceId !== deviceId) await deviceFile.write({ deviceId, createdAt: new Date().toISOString() });

    // ---- sync state and anchor ----
    const syncDb = new Low<SyncFile>(new DurableJsonFile<SyncFile>(path.join(dir, SYNC_FILE)), { syncedThrough: 0, deadLetters: [], segmentSyncedAt: {} });
    await syncDb.read().catch((error: unknown) => {
      // Unreadable sync state: start over from 0 (the archive answers `duplicate`; nothing is lost).
      notice({ kind: 'unreadable-segment', level: 'warning', message: `journal sync state unreadable (${(error as Error).message}); everything is resent and the archive answers duplicate`, details: {} });
    });
    syncDb.data ??= { syncedThrough: 0, deadLetters: [], segmentSyncedAt: {} };
    syncDb.data.deadLetters ??= [];
    syncDb.data.segmentSyncedAt ??= {};
    const baseFile = new DurableJsonFile<ChainHead>(path.join(dir, BASE_FILE));
    let base: ChainHead | null = await baseFile.read().catch(() => null);

    // A prune interrupted between the anchor and the unlinks leaves segments the anchor covers: finish it.
    while (base && segments.length > 1 && segments[0]!.lastSeq <= base.seq && segments[0]!.count > 0) {
      const gone = segments.shift()!;
      plain.splice(0, gone.count);
      await unlink(path.join(dir, segmentName(gone.index))).catch(() => undefined);
    }

    const state = { plain, segments, tailStored, head: CHAIN_START as ChainHead };
    const last = plain.at(-1);
    state.head = last ? { seq: last.seq, hash: last.hash } : base ?? CHAIN_START;

    // ---- verify ----
    const anchorFor = (entries: readonly Entry[]): ChainHead => {
      const first = entries[0];
      if (!first || first.seq === 1) return CHAIN_START;
      if (base && base.seq === first.seq - 1) return base;
      return { seq: 0, hash: GENESIS_HASH };
    };
    const verifyAll = async (): Promise<ChainBreak[]> => {
      const breaks: ChainBreak[] = [];
      let from = 0;
      let head = anchorFor(state.plain);
      while (from < state.plain.length) {
        const broken = await verifyChain(state.plain.slice(from), head);
        if (!broken) break;
        breaks.push({ ...broken, index: broken.index + from });
        const at = state.plain[from + broken.index]!;
        head = { seq: at.seq, hash: at.hash };
        from += broken.index + 1;
        if (breaks.length >= 100) break;
      }
      return breaks;
    };
    const breaks = await verifyAll();
    if (breaks.length > 0) {
      // Nothing is deleted or rewritten: the entries stay as found, the archive refuses the broken
      // ones by name with a journal-tamper alert, and IT is told here.
      notice({
        kind: 'chain-broken',
        level: 'error',
        message: `journal chain broken at ${breaks.length === 1 ? '1 place' : `${breaks.length} places`}, first at seq ${breaks[0]!.seq} (${breaks[0]!.reason}); nothing was removed`,
        details: { breaks: breaks.slice(0, 10).map((b) => ({ seq: b.seq, id: b.id, reason: b.reason, expectedSeq: b.expectedSeq })) },
      });
    }

    // ---- append queue (one writer) ----
    const queue: Pending[] = [];
    let writing: Promise<void> | null = null;
    const listeners = new Set<(entry: Entry) => void>();


    async function writeGroup(group: Pending[]): Promise<void> {
      // Build the entries from the committed head; a failed write rejects what it did not commit,
      // and the next group is rebuilt from the head again (no seq is skipped or reused).
      const built: { entry: Entry; stored: Entry; item: Pending }[] = [];
      let head = state.head;
      for (const item of group) {
        try {
          const entry = await sealEntry({
            deviceId,
            seq: head.seq + 1,
            id: randomUUID(),
            at: item.at,
            agent: item.agent,
            ...(item.callId === undefined ? {} : { callId: item.callId }),
            type: item.type,
            data: item.data,
            prevHash: head.hash,
          });
          const checked = JournalEntry.safeParse(entry);
          if (!checked.success) throw new TypeError(`journal entry refused: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
          built.push({ entry, stored: { ...entry, data: sealData(key, entry.deviceId, entry.seq, entry.data) }, item });
          head = { seq: entry.seq, hash: entry.hash };
        } catch (error) {
          item.reject(error as Error);
        }
      }
      let i = 0;
      while (i < built.length) {
        let info = state.segments.at(-1);
        let stored = state.tailStored;
        if (!info || info.count >= segmentSize) {
          info = { index: (info?.index ?? 0) + 1, firstSeq: 0, lastSeq: 0, count: 0 };
          stored = [];
        }
        const chunk = built.slice(i, i + (segmentSize - stored.length));
        const next = [...stored, ...chunk.map((b) => b.stored)];
        const db = new Low<SegmentFile>(new DurableJsonFile<SegmentFile>(path.join(dir, segmentName(info.index))), null as unknown as SegmentFile);
        db.data = { format: SEGMENT_FORMAT, deviceId, index: info.index, entries: next };
        try {
          await db.write();
        } catch (error) {
          for (const b of built.slice(i)) b.item.reject(error as Error);
          return;
        }
        // Committed: the acknowledgement.
        const updated: SegmentInfo = { index: info.index, firstSeq: next[0]!.seq, lastSeq: next.at(-1)!.seq, count: next.length };
        if (state.segments.at(-1)?.index === info.index) state.segments[state.segments.length - 1] = updated;
        else state.segments.push(updated);
        state.tailStored = next;
        for (const b of chunk) {
          state.plain.push(b.entry);
          state.head = { seq: b.entry.seq, hash: b.entry.hash };
          b.item.resolve(b.entry);
          for (const listener of listeners) {
            try {
              listener(b.entry);
            } catch (error) {
              logger.warn({ err: (error as Error).message }, 'journal append listener failed');
            }
          }
        }
        i += chunk.length;
      }
    }

    function drain(): Promise<void> {
      writing ??= (async () => {
        while (queue.length > 0) await writeGroup(queue.splice(0, segmentSize));
      })().finally(() => {
        writing = null;
        if (queue.length > 0) void drain();
      });
      return writing;
    }

    let closed = false;
    function append(type: string, data: EntryData, meta: AppendMeta | undefined, at: Date): Promise<Entry> {
      if (closed) return Promise.reject(new Error('the journal is closed'));
      // Validated at the door: a caller's bug is refused now, not dead-lettered by the archive later.
      const typeOk = EntryType.safeParse(type);
      if (!typeOk.success) return Promise.reject(new TypeError(`journal entry type ${JSON.stringify(type)}: ${typeOk.error.issues[0]?.message}`));
      const dataOk = EntryData.safeParse(data);
      if (!dataOk.success) return Promise.reject(new TypeError(`journal entry ${type} data: ${dataOk.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
      const agent = meta?.agent !== undefined ? meta.agent : Username.safeParse(data.agent).success ? (data.agent as string) : null;
      const callId = meta?.callId ?? (typeof data.callId === 'string' && data.callId.length > 0 && data.callId.length <= 128 ? data.callId : undefined);
      return new Promise<Entry>((resolve, reject) => {
        queue.push({ type, data: { ...data }, agent, callId, at: at.toISOString(), resolve, reject });
        void drain();
      });
    }

    // ---- sync state ----
    let syncWrite: Promise<void> = Promise.resolve();
    const indexAfter = (seq: number): number => {
      // First index whose seq > `seq` (entries are in seq order; a broken chain may not be, but the
      // search still lands somewhere sensible and nothing is skipped for good: see pending()).
      let lo = 0;
      let hi = state.plain.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (state.plain[mid]!.seq <= seq) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const nowIso = () => (options.now ?? (() => new Date()))().toISOString();

    const api: Core['api'] = {
      deviceId,
      dir,
      entries: () => state.plain,
      notices: () => notices,
      lastSeq: () => state.head.seq,
      syncedThrough: () => syncDb.data.syncedThrough,
      backlog: () => state.plain.length - indexAfter(syncDb.data.syncedThrough),
      pending: (limit) => {
        const from = indexAfter(syncDb.data.syncedThrough);
        return state.plain.slice(from, from + limit);
      },
      markSynced(seq, dead = []) {
        const run = syncWrite.then(async () => {
          const data = syncDb.data;
          if (seq <= data.syncedThrough && dead.length === 0) return;
          for (const d of dead) {
            if (data.deadLetters.some((x) => x.seq === d.seq && x.id === d.id)) continue;
            const at = indexAfter(d.seq - 1);
            if (state.plain[at]?.id === d.id) data.deadLetters.push({ ...d, stored: storedFor(at) });
          }
          data.syncedThrough = Math.max(data.syncedThrough, seq);
          const stamp = nowIso();
          for (const s of state.segments.slice(0, -1)) if (s.count > 0 && s.lastSeq <= data.syncedThrough) data.segmentSyncedAt[String(s.index)] ??= stamp;
          await syncDb.write();
        });
        syncWrite = run.catch(() => undefined);
        return run;
      },
      deadLetters: () => syncDb.data.deadLetters,
      async prune(cutoff) {
        await syncWrite;
        const data = syncDb.data;
        const removable: SegmentInfo[] = [];
        for (const s of state.segments.slice(0, -1)) {
          const syncedAt = data.segmentSyncedAt[String(s.index)];
          if (s.count === 0 || s.lastSeq > data.syncedThrough || !syncedAt || Date.parse(syncedAt) > cutoff.getTime()) break;
          removable.push(s);
        }
        if (removable.length === 0) return 0;
        const lastRemoved = removable.at(-1)!;
        const count = removable.reduce((n, s) => n + s.count, 0);
        const anchor = state.plain[count - 1]!;
        // Anchor first, then unlink oldest first: a crash in between is finished on the next open.
        base = { seq: anchor.seq, hash: anchor.hash };
        await baseFile.write(base);
        for (const s of removable) {
          await unlink(path.join(dir, segmentName(s.index)));
          delete data.segmentSyncedAt[String(s.index)];
        }
        state.segments.splice(0, removable.length);
        state.plain.splice(0, count);
        await syncDb.write();
        logger.info({ segments: removable.length, entries: count, throughSeq: lastRemoved.lastSeq }, 'journal: synced segments pruned after the retention period');
        return removable.length;
      },
      onAppend(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async verify() {
        return (await verifyAll())[0] ?? null;
      },
    };

    /** The stored (encrypted) form of the entry at `index` in state.plain. */
    function storedFor(index: number): Entry {
      const entry = state.plain[index]!;
      return { ...entry, data: sealData(key, entry.deviceId, entry.seq, entry.data) };
    }

    return {
      api,
      append,
      async close() {
        closed = true;
        while (writing) await writing;
        await syncWrite;
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
