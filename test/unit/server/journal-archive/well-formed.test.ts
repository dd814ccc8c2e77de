// The fast checks may only say yes where JournalEntry says yes: every variant below is put to both.
import { describe, expect, it } from 'vitest';
import { JournalEntry } from '../../../../common/journal-chain.js';
import { JournalBatchRequest } from '../../../../server/journal-archive/ingest.js';
import { surelyBatch, surelyWellFormed } from '../../../../server/journal-archive/well-formed.js';

const good = {
  deviceId: 'desk-01',
  seq: 7,
  id: '3f1c2a9e-4b7d-4c1e-9a2b-5d6e7f8a9b0c',
  at: '2026-12-07T03:40:00.123Z',
  agent: 'agent.one',
  callId: 'call-1',
  type: 'verify.basic-checked',
  data: { outcome: 'passed', tries: 1, training: false, note: null },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
  mac: 'c'.repeat(64),
};

const variants: Array<[string, Record<string, unknown>]> = [
  ['good', good],
  ['no callId, no mac, no agent', { ...good, callId: undefined, mac: undefined, agent: null }],
  ['unknown key', { ...good, extra: 1 }],
  ['device id bad', { ...good, deviceId: 'desk 01' }],
  ['device id long', { ...good, deviceId: 'd'.repeat(129) }],
  ['seq 0', { ...good, seq: 0 }],
  ['seq fraction', { ...good, seq: 1.5 }],
  ['seq unsafe', { ...good, seq: Number.MAX_SAFE_INTEGER + 1 }],
  ['seq text', { ...good, seq: '7' }],
  ['id not uuid', { ...good, id: 'nope' }],
  ['id upper', { ...good, id: good.id.toUpperCase() }],
  ['id nil', { ...good, id: '00000000-0000-0000-0000-000000000000' }],
  ['at no ms', { ...good, at: '2026-12-07T03:40:00Z' }],
  ['at not real', { ...good, at: '2026-02-30T03:40:00.000Z' }],
  ['at offset', { ...good, at: '2026-12-07T03:40:00.123+00:00' }],
  ['agent missing', Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'agent'))],
  ['agent bad', { ...good, agent: 'agent one' }],
  ['agent empty', { ...good, agent: '' }],
  ['agent long', { ...good, agent: 'a'.repeat(65) }],
  ['callId empty', { ...good, callId: '' }],
  ['callId long', { ...good, callId: 'c'.repeat(129) }],
  ['callId null', { ...good, callId: null }],
  ['type bad', { ...good, type: 'Verify' }],
  ['type long', { ...good, type: `a.${'b'.repeat(63)}` }],
  ['data array', { ...good, data: [1] }],
  ['data null', { ...good, data: null }],
  ['data nested', { ...good, data: { a: { b: 1 } } }],
  ['data empty key', { ...good, data: { '': 1 } }],
  ['data long key', { ...good, data: { ['k'.repeat(65)]: 1 } }],
  ['data long value', { ...good, data: { k: 'v'.repeat(4001) } }],
  ['data 4000 value', { ...good, data: { k: 'v'.repeat(4000) } }],
  [
    'data 64 fields',
    { ...good, data: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, i])) },
  ],
  [
    'data 65 fields',
    { ...good, data: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i])) },
  ],
  ['data NUL', { ...good, data: { k: 'a\u0000b' } }],
  ['prevHash upper', { ...good, prevHash: 'A'.repeat(64) }],
  ['hash short', { ...good, hash: 'b'.repeat(63) }],
  ['mac null', { ...good, mac: null }],
  ['mac bad', { ...good, mac: 'x'.repeat(64) }],
];

describe('surelyWellFormed', () => {
  it.each(variants)(
    '%s: says yes only where JournalEntry does, and yes for the legal ones',
    (_, v) => {
      // JSON round trip: what the body parser hands over (undefined members gone).
      const raw = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
      const schema = JournalEntry.safeParse(raw);
      const fast = surelyWellFormed(raw);
      if (fast) expect(schema.success).toBe(true);
      if (schema.success) {
        expect(fast).toBe(true);
        expect(schema.data).toEqual(raw);
      }
    },
  );
});

const entry = { seq: 1, id: good.id, anything: { nested: [1] } };
const batches: Array<[string, unknown]> = [
  ['good', { deviceId: 'desk-01', entries: [entry, good], signature: 'c2ln' }],
  ['unsigned', { deviceId: 'desk-01', entries: [entry] }],
  ['no entries', { deviceId: 'desk-01', entries: [] }],
  ['entries not an array', { deviceId: 'desk-01', entries: { 0: entry } }],
  ['unknown key', { deviceId: 'desk-01', entries: [entry], extra: true }],
  ['device id bad', { deviceId: 'desk 01', entries: [entry] }],
  ['signature long', { deviceId: 'desk-01', entries: [entry], signature: 's'.repeat(257) }],
  ['signature 256', { deviceId: 'desk-01', entries: [entry], signature: 's'.repeat(256) }],
  ['signature null', { deviceId: 'desk-01', entries: [entry], signature: null }],
  ['entry an array', { deviceId: 'desk-01', entries: [[1]] }],
  ['entry null', { deviceId: 'desk-01', entries: [null] }],
  ['entry no seq', { deviceId: 'desk-01', entries: [{ id: good.id }] }],
  ['entry seq 0', { deviceId: 'desk-01', entries: [{ ...entry, seq: 0 }] }],
  ['entry seq text', { deviceId: 'desk-01', entries: [{ ...entry, seq: '1' }] }],
  ['entry id bad', { deviceId: 'desk-01', entries: [{ ...entry, id: 'x' }] }],
  ['body an array', [entry]],
  ['body null', null],
];

describe('surelyBatch', () => {
  it.each(batches)('%s: says yes only where JournalBatchRequest does', (_, v) => {
    const body = JSON.parse(JSON.stringify(v)) as unknown;
    const schema = JournalBatchRequest.safeParse(body);
    const fast = surelyBatch(body);
    if (fast) expect(schema.success).toBe(true);
    if (schema.success) {
      expect(fast).toBe(true);
      expect(schema.data).toEqual(body);
    }
  });
});
