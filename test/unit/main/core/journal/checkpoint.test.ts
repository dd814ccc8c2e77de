// The verified checkpoint (main/core/journal/checkpoint.ts, open-check.ts): an open checks the
// segments it vouches for by their bytes and decrypts their data only when read; a tampered
// segment or checkpoint is reported exactly as the full check of a journal without one reports it.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  entryHash,
  type EntryData,
  sealEntry,
  verifyChain,
  type JournalEntry,
} from '../../../../../common/journal-chain.js';
import { entryHashSync } from '../../../../../main/core/journal/chain-check.js';
import { checkpointKey, type Checkpoint } from '../../../../../main/core/journal/checkpoint.js';
import {
  createDataOpener,
  sealData,
  sealedEntry,
} from '../../../../../main/core/journal/fields.js';
import {
  openJournalStore,
  readJournalSync,
  segmentName,
  staticKeyProvider,
  type JournalNotice,
  type SegmentFile,
} from '../../../../../main/core/journal/index.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const journalDir = (dir: string) => path.join(dir, 'journal');
const segmentFile = (dir: string, index: number) => path.join(journalDir(dir), segmentName(index));
const checkpointFile = (dir: string) => path.join(journalDir(dir), 'checkpoint.json');
const readSegment = (dir: string, index: number) =>
  JSON.parse(readFileSync(segmentFile(dir, index), 'utf8')) as SegmentFile;
const readCheckpoint = (dir: string) =>
  JSON.parse(readFileSync(checkpointFile(dir), 'utf8')) as Checkpoint;

async function open(dir: string, notices: JournalNotice[] = []) {
  let t = T0;
  return openJournalStore({
    dataDir: dir,
    segmentSize: 4,
    now: () => new Date((t += 1000)),
    onNotice: (n) => notices.push(n),
  });
}

/** 10 entries: segments 1 and 2 sealed (the checkpoint's), 3 still written. */
async function filled(dir: string, n = 10) {
  const journal = await open(dir);
  for (let i = 1; i <= n; i++)
    await journal.append('phone.call-started', {
      agent: 'agent01',
      callId: `call-${i}`,
      number: `138****${String(i).padStart(4, '0')}`,
      direction: 'inbound',
    });
  const entries = journal.entries().map((e) => ({ ...e }));
  await journal.close();
  return entries;
}

/** What an open reports, with the checkpoint and (on a copy) without it: today's full check. */
async function reportsBoth(dir: string) {
  const bare = tempDir();
  cpSync(dir, bare, { recursive: true });
  rmSync(checkpointFile(bare), { force: true });
  const withCheckpoint: JournalNotice[] = [];
  const full: JournalNotice[] = [];
  const a = await open(dir, withCheckpoint);
  const b = await open(bare, full);
  const result = {
    withCheckpoint,
    full,
    entries: a.entries().map((e) => ({ ...e })),
    fullEntries: b.entries().map((e) => ({ ...e })),
    verify: await a.verify(),
    fullVerify: await b.verify(),
  };
  await a.close();
  await b.close();
  return result;
}

