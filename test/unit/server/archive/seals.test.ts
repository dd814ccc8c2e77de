// The seal's arithmetic, pure: a table digest does not depend on row order but on every key and
// digest; a seal's hash covers everything it states, so changing any of it changes the hash.
import { describe, expect, it } from 'vitest';
import { GENESIS, sealHash, tableDigest, type SealHead } from '../../../../server/archive/seals.js';

const D = (c: string) => c.repeat(64);

describe('tableDigest', () => {
  it('counts the rows and digests them in key order', () => {
    const rows = [
      { key: '2', digest: D('b') },
      { key: '10', digest: D('a') },
    ];
    const digest = tableDigest(rows);
    expect(digest.count).toBe(2);
    expect(tableDigest([...rows].reverse())).toEqual(digest);
    expect(tableDigest(rows.slice(1)).digest).not.toBe(digest.digest);
    expect(tableDigest([rows[0]!, { key: '10', digest: D('c') }]).digest).not.toBe(digest.digest);
    expect(tableDigest([]).count).toBe(0);
  });
});

describe('sealHash', () => {
  const seal: SealHead = {
    id: 1,
    sealedAt: new Date('2026-03-02T09:00:00.000Z'),
    tables: { verification_events: { count: 2, digest: D('1') } },
    rowCount: 2,
    retentionYears: 5,
    prevHash: GENESIS,
  };
  it('changes with every field it states, not with table order', () => {
    const hash = sealHash(seal);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    for (const changed of [
      { ...seal, id: 2 },
      { ...seal, sealedAt: new Date('2026-03-02T09:00:00.001Z') },
      { ...seal, tables: { verification_events: { count: 1, digest: D('1') } } },
      { ...seal, tables: { alerts: { count: 2, digest: D('1') } } },
      { ...seal, rowCount: 3 },
      { ...seal, retentionYears: 6 },
      { ...seal, prevHash: D('f') },
    ])
      expect(sealHash(changed)).not.toBe(hash);
    const two = { a: { count: 1, digest: D('1') }, b: { count: 1, digest: D('2') } };
    const owt = { b: two.b, a: two.a };
    expect(sealHash({ ...seal, tables: two })).toBe(sealHash({ ...seal, tables: owt }));
  });
});
