// Seeding: the whole file is validated first (nothing written on error, errors name the path),
// then upserted in one transaction; re-seeding changes nothing; no clear ID number or password
// is ever stored (Art. 11 confidentiality, Art. 15 nothing sensitive at rest).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TIERS } from '../../../common/domain.js';
import type { Db } from '../../../server/db.js';
import { migrate } from '../../../server/migrations.js';
import { isValidNationalId, maskNationalId } from '../../../common/national-id.js';
import { normalizeMobile } from '../../../common/phone-number.js';
import { verifyPassword } from '../../../server/passwords.js';
import { DEV_PEPPER, nationalIdHash } from '../../../server/secrets.js';
import { applySeed, loadSeed, parseSeed, SeedError } from '../../../server/seed.js';
import demoSeed from '../../../server/seed/demo-seed.json' with { type: 'json' };
import {
  countRows,
  DB_KIND,
  DB_TIMEOUT_MS,
  dumpDb,
  openTestDb,
  TEST_COST,
  TEST_PEPPER,
} from './helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const DEMO_SEED_PATH = new URL('../../../server/seed/demo-seed.json', import.meta.url).pathname;
const options = { pepper: TEST_PEPPER, passwordCost: TEST_COST };
const clone = <T>(value: T): T => structuredClone(value);

describe('the demo seed', () => {
  it('is valid, and every customer is synthetic (region 99) with a valid ID number', () => {
    const seed = parseSeed(demoSeed);
    expect(seed.agents.map((a) => [a.username, a.tier])).toEqual([
      ['agent01', 'agent'],
      ['senior01', 'senior'],
      ['lead01', 'lead'],
      ['admin01', 'admin'],
    ]);
    expect(new Set(seed.agents.map((a) => a.tier))).toEqual(new Set(TIERS));
    expect(seed.customers.length).toBeGreaterThanOrEqual(6);
    for (const customer of demoSeed.customers) {
      expect(isValidNationalId(customer.nationalId)).toBe(true);
      // No real province code starts with 9: these can never be a real person's number.
      expect(customer.nationalId.startsWith('99')).toBe(true);
      expect(normalizeMobile(customer.mobile)).toMatch(/^139000000\d\d$/);
      expect(customer.queryPassword).toMatch(/^\d{6}$/);
      expect(customer.transactionPassword).toMatch(/^\d{6}$/);
    }
  });
});

