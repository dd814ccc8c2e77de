// Checks the kept entries' hash chain (common/journal-chain.ts) from its anchor, past every break
// (Art. 11: records complete and unaltered). A break changes nothing on disk: the entries stay as
// found, the archive refuses the broken ones by name with a journal-tamper alert, and IT is told.
import {
  CHAIN_START,
  GENESIS_HASH,
  verifyChain,
  type ChainBreak,
  type ChainHead,
  type JournalEntry as Entry,
} from '../../../common/journal-chain.js';
import type { KeptJournal } from './segments.js';
import type { JournalNotice } from './types.js';

/** Where the chain of the kept entries starts: the chain start, the prune anchor, or unknown. */
function anchorFor(entries: readonly Entry[], base: ChainHead | null): ChainHead {
  const first = entries[0];
  if (!first || first.seq === 1) return CHAIN_START;
  if (base && base.seq === first.seq - 1) return base;
  return { seq: 0, hash: GENESIS_HASH };
}

/** Every break in the kept chain (at most 100), in order; empty when intact. */
export async function findBreaks(kept: Pick<KeptJournal, 'plain' | 'base'>): Promise<ChainBreak[]> {
  const breaks: ChainBreak[] = [];
  let from = 0;
  let head = anchorFor(kept.plain, kept.base);
  while (from < kept.plain.length) {
    const broken = await verifyChain(kept.plain.slice(from), head);
    if (!broken) break;
    breaks.push({ ...broken, index: broken.index + from });
    const at = kept.plain[from + broken.index]!;
    head = { seq: at.seq, hash: at.hash };
    from += broken.index + 1;
    if (breaks.length >= 100) break;
  }
  return breaks;
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
