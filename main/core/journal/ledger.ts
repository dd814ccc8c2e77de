// What the archive has acknowledged (sync.json: how far, the dead letters, when each segment was
// acknowledged) and the retention that follows: whole acknowledged segments are pruned after the
// retention period, anchor first (base.json), so a crash midway is finished on the next open.
// Nothing unsynced is ever pruned (Art. 12); an unreadable ledger only means resending.
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { ChainHead, JournalEntry as Entry } from '../../../common/journal-chain.js';
import type { Logger } from '../logger.js';
import { DurableJsonFile } from './durable-file.js';
import { sealData } from './fields.js';
import {
  BASE_FILE,
  segmentName,
  SYNC_FILE,
  type KeptJournal,
  type SegmentInfo,
} from './segments.js';
import type { DeadLetter, Journal, Notify } from './types.js';

interface SyncFile {
  syncedThrough: number;
  deadLetters: DeadLetter[];
  /** Segment index → when its last entry was acknowledged (the retention clock). */
  segmentSyncedAt: Record<string, string>;
}

export type SyncLedger = Pick<
  Journal,
  'syncedThrough' | 'backlog' | 'pending' | 'markSynced' | 'deadLetters' | 'prune'
> & {
  /** Resolves once the ledger writes in flight are done. */
  flushed(): Promise<void>;
};

export interface SyncLedgerOptions {
  dir: string;
  kept: KeptJournal;
  /** The personal-field key: a dead letter is kept as stored (encrypted). */
  key: Buffer;
  notice: Notify;
  logger: Logger;
  now: () => Date;
}

export async function openSyncLedger(options: SyncLedgerOptions): Promise<SyncLedger> {
  const { dir, kept, key, notice, logger, now } = options;
  const empty = (): SyncFile => ({ syncedThrough: 0, deadLetters: [], segmentSyncedAt: {} });
  const db = new Low<SyncFile>(new DurableJsonFile<SyncFile>(path.join(dir, SYNC_FILE)), empty());
  await db.read().catch((error: unknown) => {
    // Unreadable: start over from 0 (the archive answers `duplicate`; nothing is lost).
    const message = `journal sync state unreadable (${(error as Error).message}); everything is resent and the archive answers duplicate`;
    notice({ kind: 'unreadable-segment', level: 'warning', message, details: {} });
  });
  db.data ??= empty();
  db.data.deadLetters ??= [];
  db.data.segmentSyncedAt ??= {};
  const baseFile = new DurableJsonFile<ChainHead>(path.join(dir, BASE_FILE));
  let writes: Promise<void> = Promise.resolve();

  /** The stored (encrypted) form of the entry at `index` in kept.plain. */
  const storedFor = (index: number): Entry => {
    const entry = kept.plain.get(index)!;
    return { ...entry, data: sealData(key, entry.deviceId, entry.seq, entry.data) };
  };

  function markSynced(
    seq: number,
    dead: readonly Omit<DeadLetter, 'stored'>[] = [],
  ): Promise<void> {
    const run = writes.then(async () => {
      const data = db.data;
      if (seq <= data.syncedThrough && dead.length === 0) return;
      for (const d of dead) {
        if (data.deadLetters.some((x) => x.seq === d.seq && x.id === d.id)) continue;
        const at = kept.plain.indexAfter(d.seq - 1);
        if (kept.plain.get(at)?.id === d.id) data.deadLetters.push({ ...d, stored: storedFor(at) });
      }
      data.syncedThrough = Math.max(data.syncedThrough, seq);
      const stamp = now().toISOString();
      for (const s of kept.segments.slice(0, -1)) {
        if (s.count > 0 && s.lastSeq <= data.syncedThrough)
          data.segmentSyncedAt[String(s.index)] ??= stamp;
      }
      await db.write();
    });
    writes = run.catch(() => undefined);
    return run;
  }

  async function prune(cutoff: Date): Promise<number> {
    await writes;
    const data = db.data;
    const removable: SegmentInfo[] = [];
    for (const s of kept.segments.slice(0, -1)) {
      const syncedAt = data.segmentSyncedAt[String(s.index)];
      if (
        s.count === 0 ||
        s.lastSeq > data.syncedThrough ||
        !syncedAt ||
        Date.parse(syncedAt) > cutoff.getTime()
      )
        break;
      removable.push(s);
    }
    if (removable.length === 0) return 0;
    const lastRemoved = removable.at(-1)!;
    const count = removable.reduce((n, s) => n + s.count, 0);
    // The last pruned entry's hash: from the checkpoint when its segment was not read (sealed and
    // vouched for), else from the entry. Anchor first, then unlink oldest first: a crash in
    // between is finished on the next open.
    const anchorHash = lastRemoved.lastHash ?? kept.plain.get(count - 1)!.hash;
    kept.base = { seq: lastRemoved.lastSeq, hash: anchorHash };
    await baseFile.write(kept.base);
    for (const s of removable) {
      await unlink(path.join(dir, segmentName(s.index)));
      delete data.segmentSyncedAt[String(s.index)];
    }
    kept.segments.splice(0, removable.length);
    kept.clean = Math.max(0, kept.clean - removable.length);
    kept.plain.dropFront(count);
    await db.write();
    const what = { segments: removable.length, entries: count, throughSeq: lastRemoved.lastSeq };
    logger.info(what, 'journal: synced segments pruned after the retention period');
    return removable.length;
  }

  return {
    syncedThrough: () => db.data.syncedThrough,
    // From the seq ranges: no segment is loaded to count; pending loads only what it answers.
    backlog: () => kept.plain.length - kept.plain.indexAfter(db.data.syncedThrough),
    pending: (limit) => {
      const from = kept.plain.indexAfter(db.data.syncedThrough);
      return kept.plain.slice(from, from + limit);
    },
    markSynced,
    deadLetters: () => db.data.deadLetters,
    prune,
    flushed: () => writes,
  };
}
