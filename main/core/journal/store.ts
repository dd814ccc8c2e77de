// The desktop journal (Art. 11: every step, result and action recorded accurately and completely;
// Art. 12, 25: kept through outages and crashes until the records service has it). Opens a folder
// with one writer per folder — across processes (writer.lock) and within one (a shared core) — and
// composes its parts: recovery on open, the chain check, the writer and the sync ledger.
// Entries are common/journal-chain.ts entries; the files are described in segments.ts.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { EntryData, JournalEntry as Entry } from '../../../common/journal-chain.js';
import { silentLogger } from '../logger.js';
import { findBreaks } from './chain-check.js';
import { openDeviceIdentity } from './device-key.js';
import { keyFileProvider } from './keys.js';
import { openSyncLedger } from './ledger.js';
import { readCheckpoint } from './checkpoint.js';
import { acquireLock } from './lock.js';
import { openChecked } from './open-check.js';
import { recoverJournal } from './recover.js';
import { DEFAULT_SEGMENT_SIZE, LOCK_FILE } from './segments.js';
import type { AppendMeta, Journal, JournalNotice, JournalOptions } from './types.js';
import { createAppendWriter } from './writer.js';

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

async function openCore(dir: string, options: JournalOptions): Promise<Core> {
  const logger = options.logger ?? silentLogger;
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  if (!(Number.isInteger(segmentSize) && segmentSize >= 1))
    throw new RangeError('segmentSize must be a positive integer');
  const keyProvider =
    options.keyProvider ?? keyFileProvider(path.join(options.dataDir, 'journal.key'), logger);
  const deviceKeyProvider =
    options.deviceKeyProvider ?? keyFileProvider(path.join(options.dataDir, 'device.key'), logger);
  const notices: JournalNotice[] = [];
  const notice = (n: JournalNotice) => {
    notices.push(n);
    logger[n.level === 'info' ? 'info' : n.level === 'warning' ? 'warn' : 'error'](
      { journal: n.kind, ...n.details },
      n.message,
    );
    options.onNotice?.(n);
  };

  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lock = await acquireLock(path.join(dir, LOCK_FILE));
  try {
    if (lock.tookOverFrom !== null) {
      const message =
        'journal lock of a process that is gone was taken over (the app was killed or crashed)';
      notice({ kind: 'stale-lock', level: 'info', message, details: { pid: lock.tookOverFrom } });
    }
    const key = await keyProvider.getKey();
    // Read first: the segments it vouches for (by their unchanged stat) are not read at open.
    const checkpoint = await readCheckpoint(dir, key, logger);
    const { kept, deviceId } = await recoverJournal(dir, notice, checkpoint);
    // Entries from the first keyed one on carry a MAC; a journal of older entries only is keyed
    // from its next entry (legacy entries stay as written: docs/architecture.md).
    const device = await openDeviceIdentity(deviceId, deviceKeyProvider, () => check.keyedFrom);
    const check = openChecked({ dir, key, kept, deviceId, device, notice, logger, checkpoint });
    const ledger = await openSyncLedger({
      dir,
      kept,
      key,
      notice,
      logger,
      now: options.now ?? (() => new Date()),
    });
    check.verify();
    // In the background: the open is done, and close() waits for it.
    void check.update();
    const writer = createAppendWriter({
      dir,
      deviceId,
      key,
      segmentSize,
      kept,
      logger,
      mac: device.mac,
      onSealed: () => void check.update(),
    });

    const entries = kept.plain.view();
    const api: Core['api'] = {
      deviceId,
      device,
      dir,
      entries: () => entries,
      notices: () => notices,
      lastSeq: () => kept.head.seq,
      syncedThrough: ledger.syncedThrough,
      backlog: ledger.backlog,
      pending: ledger.pending,
      markSynced: ledger.markSynced,
      deadLetters: ledger.deadLetters,
      prune: ledger.prune,
      onAppend: writer.onAppend,
      // Loads every segment in turn (a few kept at a time): each is checked by its digest first.
      verify: () => Promise.resolve(findBreaks(kept)[0] ?? null),
    };
    return {
      api,
      append: writer.append,
      async close() {
        await writer.close();
        await ledger.flushed();
        await check.update();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
