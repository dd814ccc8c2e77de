// The checks an open makes on the kept journal (Art. 11: records complete and unaltered), from the
// checkpoint on: segments the checkpoint vouches for are taken by the digest of their bytes and
// decrypted only when read; every other entry is decrypted, hashed, linked and its MAC checked now,
// with the same notices as a full check. Then the checkpoint is moved up to the clean sealed ones.
import type { ChainBreak, JournalEntry as Entry } from '../../../common/journal-chain.js';
import type { Logger } from '../logger.js';
import { anchorFor, chainBrokenNotice, findBreaks, keyedChainNotice } from './chain-check.js';
import {
  coveredPrefix,
  readCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type CheckpointSegment,
} from './checkpoint.js';
import type { DeviceIdentity } from './device-key.js';
import { createDataOpener, FieldDecryptError, openData, sealedEntry } from './fields.js';
import type { KeptJournal } from './segments.js';
import type { Notify } from './types.js';

export interface OpenCheckOptions {
  dir: string;
  /** The journal's field key (fields.ts); the checkpoint's MAC key derives from it. */
  key: Buffer;
  kept: KeptJournal;
  deviceId: string;
  device: DeviceIdentity;
  notice: Notify;
  logger: Logger;
}

export interface OpenCheck {
  /** The first seq written keyed (entries before it are legacy). */
  keyedFrom: number;
  /** Checks the chain and the MACs from the checkpoint on; notices as a full check gives them. */
  verify(): Promise<void>;
  /** Writes the checkpoint when the clean sealed segments moved; never fails (logged). */
  update(): Promise<void>;
}

/**
 * Step one, before the sync ledger opens: reads the checkpoint and opens kept.plain (as stored on
 * entry) — sealed entries behind a getter for what it covers, decrypted now for the rest.
 */
export async function openChecked(options: OpenCheckOptions): Promise<OpenCheck> {
  const { dir, key, kept, deviceId, device, notice, logger } = options;
  const loaded = await readCheckpoint(dir, key, logger);
  const who = { deviceId, device: device.fingerprint };
  const covered = coveredPrefix(kept, loaded, who, anchorFor(kept.plain, kept.base));
  const open = createDataOpener(key, 4096, (stored, error) =>
    logger.error({ seq: stored.seq, field: error.field }, 'journal entry does not decrypt'),
  );
  let dirtyFrom = kept.plain.length;
  // The last segment as stored is rewritten by the writer: those objects must stay as stored.
  const lastStart = kept.plain.length - kept.tailStored.length;
  for (let i = 0; i < kept.plain.length; i++) {
    const stored = kept.plain[i]!;
    if (i < covered.entries) kept.plain[i] = sealedEntry(stored, open, i < lastStart);
    else {
      const opened = decrypt(key, stored, notice);
      if (opened === stored) dirtyFrom = Math.min(dirtyFrom, i);
      kept.plain[i] = opened;
    }
  }
  const tail = () => kept.plain.slice(covered.entries);
  const firstKeyed = covered.firstKeyedSeq ?? tail().find((e) => e.mac !== undefined)?.seq;
  const check: OpenCheck = {
    keyedFrom: firstKeyed ?? kept.head.seq + 1,
    async verify() {
      const deviceId = kept.plain[0]?.deviceId;
      const start = { from: covered.entries, head: covered.head, deviceId };
      const breaks: ChainBreak[] = await findBreaks(kept, start);
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

/** The checkpoint the kept journal supports now: its clean segments but the last. */
function checkpointSegments(kept: KeptJournal): CheckpointSegment[] {
  const out: CheckpointSegment[] = [];
  let offset = 0;
  const sealed = Math.min(kept.clean, kept.segments.length - 1);
  for (const s of kept.segments.slice(0, Math.max(0, sealed))) {
    const entries = kept.plain.slice(offset, offset + s.count);
    if (!s.digest || s.count === 0 || entries.length !== s.count) break;
    out.push({
      index: s.index,
      firstSeq: s.firstSeq,
      lastSeq: s.lastSeq,
      count: s.count,
      prevHash: entries[0]!.prevHash,
      lastHash: entries.at(-1)!.hash,
      firstKeyedSeq: entries.find((e) => e.mac !== undefined)?.seq ?? null,
      digest: s.digest,
    });
    offset += s.count;
  }
  return out;
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
