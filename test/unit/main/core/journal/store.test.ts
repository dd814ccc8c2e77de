// The durable journal (main/core/journal/): segments, the durable adapter, one writer, torn writes
// and torn tails, chain breaks reported without deleting anything, personal fields encrypted at
// rest with a 0600 key file.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../../common/journal-chain.js';
import {
  DurableJsonFile,
  isPersonalField,
  JournalLockedError,
  keyFileProvider,
  openJournalStore,
  readJournalSync,
  segmentName,
  staticKeyProvider,
  UnreadableFileError,
  type JournalNotice,
  type SegmentFile,
} from '../../../../../main/core/journal/index.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const clock = () => {
  let t = T0;
  return () => new Date((t += 1000));
};
const segmentFile = (dir: string, index: number) => path.join(dir, 'journal', segmentName(index));
const readSegment = (dir: string, index: number) =>
  JSON.parse(readFileSync(segmentFile(dir, index), 'utf8')) as SegmentFile;

async function filled(dir: string, n: number, segmentSize = 4) {
  const notices: JournalNotice[] = [];
  const journal = await openJournalStore({
    dataDir: dir,
    now: clock(),
    segmentSize,
    onNotice: (x) => notices.push(x),
  });
  for (let i = 1; i <= n; i++)
    await journal.append('phone.call-started', {
      agent: 'agent01',
      callId: `call-${i}`,
      number: `138****${String(i).padStart(4, '0')}`,
      direction: 'inbound',
    });
  return { journal, notices };
}

describe('durable journal: segments and chain', () => {
  it('writes entries in the common format across segments of N entries, chained from the genesis', async () => {
    const dir = tempDir();
    const { journal } = await filled(dir, 10);
    expect(readdirSync(path.join(dir, 'journal')).filter((n) => n.startsWith('segment-'))).toEqual([
      segmentName(1),
      segmentName(2),
      segmentName(3),
    ]);
    expect([1, 2, 3].map((i) => readSegment(dir, i).entries.length)).toEqual([4, 4, 2]);
    const entries = journal.entries();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(entries[0]).toMatchObject({
      deviceId: journal.deviceId,
      agent: 'agent01',
      callId: 'call-1',
      type: 'phone.call-started',
      prevHash: '0'.repeat(64),
    });
    expect(await verifyChain(entries)).toBeNull();
    await journal.close();
    // Same device, same chain after reopen; the next append continues it.
    const again = await openJournalStore({ dataDir: dir, segmentSize: 4 });
    expect(again.deviceId).toBe(journal.deviceId);
    const next = await again.append('auth.sign-out', { username: 'agent01' });
    expect(next).toMatchObject({ seq: 11, prevHash: entries.at(-1)!.hash, agent: null });
    expect(await again.verify()).toBeNull();
    expect(again.notices()).toEqual([]);
    await again.close();
  });

  it('serialises concurrent appends: rising seq, no gaps, every one acknowledged once on disk', async () => {
    const dir = tempDir();
    const journal = await openJournalStore({ dataDir: dir, segmentSize: 7 });
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => journal.append('verify.lookup', { candidates: i })),
    );
    expect(acks.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(readJournalSync(dir).map((e) => e.seq)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(await verifyChain(readJournalSync(dir))).toBeNull();
    await journal.close();
  });

  it('refuses an entry the archive would refuse (type, nesting) at the door, and the chain goes on', async () => {
    const dir = tempDir();
    const journal = await openJournalStore({ dataDir: dir });
    await expect(journal.append('NotDotted', {})).rejects.toThrow(/type/);
    await expect(journal.append('verify.lookup', { nested: { a: 1 } as never })).rejects.toThrow(
      /data/,
    );
    expect((await journal.append('verify.lookup', { candidates: 1 })).seq).toBe(1);
    await journal.close();
  });

  it('keeps one writer: a second process is refused while the lock holder lives; a dead holder’s lock is taken over', async () => {
    const dir = tempDir();
    const journal = await openJournalStore({ dataDir: dir });
    await journal.close();
    mkdirSync(path.join(dir, 'journal'), { recursive: true });
    // pid 1 is alive (init); a pid far above pid_max is not.
    writeFileSync(
      path.join(dir, 'journal', 'writer.lock'),
      JSON.stringify({ pid: 1, host: (await import('node:os')).hostname(), since: 'x' }),
    );
    await expect(openJournalStore({ dataDir: dir })).rejects.toBeInstanceOf(JournalLockedError);
    writeFileSync(
      path.join(dir, 'journal', 'writer.lock'),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: (await import('node:os')).hostname(),
        since: 'x',
      }),
    );
    const notices: JournalNotice[] = [];
    const taken = await openJournalStore({ dataDir: dir, onNotice: (n) => notices.push(n) });
    expect(notices.map((n) => n.kind)).toEqual(['stale-lock']);
    await taken.close();
    expect(existsSync(path.join(dir, 'journal', 'writer.lock'))).toBe(false);
  });
});