describe('journal checkpoint: an open checks sealed segments by their bytes', () => {
  it('is written for the sealed segments, under a MAC, with no personal data; a reopen reports nothing and reads the same entries', async () => {
    const dir = tempDir();
    const written = await filled(dir);
    const checkpoint = readCheckpoint(dir);
    expect(checkpoint.segments.map((s) => [s.index, s.firstSeq, s.lastSeq])).toEqual([
      [1, 1, 4],
      [2, 5, 8],
    ]);
    expect(checkpoint.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(checkpointFile(dir), 'utf8')).not.toContain('138****');
    const notices: JournalNotice[] = [];
    const again = await open(dir, notices);
    expect(notices).toEqual([]);
    // Sealed in memory until read: the checkpointed entries' data is a getter, the rest plain.
    const getter = (e: JournalEntry) => Object.getOwnPropertyDescriptor(e, 'data')?.get;
    expect(again.entries().map((e) => getter(e) !== undefined)).toEqual([
      ...Array(8).fill(true),
      false,
      false,
    ]);
    expect(again.entries().map((e) => ({ ...e }))).toEqual(written);
    expect(again.pending(2).map((e) => e.data.number)).toEqual(['138****0001', '138****0002']);
    expect(await verifyChain(again.entries())).toBeNull();
    expect(await again.verify()).toBeNull();
    expect(JSON.parse(JSON.stringify(again.entries()))).toEqual(written);
    for (const seq of [11, 12, 13]) expect((await again.append('auth.sign-out', {})).seq).toBe(seq);
    await again.close();
    // Segment 3 (9–12) was sealed by the append of 13: the checkpoint moved up.
    expect(readCheckpoint(dir).segments.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(readJournalSync(dir).map((e) => e.seq)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    ]);
    const third: JournalNotice[] = [];
    await (await open(dir, third)).close();
    expect(third).toEqual([]);
  });

  it('opens a journal written before checkpoints (none on disk) the same way, and gives it one', async () => {
    const dir = tempDir();
    const written = await filled(dir);
    rmSync(checkpointFile(dir));
    const { withCheckpoint, entries } = await reportsBoth(dir);
    expect(withCheckpoint).toEqual([]);
    expect(entries).toEqual(written);
    expect(readCheckpoint(dir).segments).toHaveLength(2);
  });

  it('reports an edited, removed, reordered or re-chained entry of a checkpointed segment exactly as the full check does', async () => {
    for (const tamper of ['edit', 'remove', 'swap', 'rechain', 'mac'] as const) {
      const dir = tempDir();
      await filled(dir);
      const key = readFileSync(path.join(dir, 'journal.key'), 'utf8').trim();
      const segment = readSegment(dir, 2);
      const entries = segment.entries;
      if (tamper === 'edit') entries[1]!.data.direction = 'outbound';
      if (tamper === 'remove') entries.splice(2, 1);
      if (tamper === 'swap') [entries[1], entries[2]] = [entries[2]!, entries[1]!];
      if (tamper === 'mac') entries[1]!.mac = 'f'.repeat(64);
      if (tamper === 'rechain') {
        // Edited and re-sealed from there on, by someone with the files but not the device key.
        const plain = readJournalSync(dir, Buffer.from(key, 'base64')).slice(4, 8);
        let prevHash = plain[0]!.prevHash;
        for (const [i, entry] of plain.entries()) {
          const { hash: _h, mac, ...rest } = entry;
          const data = i === 1 ? { ...entry.data, direction: 'outbound' } : entry.data;
          const sealed = await sealEntry({ ...rest, data, prevHash });
          entries[i] = {
            ...sealed,
            data: sealData(Buffer.from(key, 'base64'), sealed.deviceId, sealed.seq, sealed.data),
            ...(mac ? { mac } : {}),
          };
          prevHash = sealed.hash;
        }
      }
      writeFileSync(segmentFile(dir, 2), JSON.stringify(segment));
      const seen = await reportsBoth(dir);
      expect(seen.withCheckpoint.length, tamper).toBeGreaterThan(0);
      expect(seen.withCheckpoint, tamper).toEqual(seen.full);
      expect(seen.entries, tamper).toEqual(seen.fullEntries);
      expect(seen.verify, tamper).toEqual(seen.fullVerify);
      const kinds = seen.withCheckpoint.map((n) => n.kind);
      expect(kinds, tamper).toEqual(
        {
          edit: ['chain-broken'],
          remove: ['chain-broken'],
          swap: ['chain-broken'],
          // Segment 2 re-sealed alone: segment 3 no longer links to it either.
          rechain: ['chain-broken', 'keyed-chain-broken'],
          mac: ['keyed-chain-broken'],
        }[tamper],
      );
      // The checkpoint never moves past a break: the next open reports it again.
      const again: JournalNotice[] = [];
      await (await open(dir, again)).close();
      expect(again, tamper).toEqual(seen.full);
    }
  });

  it('a forged checkpoint (digests changed to match an edited segment) is ignored, and the edit is reported', async () => {
    const dir = tempDir();
    await filled(dir);
    const segment = readSegment(dir, 1);
    segment.entries[1]!.data.direction = 'outbound';
    const text = JSON.stringify(segment);
    writeFileSync(segmentFile(dir, 1), text);
    const checkpoint = readCheckpoint(dir);
    const { createHash } = await import('node:crypto');
    checkpoint.segments[0]!.digest = createHash('sha256').update(text).digest('hex');
    writeFileSync(checkpointFile(dir), JSON.stringify(checkpoint));
    const seen = await reportsBoth(dir);
    expect(seen.withCheckpoint.map((n) => n.kind)).toEqual(['chain-broken']);
    expect(seen.withCheckpoint).toEqual(seen.full);
    expect(seen.withCheckpoint[0]!.message).toMatch(/seq 2 \(hash-mismatch\)/);
  });

  it('a checkpoint MACed under another key, or one that does not parse, only means the full check', async () => {
    for (const bad of ['other-key', 'garbage'] as const) {
      const dir = tempDir();
      const written = await filled(dir);
      const checkpoint = readCheckpoint(dir);
      if (bad === 'garbage') writeFileSync(checkpointFile(dir), '{"format":"agent-desk-jou');
      else {
        const { createHmac } = await import('node:crypto');
        const { canonicalJson } = await import('../../../../../common/journal-chain.js');
        const { mac: _mac, ...body } = checkpoint;
        const forged = createHmac('sha256', checkpointKey(randomBytes(32)))
          .update(canonicalJson(body))
          .digest('hex');
        writeFileSync(checkpointFile(dir), JSON.stringify({ ...body, mac: forged }));
      }
      const notices: JournalNotice[] = [];
      const again = await open(dir, notices);
      expect(notices, bad).toEqual([]);
      expect(
        again.entries().map((e) => ({ ...e })),
        bad,
      ).toEqual(written);
      await again.close();
      // Rewritten from the full check.
      expect(readCheckpoint(dir), bad).toEqual(checkpoint);
    }
  });

  it('with another journal key the checkpoint does not verify: every entry is reported as today', async () => {
    const dir = tempDir();
    const journal = await openJournalStore({
      dataDir: dir,
      segmentSize: 2,
      keyProvider: staticKeyProvider(randomBytes(32)),
    });
    for (let i = 0; i < 5; i++)
      await journal.append('verify.lookup', { callerNumber: '138****5678', candidates: i });
    await journal.close();
    expect(existsSync(checkpointFile(dir))).toBe(true);
    const notices: JournalNotice[] = [];
    const again = await openJournalStore({
      dataDir: dir,
      segmentSize: 2,
      keyProvider: staticKeyProvider(randomBytes(32)),
      onNotice: (n) => notices.push(n),
    });
    expect(notices.map((n) => n.kind)).toEqual([...Array(5).fill('undecryptable'), 'chain-broken']);
    await again.close();
  });

  it('still covers what is left after a prune, and a reopen reports nothing', async () => {
    const dir = tempDir();
    let now = T0;
    const journal = await openJournalStore({
      dataDir: dir,
      segmentSize: 4,
      now: () => new Date(now),
    });
    for (let i = 0; i < 14; i++) await journal.append('verify.lookup', { candidates: i });
    await journal.markSynced(14);
    now += 60_000;
    expect(await journal.prune(new Date(now))).toBe(3);
    await journal.close();
    expect(readCheckpoint(dir).segments.map((s) => s.index)).toEqual([1, 2, 3]);
    const notices: JournalNotice[] = [];
    const again = await openJournalStore({
      dataDir: dir,
      segmentSize: 4,
      onNotice: (n) => notices.push(n),
    });
    expect(notices).toEqual([]);
    expect(again.entries().map((e) => e.seq)).toEqual([13, 14]);
    await again.close();
  });
});

