// Segments the checkpoint vouches for are not read at open (main/core/journal/entry-list.ts,
// open-check.ts loadSegment): counts come from the ranges, a segment is loaded (its digest checked)
// when an entry of it is read, a few are kept loaded, and bytes changed behind an unchanged stat or
// after the open are reported when read exactly as the full check of an open reports them.
import { cpSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../../common/journal-chain.js';
import type { Checkpoint } from '../../../../../main/core/journal/checkpoint.js';
import { EntryList, type LazySegment } from '../../../../../main/core/journal/entry-list.js';
import {
  openJournalStore,
  segmentName,
  type JournalNotice,
  type SegmentFile,
} from '../../../../../main/core/journal/index.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const segmentFile = (dir: string, index: number) => path.join(dir, 'journal', segmentName(index));
const checkpointFile = (dir: string) => path.join(dir, 'journal', 'checkpoint.json');

function open(dir: string, notices: JournalNotice[] = []) {
  let t = T0;
  return openJournalStore({
    dataDir: dir,
    segmentSize: 4,
    now: () => new Date((t += 1000)),
    onNotice: (n) => notices.push(n),
  });
}

/** 10 entries: segments 1 and 2 sealed and checkpointed, 3 still written. */
async function filled(dir: string) {
  const journal = await open(dir);
  for (let i = 1; i <= 10; i++)
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

/** Edits segment `index` on disk: entry 1's direction, same length (INBOUND for inbound). */
function editSegment(dir: string, index: number, keepStat: boolean) {
  const file = segmentFile(dir, index);
  const before = statSync(file);
  const segment = JSON.parse(readFileSync(file, 'utf8')) as SegmentFile;
  segment.entries[1]!.data.direction = 'INBOUND';
  const text = JSON.stringify(segment);
  expect(text.length).toBe(before.size);
  writeFileSync(file, text);
  // The same whole ms (what the checkpoint records), set mid-ms so float seconds round back to it.
  if (keepStat) utimesSync(file, before.atime, (Math.trunc(before.mtimeMs) + 0.5) / 1000);
}

/** What the full check of an open reports for this folder (a copy without the checkpoint). */
async function fullCheck(dir: string) {
  const bare = tempDir();
  cpSync(dir, bare, { recursive: true });
  rmSync(checkpointFile(bare));
  const notices: JournalNotice[] = [];
  const journal = await open(bare, notices);
  const result = {
    // The copy was taken while the journal was open: its lock is taken over, nothing else.
    notices: notices.filter((n) => n.kind !== 'stale-lock'),
    entries: journal.entries().map((e) => ({ ...e })),
    verify: await journal.verify(),
  };
  await journal.close();
  return result;
}

describe('journal open: checkpointed segments are loaded when read', () => {
  it('records each sealed segment’s size and mtime, opens without reading them, and counts from the ranges', async () => {
    const dir = tempDir();
    const written = await filled(dir);
    const checkpoint = JSON.parse(readFileSync(checkpointFile(dir), 'utf8')) as Checkpoint;
    for (const s of checkpoint.segments) {
      const st = statSync(segmentFile(dir, s.index));
      expect([s.size, s.mtimeMs]).toEqual([st.size, Math.trunc(st.mtimeMs)]);
    }
    const notices: JournalNotice[] = [];
    const journal = await open(dir, notices);
    // Removed after the open: the counts and the head still answer without reading it.
    const segment1 = readFileSync(segmentFile(dir, 1));
    rmSync(segmentFile(dir, 1));
    expect(journal.lastSeq()).toBe(10);
    expect(journal.backlog()).toBe(10);
    expect(journal.entries().length).toBe(10);
    await journal.markSynced(6);
    expect(journal.backlog()).toBe(4);
    expect(journal.pending(2).map((e) => e.seq)).toEqual([7, 8]);
    expect(notices).toEqual([]);
    writeFileSync(segmentFile(dir, 1), segment1);
    expect(journal.entries().map((e) => ({ ...e }))).toEqual(written);
    expect(await journal.verify()).toBeNull();
    expect(notices).toEqual([]);
    await journal.close();
  });

  it('a segment changed behind an unchanged size and mtime is reported when read, as the full check reports it', async () => {
    const dir = tempDir();
    await filled(dir);
    editSegment(dir, 2, true);
    const full = await fullCheck(dir);
    expect(full.notices.map((n) => n.kind)).toEqual(['chain-broken']);
    const notices: JournalNotice[] = [];
    const journal = await open(dir, notices);
    // Not read at open, so not seen yet; never handed out unchecked.
    expect(notices).toEqual([]);
    expect(journal.pending(10).map((e) => ({ ...e }))).toEqual(full.entries);
    expect(notices).toEqual(full.notices);
    expect(notices[0]!.message).toMatch(/seq 6 \(hash-mismatch\)/);
    expect(await journal.verify()).toEqual(full.verify);
    // Reported once, kept as found.
    expect(journal.entries().map((e) => ({ ...e }))).toEqual(full.entries);
    expect(notices).toHaveLength(1);
    await journal.close();
    // The checkpoint no longer vouches for it: every later open reports it, at open.
    const again: JournalNotice[] = [];
    await (await open(dir, again)).close();
    expect(again).toEqual(full.notices);
  });

  it('a segment edited after the open, before it is read, is reported when read and its entries are the ones found', async () => {
    for (const tamper of ['edit', 'remove', 'garbage'] as const) {
      const dir = tempDir();
      const written = await filled(dir);
      const notices: JournalNotice[] = [];
      const journal = await open(dir, notices);
      expect(journal.backlog(), tamper).toBe(10);
      if (tamper === 'edit') editSegment(dir, 1, false);
      if (tamper === 'remove') {
        const segment = JSON.parse(readFileSync(segmentFile(dir, 1), 'utf8')) as SegmentFile;
        segment.entries.splice(2, 1);
        writeFileSync(segmentFile(dir, 1), JSON.stringify(segment));
      }
      if (tamper === 'garbage') writeFileSync(segmentFile(dir, 1), '{"format":"agent-desk');
      const full = await fullCheck(dir);
      expect(notices, tamper).toEqual([]);
      const sent = journal.pending(100).map((e) => ({ ...e }));
      expect(notices.length, tamper).toBeGreaterThan(0);
      if (tamper === 'garbage') {
        // The full check skips an unreadable segment (a gap after it); loading reports the same.
        expect(
          notices.map((n) => n.kind),
          tamper,
        ).toEqual(['unreadable-segment', 'chain-broken']);
        expect(sent, tamper).toEqual(written.slice(4));
        const anyDir = (n: JournalNotice[]) =>
          JSON.parse(JSON.stringify(n).replaceAll(/\/[^ "]*\/journal\//g, '…/')) as unknown;
        expect(anyDir(notices), tamper).toEqual(anyDir(full.notices));
      } else {
        expect(notices, tamper).toEqual(full.notices);
        expect(sent, tamper).toEqual(full.entries);
      }
      expect(journal.backlog(), tamper).toBe(sent.length);
      expect(await journal.verify(), tamper).toEqual(full.verify);
      await journal.close();
    }
  });
});

describe('journal prune of segments not read', () => {
  it('prunes acknowledged segments without loading them: the anchor is the checkpoint’s last hash', async () => {
    const dir = tempDir();
    const written = await filled(dir);
    let now = T0 + 3_600_000;
    const journal = await openJournalStore({
      dataDir: dir,
      segmentSize: 4,
      now: () => new Date(now),
    });
    // Unreadable from here on: a prune that read them would fail or report.
    const kept = [1, 2].map((i) => readFileSync(segmentFile(dir, i)));
    for (const i of [1, 2]) writeFileSync(segmentFile(dir, i), 'not read');
    await journal.markSynced(8);
    now += 60_000;
    expect(await journal.prune(new Date(now))).toBe(2);
    expect(journal.notices()).toEqual([]);
    const base = JSON.parse(
      readFileSync(path.join(dir, 'journal', 'base.json'), 'utf8'),
    ) as unknown;
    expect(base).toEqual({ seq: 8, hash: written[7]!.hash });
    expect(journal.entries().map((e) => e.seq)).toEqual([9, 10]);
    await journal.close();
    expect(kept).toHaveLength(2);
    const notices: JournalNotice[] = [];
    const again = await open(dir, notices);
    expect(notices).toEqual([]);
    expect(again.entries().map((e) => ({ ...e }))).toEqual(written.slice(8));
    expect(await again.verify()).toBeNull();
    await again.close();
  });
});

describe('EntryList', () => {
  const entry = (seq: number) => ({ seq, hash: `h${seq}` }) as unknown as JournalEntry;
  const lazy = (index: number): LazySegment => ({
    index,
    firstSeq: index * 4 - 3,
    lastSeq: index * 4,
    count: 4,
    prevHash: `h${index * 4 - 4}`,
    lastHash: `h${index * 4}`,
    digest: 'd',
  });

  it('loads a part when read, keeps the last few loaded, answers ranges without loading', () => {
    const list = new EntryList(2);
    const loads: number[] = [];
    list.loader = (part) => {
      loads.push(part.index);
      return Array.from({ length: part.count }, (_, i) => entry(part.firstSeq + i));
    };
    for (const i of [1, 2, 3]) list.addLazy(lazy(i));
    list.addLoaded([entry(13)]);
    list.push(entry(14));
    expect([list.length, list.firstSeq(), list.lastLink()]).toEqual([
      14,
      1,
      { seq: 14, hash: 'h14' },
    ]);
    expect([
      list.indexAfter(0),
      list.indexAfter(5),
      list.indexAfter(12),
      list.indexAfter(99),
    ]).toEqual([0, 5, 12, 14]);
    expect(loads).toEqual([]);
    expect(list.get(5)!.seq).toBe(6);
    expect(list.slice(0, 9).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Parts 1, 2, 3 read: only the last two stay loaded.
    expect(loads).toEqual([2, 1, 3]);
    expect(list.peek(0)).toBeUndefined();
    expect(list.peek(4)?.seq).toBe(5);
    list.get(0);
    expect(loads).toEqual([2, 1, 3, 1]);
    // Dropping whole parts never loads them.
    list.dropFront(8);
    expect(loads).toEqual([2, 1, 3, 1]);
    expect([list.length, list.firstSeq()]).toEqual([6, 9]);
    const view = list.view();
    expect(view.map((e) => e.seq)).toEqual([9, 10, 11, 12, 13, 14]);
    expect(Array.isArray(view)).toBe(true);
    expect(view.at(-1)?.seq).toBe(14);
    expect(() => ((view as JournalEntry[])[0] = entry(1))).toThrow(TypeError);
  });
});
