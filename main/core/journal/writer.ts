// The journal's one writer (Art. 11: every step recorded accurately and completely): an append is
// validated at the door, sealed into the chain from the committed head and written with its
// segment durably; it resolves only once that segment is on disk — the acknowledgement. Appends
// arriving while a write is in flight are committed together in the next write.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  EntryData,
  EntryType,
  JournalEntry,
  sealEntry,
  type JournalEntry as Entry,
} from '../../../common/journal-chain.js';
import { Username } from '../../../common/domain.js';
import type { Logger } from '../logger.js';
import { segmentDigest } from './checkpoint.js';
import { writeFileDurably } from './durable-file.js';
import { sealData } from './fields.js';
import {
  SEGMENT_FORMAT,
  segmentName,
  type KeptJournal,
  type SegmentFile,
  type SegmentInfo,
} from './segments.js';
import type { AppendMeta } from './types.js';

export interface AppendWriterOptions {
  dir: string;
  deviceId: string;
  /** The personal-field key (fields.ts). */
  key: Buffer;
  segmentSize: number;
  /** Grows with every committed entry. */
  kept: KeptJournal;
  logger: Logger;
  /** The keyed chain: each new entry's MAC of its hash (device-key.ts). */
  mac?: (hash: string) => string;
  /** Called after a write that began a new segment: the one before is sealed (checkpoint.ts). */
  onSealed?: () => void;
}

export interface AppendWriter {
  append(type: string, data: EntryData, meta: AppendMeta | undefined, at: Date): Promise<Entry>;
  /** Called after each durable append. Returns an unsubscribe. */
  onAppend(listener: (entry: Entry) => void): () => void;
  /** Refuses further appends and waits for the queued ones. */
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

interface Built {
  entry: Entry;
  stored: Entry;
  item: Pending;
}

const listIssues = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

/**
 * Validated at the door: a caller's bug is refused now, not dead-lettered by the archive. Answers
 * the entry's agent and call, taken from the meta or else from the data.
 */
function admit(
  type: string,
  data: EntryData,
  meta: AppendMeta | undefined,
): TypeError | { agent: string | null; callId: string | undefined } {
  const typeOk = EntryType.safeParse(type);
  if (!typeOk.success)
    return new TypeError(
      `journal entry type ${JSON.stringify(type)}: ${typeOk.error.issues[0]?.message}`,
    );
  const dataOk = EntryData.safeParse(data);
  if (!dataOk.success)
    return new TypeError(`journal entry ${type} data: ${listIssues(dataOk.error.issues)}`);
  const agent =
    meta?.agent !== undefined
      ? meta.agent
      : Username.safeParse(data.agent).success
        ? (data.agent as string)
        : null;
  const callId =
    meta?.callId ??
    (typeof data.callId === 'string' && data.callId.length > 0 && data.callId.length <= 128
      ? data.callId
      : undefined);
  return { agent, callId };
}

export function createAppendWriter(options: AppendWriterOptions): AppendWriter {
  const { dir, deviceId, key, segmentSize, kept, logger, mac, onSealed } = options;
  const queue: Pending[] = [];
  const listeners = new Set<(entry: Entry) => void>();
  let writing: Promise<void> | null = null;
  let closed = false;

  /** Seals a group from the committed head; an entry that cannot be sealed is refused alone. */
  async function seal(group: readonly Pending[]): Promise<Built[]> {
    const built: Built[] = [];
    let head = kept.head;
    for (const item of group) {
      try {
        const sealed = await sealEntry({
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
        const entry: Entry = mac ? { ...sealed, mac: mac(sealed.hash) } : sealed;
        const checked = JournalEntry.safeParse(entry);
        if (!checked.success)
          throw new TypeError(`journal entry refused: ${listIssues(checked.error.issues)}`);
        built.push({
          entry,
          stored: { ...entry, data: sealData(key, entry.deviceId, entry.seq, entry.data) },
          item,
        });
        head = { seq: entry.seq, hash: entry.hash };
      } catch (error) {
        item.reject(error as Error);
      }
    }
    return built;
  }

  function committed(chunk: readonly Built[]): void {
    for (const b of chunk) {
      kept.plain.push(b.entry);
      kept.head = { seq: b.entry.seq, hash: b.entry.hash };
      b.item.resolve(b.entry);
      for (const listener of listeners) {
        try {
          listener(b.entry);
        } catch (error) {
          logger.warn({ err: (error as Error).message }, 'journal append listener failed');
        }
      }
    }
  }

  async function writeGroup(group: Pending[]): Promise<void> {
    // Built from the committed head; a failed write rejects what it did not commit, and the next
    // group is rebuilt from the head again (no seq is skipped or reused).
    const built = await seal(group);
    let i = 0;
    while (i < built.length) {
      let info = kept.segments.at(-1);
      let stored = kept.tailStored;
      if (!info || info.count >= segmentSize) {
        info = { index: (info?.index ?? 0) + 1, firstSeq: 0, lastSeq: 0, count: 0 };
        stored = [];
      }
      const chunk = built.slice(i, i + (segmentSize - stored.length));
      const next = [...stored, ...chunk.map((b) => b.stored)];
      const segment: SegmentFile = {
        format: SEGMENT_FORMAT,
        deviceId,
        index: info.index,
        entries: next,
      };
      const text = JSON.stringify(segment);
      try {
        await writeFileDurably(path.join(dir, segmentName(info.index)), text);
      } catch (error) {
        for (const b of built.slice(i)) b.item.reject(error as Error);
        return;
      }
      // Committed: the acknowledgement.
      const updated: SegmentInfo = {
        index: info.index,
        firstSeq: next[0]!.seq,
        lastSeq: next.at(-1)!.seq,
        count: next.length,
        digest: segmentDigest(text),
      };
      // What this writer writes after clean segments is clean: it sealed and hashed it itself.
      const allClean = kept.clean >= kept.segments.length;
      const began = kept.segments.at(-1)?.index !== info.index;
      if (began) kept.segments.push(updated);
      else kept.segments[kept.segments.length - 1] = updated;
      if (allClean) kept.clean = kept.segments.length;
      kept.tailStored = next;
      committed(chunk);
      if (began && kept.segments.length > 1) onSealed?.();
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

  return {
    append(type, data, meta, at) {
      if (closed) return Promise.reject(new Error('the journal is closed'));
      const admitted = admit(type, data, meta);
      if (admitted instanceof Error) return Promise.reject(admitted);
      const { agent, callId } = admitted;
      return new Promise<Entry>((resolve, reject) => {
        queue.push({
          type,
          data: { ...data },
          agent,
          callId,
          at: at.toISOString(),
          resolve,
          reject,
        });
        void drain();
      });
    },
    onAppend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      while (writing) await writing;
    },
  };
}
