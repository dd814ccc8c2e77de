// Checks the kept entries' hash chain (common/journal-chain.ts) from its anchor, past every break
// (Art. 11: records complete and unaltered). A break changes nothing on disk: the entries stay as
// found, the archive refuses the broken ones by name with a journal-tamper alert, and IT is told.
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  CHAIN_START,
  GENESIS_HASH,
  linkBreak,
  type ChainBreak,
  type ChainHead,
  type JournalEntry as Entry,
} from '../../../common/journal-chain.js';
import type { EntryReader } from './entry-list.js';
import type { JournalNotice } from './types.js';

/** Where the chain of the kept entries starts: the chain start, the prune anchor, or unknown. */
export function anchorFor(firstSeq: number | undefined, base: ChainHead | null): ChainHead {
  if (firstSeq === undefined || firstSeq === 1) return CHAIN_START;
  if (base && base.seq === firstSeq - 1) return base;
  return { seq: 0, hash: GENESIS_HASH };
}

/**
 * common/journal-chain.ts entryHash, synchronously (Node's SHA-256 over the same canonical JSON):
 * the desk checks thousands of entries at a time, and one await per entry was most of an open.
 */
export function entryHashSync(entry: Readonly<Record<string, unknown>>): string {
  const { hash: _hash, mac: _mac, ...rest } = entry;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/** Where a check starts: an index into kept.plain, the head before it, the device it expects. */
export interface CheckStart {
  from: number;
  head: ChainHead;
  deviceId: string | undefined;
}

/**
 * Every break in the kept chain (at most 100), in order; empty when intact. Walks as verifyChain
 * does, from the anchor (or from `start`, the end of what a checkpoint vouched for) and on past
 * each break, which starts a new run.
 */
export function findBreaks(
  kept: { plain: EntryReader; base: ChainHead | null },
  start?: CheckStart,
): ChainBreak[] {
  const { plain } = kept;
  const breaks: ChainBreak[] = [];
  let from = start?.from ?? 0;
  let head = start?.head ?? anchorFor(plain.get(0)?.seq, kept.base);
  let deviceId = start ? start.deviceId : plain.get(0)?.deviceId;
  while (from < plain.length) {
    const broken = firstBreak(plain, from, head, deviceId);
    if (!broken) break;
    breaks.push(broken);
    const at = plain.get(broken.index)!;
    head = { seq: at.seq, hash: at.hash };
    from = broken.index + 1;
    deviceId = plain.get(from)?.deviceId;
    if (breaks.length >= 100) break;
  }
  return breaks;
}

/** verifyChain (common/journal-chain.ts) over entries[from…] with the device of the run given. */
function firstBreak(
  entries: EntryReader,
  from: number,
  previous: ChainHead,
  deviceId: string | undefined,
): ChainBreak | null {
  let head = previous;
  for (let index = from; index < entries.length; index++) {
    const entry = entries.get(index)!;
    const at = { index, seq: entry.seq, id: entry.id, expectedSeq: head.seq + 1 };
    if (entry.deviceId !== deviceId) return { ...at, reason: 'device-mismatch' };
    if (entryHashSync(entry) !== entry.hash) return { ...at, reason: 'hash-mismatch' };
    const broken = linkBreak(head, entry);
    if (broken) return { ...at, reason: broken };
    head = { seq: entry.seq, hash: entry.hash };
  }
  return null;
}

export function chainBrokenNotice(breaks: readonly ChainBreak[]): JournalNotice {
  const places = breaks.length === 1 ? '1 place' : `${breaks.length} places`;
  return {
    kind: 'chain-broken',
    level: 'error',
    message: `journal chain broken at ${places}, first at seq ${breaks[0]!.seq} (${breaks[0]!.reason}); nothing was removed`,
    details: {
      breaks: breaks
        .slice(0, 10)
        .map((b) => ({ seq: b.seq, id: b.id, reason: b.reason, expectedSeq: b.expectedSeq })),
    },
  };
}

/**
 * Keyed entries whose MAC does not match their hash under this desk's chain key: rewritten on
 * disk by someone without the sealed key. Kept as found; the archive refuses their batch.
 */
export function keyedChainNotice(entries: readonly Entry[]): JournalNotice {
  return {
    kind: 'keyed-chain-broken',
    level: 'error',
    message: `${entries.length} journal entries do not carry this desk's MAC, first at seq ${entries[0]!.seq}: edited on disk; kept as found, the records service will refuse them`,
    details: { seqs: entries.slice(0, 10).map((e) => e.seq) },
  };
}
