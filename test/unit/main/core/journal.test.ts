import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../../main/core/journal.js';
import { useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

describe('minimal journal', () => {
  it('appends with a rising sequence and a UUID, kept across reopen', async () => {
    const dir = tempDir();
    const journal = await openJournal(dir, () => new Date('2026-11-26T09:00:00Z'));
    await Promise.all([journal.append('auth.sign-in', { username: 'agent01' }), journal.append('auth.sign-out', { username: 'agent01' })]);
    const reopened = await openJournal(dir);
    const entries = reopened.entries();
    expect(entries.map((e) => [e.seq, e.type])).toEqual([
      [1, 'auth.sign-in'],
      [2, 'auth.sign-out'],
    ]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(2);
    expect(entries[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(readFileSync(path.join(dir, 'journal.json'), 'utf8')).entries).toHaveLength(2);
  });

  it('refuses to open a file that is not a journal rather than overwrite it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'journal.json'), '{"something":"else"}');
    await expect(openJournal(dir)).rejects.toThrow(/not a journal/);
    expect(readFileSync(path.join(dir, 'journal.json'), 'utf8')).toBe('{"something":"else"}');
  });
});