describe(`seeding (${DB_KIND})`, () => {
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    dir = mkdtempSync(join(tmpdir(), 'records-seed-'));
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.exec('truncate agent_tokens, agents, customers cascade');
  });

  const writeSeed = (name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('loads the demo seed from its file, with hashes only', async () => {
    const summary = await loadSeed(db, DEMO_SEED_PATH, options);
    expect(summary).toEqual({
      agents: { inserted: 4, updated: 0, unchanged: 0 },
      customers: { inserted: demoSeed.customers.length, updated: 0, unchanged: 0 },
    });
    const { rows } = await db.query<{
      username: string;
      name: string;
      tier: string;
      password_hash: string;
    }>("select username, name, tier, password_hash from agents where username = 'agent01'");
    expect(rows[0]).toMatchObject({ username: 'agent01', name: '张伟', tier: 'agent' });
    expect(await verifyPassword('demo-pass-1', rows[0]!.password_hash)).toBe(true);

    const first = demoSeed.customers[0]!;
    const customer = await db.query<Record<string, string>>(
      'select * from customers where national_id_hash = $1',
      [nationalIdHash(TEST_PEPPER, first.nationalId)],
    );
    expect(customer.rows[0]).toMatchObject({
      name: first.name,
      mobile: first.mobile,
      national_id_masked: maskNationalId(first.nationalId),
    });
    expect(await verifyPassword(first.queryPassword, customer.rows[0]!.query_password_hash!)).toBe(
      true,
    );
    expect(
      await verifyPassword(first.transactionPassword, customer.rows[0]!.transaction_password_hash!),
    ).toBe(true);
  });

  it('stores no clear ID number or password anywhere in the database', async () => {
    await loadSeed(db, DEMO_SEED_PATH, options);
    const dump = await dumpDb(db);
    expect(dump).toContain('9***************10'); // the dump really holds the customers
    const secrets = [
      ...demoSeed.agents.map((a) => a.password),
      ...demoSeed.customers.flatMap((c) => [
        c.nationalId,
        c.nationalId.toLowerCase(),
        c.nationalId.slice(0, 17),
        c.queryPassword,
        c.transactionPassword,
      ]),
    ];
    for (const secret of secrets)
      expect(dump, `found a clear secret of length ${secret.length}`).not.toContain(secret);
  });

  it('is idempotent: re-seeding the same file changes nothing', async () => {
    await loadSeed(db, DEMO_SEED_PATH, options);
    const before = await dumpDb(db);
    const again = await loadSeed(db, DEMO_SEED_PATH, options);
    expect(again).toEqual({
      agents: { inserted: 0, updated: 0, unchanged: 4 },
      customers: { inserted: 0, updated: 0, unchanged: demoSeed.customers.length },
    });
    expect(await dumpDb(db)).toBe(before);
  });

  it('updates what changed and keeps an administrator’s disable flag', async () => {
    await applySeed(db, demoSeed, options);
    await db.query("update agents set disabled = true where username = 'senior01'");
    const changed = clone(demoSeed);
    changed.agents[0]!.name = '张伟伟';
    changed.agents[1]!.password = 'new-pass-22';
    changed.customers[0]!.mobile = '+86 139-0000-0099';
    changed.agents[2]!.team = '信用卡二组';
    expect(await applySeed(db, changed, options)).toEqual({
      agents: { inserted: 0, updated: 3, unchanged: 1 },
      customers: { inserted: 0, updated: 1, unchanged: demoSeed.customers.length - 1 },
    });
    const { rows } = await db.query<{ disabled: boolean; password_hash: string }>(
      "select disabled, password_hash from agents where username = 'senior01'",
    );
    expect(rows[0]!.disabled).toBe(true);
    expect(await verifyPassword('new-pass-22', rows[0]!.password_hash)).toBe(true);
    const mobile = await db.query<{ mobile: string }>(
      'select mobile from customers where national_id_hash = $1',
      [nationalIdHash(TEST_PEPPER, demoSeed.customers[0]!.nationalId)],
    );
    expect(mobile.rows[0]!.mobile).toBe('13900000099');
    const teams = await db.query<{ username: string; team: string | null }>(
      'select username, team from agents order by username',
    );
    expect(teams.rows).toEqual([
      { username: 'admin01', team: null },
      { username: 'agent01', team: '信用卡一组' },
      { username: 'lead01', team: '信用卡二组' },
      { username: 'senior01', team: '信用卡一组' },
    ]);
  });

  it('treats usernames case-insensitively and accepts a lower-case x in ID numbers', async () => {
    const seed = clone(demoSeed);
    seed.agents[0]!.username = 'Agent01';
    seed.customers[2]!.nationalId = seed.customers[2]!.nationalId.toLowerCase(); // …001x
    await applySeed(db, demoSeed, options);
    expect((await applySeed(db, seed, options)).agents.inserted).toBe(0);
    expect(await countRows(db, 'customers')).toBe(demoSeed.customers.length);
  });

  it('uses the development pepper, and warns, when none is given', async () => {
    const warnings: string[] = [];
    await applySeed(
      db,
      { customers: [demoSeed.customers[0]] },
      { passwordCost: TEST_COST, logger: { warn: (_o, m) => warnings.push(String(m)) } },
    );
    expect(warnings.join()).toMatch(/RECORDS_PEPPER is not set/);
    expect(await countRows(db, 'customers')).toBe(1);
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from customers where national_id_hash = $1',
      [nationalIdHash(DEV_PEPPER, demoSeed.customers[0]!.nationalId)],
    );
    expect(rows[0]!.n).toBe(1);
  });

  type Mutation = (seed: ReturnType<typeof clone<typeof demoSeed>>) => unknown;
  const invalid: [string, Mutation, string][] = [
    [
      'bad check character',
      (s) => ((s.customers[3]!.nationalId = '990304199512250040'), s),
      'customers[3].nationalId: check character does not match',
    ],
    [
      'bad birth date',
      (s) => ((s.customers[1]!.nationalId = '990102199002300023'), s),
      'customers[1].nationalId: birth date (characters 7-14) is not a valid date',
    ],
    [
      '15-digit ID',
      (s) => ((s.customers[0]!.nationalId = '990101850312001'), s),
      'customers[0].nationalId: 15-digit ID numbers are not accepted',
    ],
    [
      'bad mobile',
      (s) => ((s.customers[5]!.mobile = '12900000001'), s),
      'customers[5].mobile: must be a mainland mobile number',
    ],
    [
      '5-digit keypad password',
      (s) => ((s.customers[2]!.queryPassword = '12345'), s),
      'customers[2].queryPassword: must be exactly 6 digits',
    ],
    [
      'letters in a keypad password',
      (s) => ((s.customers[2]!.transactionPassword = '12345a'), s),
      'customers[2].transactionPassword: must be exactly 6 digits',
    ],
    [
      'unknown customer key',
      (s) => (Object.assign(s.customers[4]!, { email: 'x@example.test' }), s),
      'customers[4].email: unknown key',
    ],
    ['unknown top-level key', (s) => ({ ...s, branches: [] }), 'branches: unknown key'],
    ['unknown tier', (s) => ((s.agents[1]!.tier = 'boss'), s), 'agents[1].tier'],
    ['bad username', (s) => ((s.agents[0]!.username = 'agent 01'), s), 'agents[0].username'],
    ['padded team', (s) => ((s.agents[0]!.team = ' 信用卡一组'), s), 'agents[0].team'],
    ['team over 40', (s) => ((s.agents[1]!.team = '组'.repeat(41)), s), 'agents[1].team'],
    [
      'short agent password',
      (s) => ((s.agents[2]!.password = 'short'), s),
      'agents[2].password: must be at least 8 characters',
    ],
    [
      'missing name',
      (s) => (delete (s.customers[0] as { name?: string }).name, s),
      'customers[0].name',
    ],
    [
      'duplicate username',
      (s) => ((s.agents[3]!.username = 'AGENT01'), s),
      'agents[3].username: same username as agents[0]',
    ],
    [
      'duplicate ID number',
      (s) => ((s.customers[5]!.nationalId = s.customers[0]!.nationalId), s),
      'customers[5].nationalId: same ID number as customers[0]',
    ],
    ['not an object', () => [], '(root)'],
  ];

  it.each(invalid)(
    'refuses a seed with %s, naming the path, and writes nothing',
    async (_case, mutate, message) => {
      await applySeed(db, { agents: [demoSeed.agents[0]] }, options); // something already there
      const before = await dumpDb(db);
      const file = writeSeed('bad.json', mutate(clone(demoSeed)));
      const error = await loadSeed(db, file, options).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SeedError);
      expect((error as SeedError).message).toContain(message);
      expect((error as SeedError).message).toContain(file);
      // The error text must not carry any ID number (it is printed by the CLI and logged).
      for (const c of demoSeed.customers)
        expect((error as SeedError).message).not.toContain(c.nationalId.slice(0, 14));
      expect(await dumpDb(db)).toBe(before);
    },
  );

  it('lists every problem at once', async () => {
    const seed = clone(demoSeed);
    seed.customers[0]!.mobile = 'nope';
    seed.customers[1]!.queryPassword = '1';
    expect(() => parseSeed(seed)).toThrow(
      /customers\[0\]\.mobile[\s\S]*customers\[1\]\.queryPassword/,
    );
  });

  it('reports unreadable files and invalid JSON without quoting the content', async () => {
    await expect(loadSeed(db, join(dir, 'missing.json'), options)).rejects.toThrow(
      /cannot read the file: ENOENT/,
    );
    const file = writeSeed('broken.json', '{"customers": [{"nationalId": "990101198503120010",}]}');
    const error = (await loadSeed(db, file, options).catch((e: unknown) => e)) as SeedError;
    expect(error).toBeInstanceOf(SeedError);
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.message).not.toContain('990101198503120010');
    expect(await countRows(db, 'customers')).toBe(0);
  });

  it('writes nothing when the database fails half-way (one transaction)', async () => {
    let inserts = 0;
    const failing: Db = {
      ...db,
      kind: db.kind,
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            ...tx,
            query: async <T>(sql: string, params?: readonly unknown[]) => {
              if (sql.startsWith('insert into customers') && ++inserts === 3)
                throw new Error('simulated failure');
              return tx.query<T>(sql, params);
            },
          }),
        ),
    };
    await expect(applySeed(failing, demoSeed, options)).rejects.toThrow('simulated failure');
    expect(await countRows(db, 'agents')).toBe(0);
    expect(await countRows(db, 'customers')).toBe(0);
  });
});