describe('durable journal: the durable adapter and crash recovery', () => {
  it('DurableJsonFile replaces the file whole and leaves no temp file; an unparsable file is an error, not an empty journal', async () => {
    const dir = tempDir();
    const file = new DurableJsonFile<{ a: number }>(path.join(dir, 'x.json'));
    expect(await file.read()).toBeNull();
    await file.write({ a: 1 });
    await file.write({ a: 2 });
    expect(await file.read()).toEqual({ a: 2 });
    expect(readdirSync(dir)).toEqual(['x.json']);
    expect(statSync(path.join(dir, 'x.json')).mode & 0o777).toBe(0o600);
    writeFileSync(path.join(dir, 'x.json'), '{"a":');
    await expect(file.read()).rejects.toBeInstanceOf(UnreadableFileError);
  });

  it('discards a torn temp write (never acknowledged) and keeps every acknowledged entry', async () => {
    const dir = tempDir();
    const { journal } = await filled(dir, 6);
    const acknowledged = journal.entries().map((e) => e.id);
    await journal.close();
    // A kill mid-write of segment 2: half of the next version in the temp file.
    const tmp = path.join(dir, 'journal', `.${segmentName(2)}.tmp`);
    writeFileSync(tmp, readFileSync(segmentFile(dir, 2), 'utf8').slice(0, 100));
    const notices: JournalNotice[] = [];
    const again = await openJournalStore({
      dataDir: dir,
      segmentSize: 4,
      onNotice: (n) => notices.push(n),
    });
    expect(notices.map((n) => n.kind)).toEqual(['torn-write-discarded']);
    expect(existsSync(tmp)).toBe(false);
    expect(again.entries().map((e) => e.id)).toEqual(acknowledged);
    expect((await again.append('auth.sign-out', {})).seq).toBe(7);
    await again.close();
  });

  it('sets an unreadable last segment aside (never deletes it), says so loudly, and goes on from the previous one', async () => {
    const dir = tempDir();
    const { journal } = await filled(dir, 6);
    await journal.close();
    writeFileSync(
      segmentFile(dir, 2),
      '{"format":"agent-desk-journal-segment/1","entries":[{"seq":5',
    );
    const notices: JournalNotice[] = [];
    const again = await openJournalStore({
      dataDir: dir,
      segmentSize: 4,
      onNotice: (n) => notices.push(n),
    });
    expect(notices.map((n) => [n.kind, n.level])).toEqual([['torn-tail-set-aside', 'error']]);
    expect(
      readdirSync(path.join(dir, 'journal')).some((n) =>
        n.startsWith(`${segmentName(2)}.damaged-`),
      ),
    ).toBe(true);
    expect(again.entries().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect((await again.append('auth.sign-out', {})).seq).toBe(5);
    await again.close();
  });

  it('reports an edited, removed or reordered entry as a broken chain, deleting and rewriting nothing', async () => {
    for (const tamper of ['edit', 'remove', 'swap'] as const) {
      const dir = tempDir();
      const { journal } = await filled(dir, 8);
      await journal.close();
      const segment = readSegment(dir, 1);
      if (tamper === 'edit') segment.entries[1]!.data.direction = 'outbound';
      if (tamper === 'remove') segment.entries.splice(2, 1);
      if (tamper === 'swap')
        [segment.entries[1], segment.entries[2]] = [segment.entries[2]!, segment.entries[1]!];
      const text = JSON.stringify(segment);
      writeFileSync(segmentFile(dir, 1), text);
      const notices: JournalNotice[] = [];
      const again = await openJournalStore({
        dataDir: dir,
        segmentSize: 4,
        onNotice: (n) => notices.push(n),
      });
      expect(
        notices.map((n) => [n.kind, n.level]),
        tamper,
      ).toEqual([['chain-broken', 'error']]);
      expect(notices[0]!.message).toMatch(
        { edit: /seq 2 \(hash-mismatch\)/, remove: /seq 4 \(gap\)/, swap: /seq 3 \(gap\)/ }[tamper],
      );
      expect(readFileSync(segmentFile(dir, 1), 'utf8')).toBe(text);
      expect(await again.verify()).not.toBeNull();
      await again.close();
    }
  });
});

describe('durable journal: personal data at rest (Art. 11)', () => {
  const PERSONAL = {
    callerNumber: '138****5678',
    customerRef: '张*',
    summary: '客户投诉等待时间过长 13812345678',
    notes: 'call back after 6pm',
    number: '139****0001',
  };

  it('stores no personal field in clear, yet gives them back decrypted, and hashes the plaintext', async () => {
    const dir = tempDir();
    const journal = await openJournalStore({ dataDir: dir });
    const entry = await journal.append('complaint.recorded', {
      agent: 'agent01',
      category: 'wait-time',
      ...PERSONAL,
      candidates: 2,
    });
    await journal.close();
    const disk = readdirSync(path.join(dir, 'journal'))
      .map((n) => readFileSync(path.join(dir, 'journal', n), 'utf8'))
      .join('\n');
    for (const value of Object.values(PERSONAL)) expect(disk).not.toContain(value);
    expect(disk).not.toContain('13812345678');
    expect(disk).toContain('wait-time');
    const stored = readSegment(dir, 1).entries[0]!;
    for (const field of Object.keys(PERSONAL)) expect(stored.data[field]).toMatch(/^enc:v1:/);
    // The hash is over the plaintext: the archive verifies it without the key.
    const again = await openJournalStore({ dataDir: dir });
    expect(again.entries()[0]).toEqual(entry);
    expect(await verifyChain(again.entries())).toBeNull();
    expect(readJournalSync(dir)).toEqual([entry]);
    await again.close();
  });

  it('keeps the key in a 0600 file, created once; a wider file is narrowed; a bad one is refused, not replaced', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'journal.key');
    const key = await keyFileProvider(file).getKey();
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await keyFileProvider(file).getKey()).toEqual(key);
    (await import('node:fs')).chmodSync(file, 0o644);
    await keyFileProvider(file).getKey();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'not a key');
    await expect(keyFileProvider(file).getKey()).rejects.toThrow(/refusing to replace/);
    expect(readFileSync(file, 'utf8')).toBe('not a key');
  });

  it('with another key the fields do not decrypt: reported, kept as stored, the chain does not verify there', async () => {
    const dir = tempDir();
    const journal = await openJournalStore({
      dataDir: dir,
      keyProvider: staticKeyProvider(randomBytes(32)),
    });
    await journal.append('verify.lookup', { callerNumber: '138****5678', candidates: 1 });
    await journal.close();
    const notices: JournalNotice[] = [];
    const again = await openJournalStore({
      dataDir: dir,
      keyProvider: staticKeyProvider(randomBytes(32)),
      onNotice: (n) => notices.push(n),
    });
    expect(notices.map((n) => n.kind)).toEqual(['undecryptable', 'chain-broken']);
    expect(again.entries()[0]!.data.callerNumber).toMatch(/^enc:v1:/);
    await again.close();
  });

  it('the rule: named fields and camelCase names ending in a personal suffix', () => {
    for (const key of [
      'number',
      'callerNumber',
      'customerRef',
      'customerName',
      'summary',
      'notes',
      'reason',
      'closingNotes',
      'nationalId',
    ])
      expect(isPersonalField(key), key).toBe(true);
    for (const key of [
      'agent',
      'username',
      'callId',
      'sessionId',
      'customerId',
      'outcome',
      'durationSeconds',
      'category',
      'direction',
    ])
      expect(isPersonalField(key), key).toBe(false);
  });
});

