// The shared journal entry format (Art. 11): canonical JSON, the hash rule, and chain
// verification that finds an edited, removed or reordered entry.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CallbackRequestedData,
  canonicalJson,
  ComplaintRecordedData,
  entryHash,
  GENESIS_HASH,
  JournalEntry,
  linkBreak,
  sealEntry,
  verifyChain,
  type JournalEntry as Entry,
} from '../../../common/journal-chain.js';

const DEVICE = 'desk-0001';
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

async function chain(length: number, deviceId = DEVICE): Promise<Entry[]> {
  const out: Entry[] = [];
  for (let seq = 1; seq <= length; seq++) {
    out.push(
      await sealEntry({
        deviceId,
        seq,
        id: randomUUID(),
        at: new Date(T0 + seq * 1000).toISOString(),
        agent: seq === 1 ? null : 'agent01',
        ...(seq % 2 === 0 ? { callId: `call-${seq}` } : {}),
        type: seq % 3 === 0 ? 'verify.basic-checked' : 'phone.call-started',
        data: { step: seq, passed: seq % 2 === 0, mobile: '138****5678', note: null },
        prevHash: out.at(-1)?.hash ?? GENESIS_HASH,
      }),
    );
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('is independent of key insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('leaves out undefined members like JSON.stringify, and escapes like it', () => {
    expect(canonicalJson({ a: undefined, b: '引号"\n\u2028' })).toBe(
      `{"b":${JSON.stringify('引号"\n\u2028')}}`,
    );
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });
});

