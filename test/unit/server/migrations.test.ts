// Migrations: ordered, idempotent on restart, safe with concurrent runners; the initial schema
// refuses clear secrets in hash columns (Art. 11, Art. 15) and knows exactly the Art. 10 tiers.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TIERS } from '../../../common/domain.js';
import type { Db } from '../../../server/db.js';
import { migrate, MIGRATIONS } from '../../../server/migrations.js';
import { DB_KIND, DB_TIMEOUT_MS, dropAllTables, openTestDb, tableNames } from './helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`migrations (${DB_KIND})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await dropAllTables(db);
  });

  it('applies every migration once, then nothing on restart', async () => {
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
    expect(await tableNames(db)).toEqual(
      expect.arrayContaining([
        'agent_tokens',
        'agents',
        'alerts',
        'customers',
        'schema_migrations',
      ]),
    );
    const { rows } = await db.query<{ id: string }>('select id from schema_migrations order by id');
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('lets concurrent runners apply each migration exactly once', async () => {
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('creates the mobile index used by caller-ID lookups', async () => {
    await migrate(db);
    const { rows } = await db.query<{ indexname: string }>(
      "select indexname from pg_indexes where schemaname = current_schema() and tablename = 'customers'",
    );
    expect(rows.map((r) => r.indexname)).toContain('customers_mobile_idx');
  });

  it('applies a later migration on top, in order, and rolls a failing one back', async () => {
    await migrate(db);
    const extra = [...MIGRATIONS, { id: '9998-extra', sql: 'create table extra_a (x int)' }];
    expect(await migrate(db, extra)).toEqual(['9998-extra']);
    const broken = [
      ...extra,
      { id: '9999-broken', sql: 'create table extra_b (x int); select * from no_such_table' },
    ];
    await expect(migrate(db, broken)).rejects.toThrow();
    expect(await tableNames(db)).not.toContain('extra_b'); // one transaction per migration
    const { rows } = await db.query<{ id: string }>('select id from schema_migrations order by id');
    expect(rows.map((r) => r.id)).not.toContain('9999-broken');
  });

  it('refuses to run older code on a database migrated by a newer build', async () => {
    await migrate(db, [...MIGRATIONS, { id: '9999-future', sql: 'select 1' }]);
    await expect(migrate(db)).rejects.toThrow(/does not know \(9999-future\)/);
  });

  it('refuses migration lists that are not unique and ascending', async () => {
    await expect(
      migrate(db, [
        { id: '0002-b', sql: '' },
        { id: '0001-a', sql: '' },
      ]),
    ).rejects.toThrow(/ascending/);
    await expect(
      migrate(db, [
        { id: '0001-a', sql: '' },
        { id: '0001-a', sql: '' },
      ]),
    ).rejects.toThrow(/unique/);
  });

  describe('initial schema', () => {
    const insertAgent = (tier: string, username = `u${randomUUID().slice(0, 8)}`) =>
      db.query(
        'insert into agents (id, username, name, tier, password_hash) values ($1, $2, $3, $4, $5)',
        [randomUUID(), username, '测试', tier, 'scrypt$16$8$1$c2FsdA==$aGFzaA=='],
      );

    beforeEach(async () => {
      await migrate(db);
    });

    it('accepts exactly the tiers of common/domain.ts (Art. 10)', async () => {
      for (const tier of TIERS) await insertAgent(tier);
      await expect(insertAgent('supervisor')).rejects.toThrow();
    });

    it('keeps usernames lower-case and unique', async () => {
      await insertAgent('agent', 'same');
      await expect(insertAgent('agent', 'same')).rejects.toThrow();
      await expect(insertAgent('agent', 'Upper')).rejects.toThrow();
    });

    it('refuses a clear ID number or password where a hash belongs', async () => {
      const insertCustomer = (overrides: Record<string, string>) => {
        const row = {
          id: randomUUID(),
          name: '测试',
          mobile: '13900000001',
          national_id_hash: 'a'.repeat(64),
          national_id_masked: '9***************10',
          query_password_hash: 'scrypt$16$8$1$c2FsdA==$aGFzaA==',
          transaction_password_hash: 'scrypt$16$8$1$c2FsdA==$aGFzaA==',
          ...overrides,
        };
        return db.query(
          `insert into customers (id, name, mobile, national_id_hash, national_id_masked, query_password_hash, transaction_password_hash)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          Object.values(row),
        );
      };
      await insertCustomer({});
      await expect(insertCustomer({ national_id_hash: '990101198503120010' })).rejects.toThrow();
      await expect(
        insertCustomer({
          national_id_hash: 'b'.repeat(64),
          national_id_masked: '990101198503120010',
        }),
      ).rejects.toThrow();
      await expect(
        insertCustomer({ national_id_hash: 'c'.repeat(64), query_password_hash: '135790' }),
      ).rejects.toThrow();
      await expect(
        insertCustomer({ national_id_hash: 'd'.repeat(64), transaction_password_hash: '246801' }),
      ).rejects.toThrow();
      await expect(
        insertCustomer({ national_id_hash: 'e'.repeat(64), mobile: '+86 139 0000 0001' }),
      ).rejects.toThrow();
    });
  });
});
