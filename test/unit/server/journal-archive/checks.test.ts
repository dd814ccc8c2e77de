// Migration 0027 rewrote journal_entries' hex and device-id CHECKs for speed. The database must
// still refuse exactly what the 0004/0024 rules refused (Art. 11: a hash column holds a hash and
// nothing else, whatever a caller gets wrong), so each new CHECK is held against the old pattern
// over edge cases and random strings, and against real inserts.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
import { DB_KIND, DB_TIMEOUT_MS, openTestDb } from '../helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const HEX = 'c378d5771f1ce6de1db714ee30e44e2fd826dd3a04d04bd56379b49e18c5de02';
const HEX_EDGES = [
  HEX,
  '0'.repeat(64),
  'f'.repeat(64),
  HEX.toUpperCase(),
  HEX.slice(1),
  `${HEX}0`,
  `${HEX.slice(1)}\n`,
  `${HEX}\n`,
  `\n${HEX.slice(1)}`,
  `${HEX.slice(1)} `,
  `${HEX.slice(1)}g`,
  `${HEX.slice(2)}é`,
  `${HEX.slice(1)}０`,
  `${HEX.slice(0, 32)}-${HEX.slice(33)}`,
  '',
];
const DEVICE_EDGES = [
  'desk-01',
  'A.b_c:d-9',
  'x',
  'x'.repeat(128),
  'x'.repeat(129),
  '',
  'desk 01',
  'desk/01',
  'desk\n',
  '\ndesk',
  'désk',
  'desk-０１',
  'desk[1]',
  'desk^1',
  'desk\\1',
];

/** Random strings over a small alphabet that mixes allowed and refused characters. */
function randomStrings(alphabet: string, lengths: readonly number[], count: number): string[] {
  const chars = [...alphabet];
  return Array.from({ length: count }, (_, i) => {
    const length = lengths[i % lengths.length]!;
    const bytes = randomBytes(length);
    return Array.from(bytes, (b) => chars[b % chars.length]).join('');
  });
}

describe(`journal_entries CHECKs after migration 0027 (${DB_KIND})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** For each value: [the old pattern's verdict, the new CHECK expression's verdict]. */
  async function verdicts(values: readonly string[], oldPattern: string, newCheck: string) {
    const { rows } = await db.query<{ old: boolean; new: boolean }>(
      `select (v ~ '${oldPattern}') as old, (${newCheck}) as new
         from unnest($1::text[]) with ordinality as t(v, n) order by n`,
      [values],
    );
    return rows;
  }

  it('the hex CHECK accepts exactly the strings ^[0-9a-f]{64}$ accepts', async () => {
    const values = [
      ...HEX_EDGES,
      // Mostly hex, sometimes not: lengths around 64, so both verdicts occur often.
      ...randomStrings('0123456789abcdefA\n g', [63, 64, 64, 64, 65], 400),
      ...randomStrings('0123456789abcdef', [64], 100),
    ];
    const rows = await verdicts(values, '^[0-9a-f]{64}$', `length(v) = 64 and v !~ '[^0-9a-f]'`);
    expect(rows.map((r) => r.new)).toEqual(rows.map((r) => r.old));
    expect(rows.filter((r) => r.old).length).toBeGreaterThan(100);
    expect(rows.filter((r) => !r.old).length).toBeGreaterThan(100);
  });

  it('the device-id CHECK accepts exactly the strings ^[A-Za-z0-9._:-]{1,128}$ accepts', async () => {
    const values = [
      ...DEVICE_EDGES,
      ...randomStrings('Az09._:-/ é\n', [1, 2, 8, 127, 128, 129], 400),
      ...randomStrings('ABCXYZabcxyz0189._:-', [1, 64, 128, 129], 100),
    ];
    const rows = await verdicts(
      values,
      '^[A-Za-z0-9._:-]{1,128}$',
      `length(v) between 1 and 128 and v !~ '[^A-Za-z0-9._:-]'`,
    );
    expect(rows.map((r) => r.new)).toEqual(rows.map((r) => r.old));
    expect(rows.filter((r) => r.old).length).toBeGreaterThan(50);
    expect(rows.filter((r) => !r.old).length).toBeGreaterThan(50);
  });

  /** Inserts one archived entry with `over` replacing its columns; the SQLSTATE, or 'ok'. */
  async function insert(over: Record<string, string | null>): Promise<string> {
    const row: Record<string, string | null> = {
      device_id: 'desk-checks',
      hash: HEX,
      prev_hash: '0'.repeat(64),
      mac: null,
      ...over,
    };
    try {
      await db.query(
        `insert into journal_entries (device_id, seq, id, hash, prev_hash, type, at, agent, data, received_at, received_by, mac)
         values ($1, (select coalesce(max(seq), 0) + 1 from journal_entries), $2, $3, $4, 'phone.call-started', now(), null, '{}', now(), 'agent01', $5)`,
        [row.device_id, randomUUID(), row.hash, row.prev_hash, row.mac],
      );
      return 'ok';
    } catch (error) {
      return String((error as { code?: unknown }).code);
    }
  }

  it('refuses a row whose hash, prevHash, MAC or device id breaks the rule, and stores it otherwise', async () => {
    expect(await insert({})).toBe('ok');
    expect(await insert({ mac: 'f'.repeat(64) })).toBe('ok');
    expect(await insert({ device_id: 'x'.repeat(128) })).toBe('ok');
    for (const bad of [HEX.toUpperCase(), HEX.slice(1), `${HEX.slice(1)}\n`, `${HEX}0`, ''])
      for (const column of ['hash', 'prev_hash', 'mac'])
        expect([column, await insert({ [column]: bad })]).toEqual([column, '23514']);
    for (const bad of ['', 'x'.repeat(129), 'desk 01', 'desk\n', 'désk'])
      expect([bad, await insert({ device_id: bad })]).toEqual([bad, '23514']);
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from journal_entries',
    );
    expect(rows[0]!.n).toBe(3);
  });
});
