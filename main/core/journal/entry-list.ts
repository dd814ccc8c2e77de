// The kept entries in memory, in seq order, one part per segment file. A segment the checkpoint
// vouches for is not read at open: its part holds only what the checkpoint says (seq range, first
// prevHash, last hash, digest) and is loaded — read, its bytes checked against the digest, parsed
// (open-check.ts) — when an entry of it is read, with the last few loaded kept (a small LRU) so a
// large journal opens and runs in bounded memory. Counts and seq look-ups come from the ranges.
import type { ChainHead, JournalEntry as Entry } from '../../../common/journal-chain.js';
import type { CheckpointSegment } from './checkpoint.js';

/** A checkpointed segment not read yet: what the checkpoint says of it. */
export type LazySegment = Pick<
  CheckpointSegment,
  'index' | 'firstSeq' | 'lastSeq' | 'count' | 'prevHash' | 'lastHash' | 'digest'
>;

/**
 * Loads a lazy segment's entries; answers them as found (after reporting any change), or throws
 * when it cannot be read at all.
 */
export type SegmentLoader = (lazy: LazySegment, partStart: number) => Entry[];

interface Part {
  entries: Entry[] | null;
  /** Set while the part may be dropped from memory and loaded again (its bytes are vouched for). */
  lazy: LazySegment | null;
  count: number;
}

/** Anything read by index: the list itself, or a plain array through `arrayReader`. */
export interface EntryReader {
  readonly length: number;
  get(index: number): Entry | undefined;
}

export const arrayReader = (entries: readonly Entry[]): EntryReader => ({
  get length() {
    return entries.length;
  },
  get: (index) => entries[index],
});

export class EntryList implements EntryReader {
  private parts: Part[] = [];
  private starts: number[] = [];
  private total = 0;
  /** Loaded lazy parts, least recently used first. */
  private readonly loaded: Part[] = [];
  loader: SegmentLoader | null = null;

  constructor(private readonly keepLoaded = 16) {}

  get length(): number {
    return this.total;
  }

  /** A segment read at open (or entries appended): kept in memory. */
  addLoaded(entries: Entry[]): void {
    if (entries.length === 0) return;
    this.parts.push({ entries, lazy: null, count: entries.length });
    this.reindex();
  }

  addLazy(lazy: LazySegment): void {
    this.parts.push({ entries: null, lazy, count: lazy.count });
    this.reindex();
  }

  push(entry: Entry): void {
    const last = this.parts.at(-1);
    if (last && last.lazy === null && last.entries) {
      last.entries.push(entry);
      last.count += 1;
      this.total += 1;
    } else this.addLoaded([entry]);
  }

  get(index: number): Entry | undefined {
    if (!(index >= 0 && index < this.total)) return undefined;
    const at = this.partAt(index);
    const part = this.parts[at]!;
    const before = part.count;
    const entries = this.entriesOf(at);
    // A segment found changed when loaded may hold another number of entries: look again.
    if (part.count !== before) return this.get(index);
    return entries[index - this.starts[at]!];
  }

  at(index: number): Entry | undefined {
    return this.get(index < 0 ? this.total + index : index);
  }

  /** The entry at `index` when it is in memory, without loading anything. */
  peek(index: number): Entry | undefined {
    if (!(index >= 0 && index < this.total)) return undefined;
    const at = this.partAt(index);
    return this.parts[at]!.entries?.[index - this.starts[at]!];
  }