describe('entryHash', () => {
  it('is the SHA-256 hex of the canonical entry without its hash', async () => {
    const [entry] = await chain(1);
    const { hash, ...rest } = entry!;
    expect(hash).toBe(createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex'));
    expect(await entryHash(entry!)).toBe(hash);
    expect(await entryHash(rest)).toBe(hash);
  });

  it('the first entry links to 64 zeros', async () => {
    const [first] = await chain(1);
    expect(first!.prevHash).toBe('0'.repeat(64));
  });

  it('round-trips through JSON: the server computes the same hash from the wire', async () => {
    for (const entry of await chain(6))
      expect(await entryHash(JSON.parse(JSON.stringify(entry)))).toBe(entry.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, from the genesis or from a given head', async () => {
    const entries = await chain(10);
    expect(JournalEntry.array().parse(entries)).toEqual(entries);
    expect(await verifyChain(entries)).toBeNull();
    expect(await verifyChain(entries.slice(4), { seq: 4, hash: entries[3]!.hash })).toBeNull();
    expect(await verifyChain([])).toBeNull();
  });

  it('finds an edited entry (data changed, hash kept): hash-mismatch at that entry', async () => {
    const entries = await chain(5);
    entries[2] = { ...entries[2]!, data: { ...entries[2]!.data, passed: true, step: 99 } };
    expect(await verifyChain(entries)).toEqual({
      index: 2,
      seq: 3,
      id: entries[2]!.id,
      reason: 'hash-mismatch',
      expectedSeq: 3,
    });
  });

  it('finds an edited entry whose hash was recomputed: the next entry no longer links', async () => {
    const entries = await chain(5);
    const { hash: _old, ...rest } = entries[1]!;
    entries[1] = await sealEntry({ ...rest, agent: 'someone-else' });
    expect(await verifyChain(entries)).toMatchObject({
      index: 2,
      seq: 3,
      reason: 'prev-hash-mismatch',
    });
  });

  it('finds a removed entry: gap', async () => {
    const entries = await chain(5);
    entries.splice(2, 1);
    expect(await verifyChain(entries)).toMatchObject({
      index: 2,
      seq: 4,
      reason: 'gap',
      expectedSeq: 3,
    });
  });

  it('finds a removed first entry against the genesis', async () => {
    const entries = await chain(3);
    expect(await verifyChain(entries.slice(1))).toMatchObject({
      index: 0,
      seq: 2,
      reason: 'gap',
      expectedSeq: 1,
    });
  });

  it('finds reordered entries: the first out-of-place entry is a gap, a moved-back one a reorder', async () => {
    const entries = await chain(5);
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!, entries[4]!];
    expect(await verifyChain(swapped)).toMatchObject({ index: 1, seq: 3, reason: 'gap' });
    const repeated = [entries[0]!, entries[1]!, entries[1]!, entries[2]!];
    expect(await verifyChain(repeated)).toMatchObject({
      index: 2,
      seq: 2,
      reason: 'reorder',
      expectedSeq: 3,
    });
  });

  it('finds renumbered entries (seq edited): hash-mismatch', async () => {
    const entries = await chain(3);
    entries[2] = { ...entries[2]!, seq: 2 };
    expect(await verifyChain(entries)).toMatchObject({ index: 2, reason: 'hash-mismatch' });
  });

  it('finds a wrong starting head: prev-hash-mismatch', async () => {
    const entries = await chain(4);
    expect(await verifyChain(entries.slice(2), { seq: 2, hash: 'f'.repeat(64) })).toMatchObject({
      index: 0,
      seq: 3,
      reason: 'prev-hash-mismatch',
    });
  });

  it('finds an entry of another device mixed in', async () => {
    const mine = await chain(2);
    const other = await chain(3, 'desk-0002');
    expect(await verifyChain([mine[0]!, mine[1]!, other[2]!])).toMatchObject({
      index: 2,
      reason: 'device-mismatch',
    });
  });

  it('linkBreak names how an entry continues a head', () => {
    const head = { seq: 4, hash: 'a'.repeat(64) };
    expect(linkBreak(head, { seq: 5, prevHash: 'a'.repeat(64) })).toBeNull();
    expect(linkBreak(head, { seq: 5, prevHash: 'b'.repeat(64) })).toBe('prev-hash-mismatch');
    expect(linkBreak(head, { seq: 6, prevHash: 'a'.repeat(64) })).toBe('gap');
    expect(linkBreak(head, { seq: 4, prevHash: 'a'.repeat(64) })).toBe('reorder');
  });
});

describe('JournalEntry schema', () => {
  it('refuses nested data, a non-canonical time, bad hashes and unknown keys', async () => {
    const [entry] = await chain(1);
    const bad: Array<[string, unknown]> = [
      ['nested data', { ...entry, data: { a: { b: 1 } } }],
      ['time with offset', { ...entry, at: '2026-03-02T17:00:00.000+08:00' }],
      ['time without ms', { ...entry, at: '2026-03-02T09:00:00Z' }],
      ['impossible date', { ...entry, at: '2026-02-30T09:00:00.000Z' }],
      ['upper-case hash', { ...entry, hash: entry!.hash.toUpperCase() }],
      ['seq 0', { ...entry, seq: 0 }],
      ['type not dotted', { ...entry, type: 'callback' }],
      ['unknown key', { ...entry, extra: 1 }],
    ];
    for (const [what, value] of bad)
      expect(JournalEntry.safeParse(value).success, what).toBe(false);
  });

  it('effect payloads accept masked references only (Art. 11)', () => {
    expect(
      CallbackRequestedData.safeParse({ customerRef: '138****5678', reason: 'records-outage' })
        .success,
    ).toBe(true);
    expect(
      CallbackRequestedData.safeParse({ customerRef: '13812345678', reason: 'records-outage' })
        .success,
    ).toBe(false);
    expect(
      CallbackRequestedData.safeParse({ customerRef: '110101199003077777*', reason: 'x' }).success,
    ).toBe(false);
    expect(
      ComplaintRecordedData.safeParse({
        category: 'wait-time',
        summary: '等待时间过长',
        customerRef: '张*',
      }).success,
    ).toBe(true);
    expect(ComplaintRecordedData.safeParse({ category: 'Wait Time', summary: 'x' }).success).toBe(
      false,
    );
  });
});
