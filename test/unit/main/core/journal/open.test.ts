// Opening a desk's journal as the app does (openJournal, main/core/journal/open.ts): append and
// entries across reopen, and the one-time import of an old single-file journal.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../../common/journal-chain.js';
import { openJournal, readJournalSync } from '../../../../../main/core/journal/index.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();

describe('durable journal through the public entry (openJournal)', () => {
  it('appends with a rising sequence and a UUID, kept across reopen', async () => {
    const dir = tempDir();
    const journal = await openJournal(dir, () => new Date('2026-11-26T09:00:00Z'));
    await Promise.all([
      journal.append('auth.sign-in', { username: 'agent01' }),
      journal.append('auth.sign-out', { username: 'agent01' }),
    ]);
    await journal.close();
    const reopened = await openJournal(dir);
    const entries = reopened.entries();
    expect(entries.map((e) => [e.seq, e.type])).toEqual([
      [1, 'auth.sign-in'],
      [2, 'auth.sign-out'],
    ]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(2);
    expect(entries[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries[0]?.at).toBe('2026-11-26T09:00:00.000Z');
    expect(await verifyChain(entries)).toBeNull();
    expect(readJournalSync(dir).map((e) => e.data)).toEqual([
      { username: 'agent01' },
      { username: 'agent01' },
    ]);
    await reopened.close();
  });

  it('a second open in the same process shares the one writer', async () => {
    const dir = tempDir();
    const a = await openJournal(dir);
    const b = await openJournal(dir);
    await Promise.all([
      a.append('auth.sign-in', { username: 'agent01' }),
      b.append('auth.sign-out', { username: 'agent01' }),
    ]);
    expect(b.entries().map((e) => e.seq)).toEqual([1, 2]);
    await a.close();
    await b.append('auth.sign-in', { username: 'agent01' });
    await b.close();
  });

  it('imports the old journal.json once, keeping its times, and keeps the old file aside', async () => {
    const dir = tempDir();
    const old = {
      entries: [
        {
          seq: 1,
          id: 'x',
          at: '2026-01-01T08:00:00.000Z',
          type: 'auth.sign-in',
          data: { username: 'agent01', tier: 'agent' },
        },
      ],
    };
    writeFileSync(path.join(dir, 'journal.json'), JSON.stringify(old));
    const journal = await openJournal(dir);
    expect(journal.entries()).toMatchObject([
      {
        seq: 1,
        at: '2026-01-01T08:00:00.000Z',
        type: 'auth.sign-in',
        data: { username: 'agent01', tier: 'agent' },
      },
    ]);
    expect(existsSync(path.join(dir, 'journal.json'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, 'journal.json.imported'), 'utf8'))).toEqual(old);
    await journal.close();
  });

  it('refuses to open a file that is not a journal rather than overwrite it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'journal.json'), '{"something":"else"}');
    await expect(openJournal(dir)).rejects.toThrow(/not a journal/);
    expect(readFileSync(path.join(dir, 'journal.json'), 'utf8')).toBe('{"something":"else"}');
  });
});