describe('journal: data decrypted when read', () => {
  it('decrypts once per entry within a bounded window, and an entry reads like a plain one', () => {
    const key = randomBytes(32);
    const stored = (seq: number): JournalEntry => ({
      deviceId: 'desk-1',
      seq,
      id: '00000000-0000-4000-8000-000000000000',
      at: '2026-03-02T09:00:00.000Z',
      agent: null,
      type: 'verify.lookup',
      data: sealData(key, 'desk-1', seq, { callerNumber: `138****000${seq}`, candidates: seq }),
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
    });
    const open = createDataOpener(key, 2);
    const original = stored(1);
    const entry = sealedEntry(original, open);
    expect(original.data.callerNumber).toMatch(/^enc:v1:/);
    expect(entry.data).toEqual({ callerNumber: '138****0001', candidates: 1 });
    // Decrypted once while in the window: the same object back.
    expect(entry.data).toBe(entry.data);
    expect({ ...entry }.data).toEqual({ callerNumber: '138****0001', candidates: 1 });
    expect(JSON.stringify(entry)).toContain('138****0001');
    // A window of 2: a third entry read pushes the first out (read again, decrypted again).
    const others = [sealedEntry(stored(2), open), sealedEntry(stored(3), open)];
    const first = entry.data;
    for (const e of others) void e.data;
    expect(entry.data).not.toBe(first);
    expect(entry.data).toEqual(first);
  });

  it('hashes as the common entryHash does', async () => {
    const entries = await Promise.all(
      (
        [
          { a: 1 },
          { 名前: '张*', n: 2.5, ok: true, x: null },
          { s: 'lone \ud800 surrogate' },
        ] as EntryData[]
      ).map((data, i) =>
        sealEntry({
          deviceId: 'desk-1',
          seq: i + 1,
          id: '00000000-0000-4000-8000-000000000000',
          at: '2026-03-02T09:00:00.000Z',
          agent: null,
          type: 'verify.lookup',
          data,
          prevHash: '0'.repeat(64),
        }),
      ),
    );
    for (const e of entries) expect(entryHashSync(e)).toBe(await entryHash(e));
  });
});