describe('durable journal: sync state and pruning', () => {
  it('marks acknowledged entries durably, keeps dead letters, and prunes only synced segments past retention', async () => {
    const dir = tempDir();
    let now = T0;
    const journal = await openJournalStore({
      dataDir: dir,
      segmentSize: 4,
      now: () => new Date(now),
    });
    for (let i = 0; i < 10; i++)
      await journal.append('verify.lookup', { candidates: i, callerNumber: '138****0000' });
    expect(journal.backlog()).toBe(10);
    expect(journal.pending(3).map((e) => e.seq)).toEqual([1, 2, 3]);
    await journal.markSynced(6, [
      {
        seq: 5,
        id: journal.entries()[4]!.id,
        type: 'verify.lookup',
        code: 'bad-request',
        message: 'refused',
        deadAt: new Date(now).toISOString(),
      },
    ]);
    expect(journal.backlog()).toBe(4);
    expect(journal.pending(10).map((e) => e.seq)).toEqual([7, 8, 9, 10]);
    expect(journal.deadLetters()[0]).toMatchObject({
      seq: 5,
      code: 'bad-request',
      stored: { seq: 5 },
    });
    expect(journal.deadLetters()[0]!.stored.data.callerNumber).toMatch(/^enc:v1:/);
    // Synced at T0; not yet past the retention.
    expect(await journal.prune(new Date(now - 1))).toBe(0);
    now += 60_000;
    // Segment 1 (1–4) is synced; segment 2 (5–8) is not all synced; the last one is never pruned.
    expect(await journal.prune(new Date(now - 1000))).toBe(1);
    expect(existsSync(segmentFile(dir, 1))).toBe(false);
    expect(journal.entries()[0]!.seq).toBe(5);
    await journal.close();
    const again = await openJournalStore({
      dataDir: dir,
      segmentSize: 4,
      now: () => new Date(now),
    });
    expect(again.notices()).toEqual([]);
    expect(again.syncedThrough()).toBe(6);
    expect(again.backlog()).toBe(4);
    expect(again.deadLetters()).toHaveLength(1);
    expect(await again.verify()).toBeNull();
    await again.markSynced(10);
    now += 60_000;
    expect(await again.prune(new Date(now))).toBe(1);
    expect((await again.append('auth.sign-out', {})).seq).toBe(11);
    await again.close();
    const third = await openJournalStore({ dataDir: dir, segmentSize: 4 });
    expect(third.entries().map((e) => e.seq)).toEqual([9, 10, 11]);
    expect(third.notices()).toEqual([]);
    await third.close();
  });
});