  slice(from: number, to = this.total): Entry[] {
    const out: Entry[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.total); i++) out.push(this.get(i)!);
    return out;
  }

  /** The first seq kept, and the chain head after the last entry, without loading anything. */
  firstSeq(): number | undefined {
    const first = this.parts[0];
    return first ? (first.lazy?.firstSeq ?? first.entries![0]!.seq) : undefined;
  }

  lastLink(): ChainHead | null {
    const last = this.parts.at(-1);
    if (!last) return null;
    if (last.lazy && !last.entries) return { seq: last.lazy.lastSeq, hash: last.lazy.lastHash };
    const entry = this.get(this.total - 1)!;
    return { seq: entry.seq, hash: entry.hash };
  }

  /** The first index whose seq is above `seq` (entries in seq order); loads at most one part. */
  indexAfter(seq: number): number {
    // A broken chain may not be in order, but the search still lands somewhere sensible and
    // nothing is skipped for good (the sync sends from here).
    let lo = 0;
    let hi = this.parts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lastSeqOf(mid) <= seq) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.parts.length) return this.total;
    const part = this.parts[lo]!;
    if (part.lazy && !part.entries)
      return this.starts[lo]! + Math.min(part.count, Math.max(0, seq - part.lazy.firstSeq + 1));
    const entries = this.entriesOf(lo);
    let a = 0;
    let b = entries.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (entries[mid]!.seq <= seq) a = mid + 1;
      else b = mid;
    }
    return this.starts[lo]! + a;
  }

  /** Drops the first `count` entries (pruned segments): whole lazy parts without loading them. */
  dropFront(count: number): void {
    let left = count;
    while (left > 0 && this.parts.length > 0) {
      const first = this.parts[0]!;
      if (first.count <= left) {
        this.parts.shift();
        this.forget(first);
        left -= first.count;
      } else {
        const entries = this.entriesOf(0).slice(left);
        this.forget(first);
        this.parts[0] = { entries, lazy: null, count: entries.length };
        left = 0;
      }
    }
    this.reindex();
  }

  /** Replaces each entry in memory (not the lazy parts), e.g. to decrypt what open read. */
  mapLoaded(fn: (entry: Entry, index: number) => Entry, from = 0): void {
    for (const [p, part] of this.parts.entries()) {
      if (part.lazy || !part.entries) continue;
      const start = this.starts[p]!;
      for (let i = Math.max(0, from - start); i < part.entries.length; i++)
        part.entries[i] = fn(part.entries[i]!, start + i);
    }
  }

  /** Lazy parts from `index` on are loaded once and kept (they get the full check instead). */
  pinFrom(index: number, read: (lazy: LazySegment) => Entry[]): void {
    for (const [p, part] of this.parts.entries()) {
      if (!part.lazy || this.starts[p]! + part.count <= index) continue;
      const entries = part.entries ?? read(part.lazy);
      this.forget(part);
      this.parts[p] = { entries, lazy: null, count: entries.length };
    }
    this.parts = this.parts.filter((p) => p.count > 0);
    this.reindex();
  }

  /** A readonly array over the list (Journal.entries()): indexes, length and array methods. */
  view(): readonly Entry[] {
    const isIndex = (key: string | symbol): key is string =>
      typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key);
    const refuse = () => {
      throw new TypeError('the journal entries are read-only');
    };
    return new Proxy([] as Entry[], {
      get: (target, key, receiver) => {
        if (key === 'length') return this.total;
        if (isIndex(key)) return this.get(Number(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
      has: (target, key) => (isIndex(key) ? Number(key) < this.total : Reflect.has(target, key)),
      ownKeys: () => [...Array.from({ length: this.total }, (_, i) => String(i)), 'length'],
      getOwnPropertyDescriptor: (target, key) => {
        if (key === 'length')
          return { value: this.total, writable: true, enumerable: false, configurable: false };
        if (isIndex(key) && Number(key) < this.total)
          return {
            value: this.get(Number(key)),
            writable: false,
            enumerable: true,
            configurable: true,
          };
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      set: refuse,
      deleteProperty: refuse,
      defineProperty: refuse,
    });
  }

  private lastSeqOf(p: number): number {
    const part = this.parts[p]!;
    if (part.lazy && !part.entries) return part.lazy.lastSeq;
    return part.entries!.at(-1)?.seq ?? -Infinity;
  }

  private entriesOf(p: number): Entry[] {
    const part = this.parts[p]!;
    if (part.entries) {
      if (part.lazy) this.touch(part);
      return part.entries;
    }
    const lazy = part.lazy!;
    if (!this.loader) throw new Error('journal segment loaded before the journal was opened');
    const entries = this.loader(lazy, this.starts[p]!);
    part.entries = entries;
    if (entries.length !== part.count || part.lazy !== lazy) {
      // Changed since the checkpoint: reported by the loader; kept as found, never dropped again.
      part.lazy = null;
      part.count = entries.length;
      this.reindex();
    } else this.touch(part);
    return entries;
  }

  private touch(part: Part): void {
    const at = this.loaded.indexOf(part);
    if (at >= 0) this.loaded.splice(at, 1);
    this.loaded.push(part);
    while (this.loaded.length > this.keepLoaded) this.loaded.shift()!.entries = null;
  }

  private forget(part: Part): void {
    const at = this.loaded.indexOf(part);
    if (at >= 0) this.loaded.splice(at, 1);
  }

  private partAt(index: number): number {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private reindex(): void {
    this.starts = [];
    this.total = 0;
    for (const part of this.parts) {
      this.starts.push(this.total);
      this.total += part.count;
    }
  }

  /** A lazy part found changed when loaded (open-check.ts): kept once loaded, never dropped. */
  unpin(part: LazySegment): void {
    const found = this.parts.find((p) => p.lazy === part);
    if (found) {
      found.lazy = null;
      this.forget(found);
    }
  }
}
