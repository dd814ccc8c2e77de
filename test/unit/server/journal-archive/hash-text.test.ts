// entryHashText writes the entry without copying it; the desk hashes canonicalJson of a copy
// without hash and mac. The two must give the same text for anything a body can hold.
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHashText } from '../../../../common/journal-chain.js';

const entries: Array<Record<string, unknown>> = [
  {
    deviceId: 'desk-01',
    seq: 3,
    id: '3f1c2a9e-4b7d-4c1e-9a2b-5d6e7f8a9b0c',
    at: '2026-12-07T03:40:00.123Z',
    agent: null,
    type: 'verify.basic-checked',
    data: { z: 1, a: 'x', é: 'ü', '\u0000': '\u2028"\\', n: -0, big: 1e21, small: 5e-7, t: true },
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    mac: 'c'.repeat(64),
  },
  { hash: 'only' },
  {},
  { mac: { nested: [1, { b: 2, a: [null, 'x'] }] }, data: [[1, 2], { y: { x: [] } }] },
  { B: 1, a: 2, _: 3, '10': 4, '9': 5, '': 6, '😀': 7, ａ: 8 },
  { undef: undefined, keep: 1 },
];

describe('entryHashText', () => {
  it.each(entries.map((e, i) => [i, e] as const))(
    'entry %i: the text canonicalJson gives the copy',
    (_, e) => {
      const { hash: _hash, mac: _mac, ...rest } = e;
      expect(entryHashText(e)).toBe(canonicalJson(rest));
    },
  );

  it('throws where canonicalJson throws', () => {
    expect(() => entryHashText({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  });
});
