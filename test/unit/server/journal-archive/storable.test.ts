// Hostile journal entries made safe to keep, pure: nesting bounded without recursion, U+0000
// replaced in keys and strings, and an entry too deep to keep stored by its identity only.
import { describe, expect, it } from 'vitest';
import {
  clean,
  entryToKeep,
  MAX_DEPTH,
  nestsDeeperThan,
} from '../../../../server/journal-archive/storable.js';

const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nest(depth - 1) });

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestsDeeperThan('x', 0)).toBe(false);
    expect(nestsDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: [{}] }, 2)).toBe(true);
  });

  it('handles nesting far beyond the stack limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestsDeeperThan(deep, MAX_DEPTH)).toBe(true);
  });
});

describe('entryToKeep', () => {
  it('keeps the entry as sent, with U+0000 replaced in keys and values', () => {
    const raw = { seq: 1, id: 'e1', type: 'x\u0000y', data: { 'k\u0000': ['v\u0000'] } };
    expect(entryToKeep(raw)).toEqual({
      seq: 1,
      id: 'e1',
      type: 'x\uFFFDy',
      data: { 'k\uFFFD': ['v\uFFFD'] },
    });
    expect(clean('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
  });

  it('keeps only the identity, truncated and cleaned, of an entry nested too deeply', () => {
    const raw = {
      seq: 7,
      id: 'e7',
      hash: 'h'.repeat(200),
      prevHash: 'p\u0000',
      type: 3,
      data: nest(MAX_DEPTH + 1),
    };
    expect(entryToKeep(raw)).toEqual({
      seq: 7,
      id: 'e7',
      hash: 'h'.repeat(128),
      prevHash: 'p\uFFFD',
      type: null,
      note: 'nested too deeply to keep',
    });
  });
});
