// Helpers for the records-service bench (scripts/bench-records.mjs bundles this file with esbuild
// at run time so it can use the service's own code): synthetic customers in bulk, straight into
// PostgreSQL, with the same hashing and masking the service uses. Never a real person's data.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { maskNationalId, nationalIdCheckCharacter } from '../common/national-id.js';
import { hashPassword } from '../server/passwords.js';
import { nationalIdHash } from '../server/secrets.js';

export { GENESIS_HASH, sealEntry } from '../common/journal-chain.js';

const DAY_MS = 86_400_000;
const BIRTH_BASE = Date.UTC(1960, 0, 1);

/**
 * The i-th synthetic customer (0 ≤ i < 100,000,000): distinct ID numbers and mobiles. Every ID
 * number has region prefix 99 (no Chinese province uses it), so none can be a real person's;
 * mobiles are 15x numbers made from the row index.
 */
export function syntheticCustomer(i: number): { name: string; mobile: string; nationalId: string } {
  const area = String(i % 10_000).padStart(4, '0');
  const birth = new Date(BIRTH_BASE + Math.floor(i / 10_000) * DAY_MS)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const first17 = `99${area}${birth}001`;
  return {
    name: `测试${String(i % 1000).padStart(3, '0')}`,
    mobile: `15${String(i).padStart(9, '0')}`,
    nationalId: first17 + nationalIdCheckCharacter(first17),
  };
}

/**
 * Inserts `count` synthetic customers in batches (`unnest` of arrays: one statement per batch, the
 * bulk path PostgreSQL plans once). All rows share one precomputed password hash (allowed for bench
 * rows: scrypt on a million rows would take hours and measures nothing). Returns the shared
 * password so the bench can pass password checks.
 */
export async function loadSyntheticCustomers(
  url: string,
  count: number,
  pepper: string,
  onProgress: (done: number) => void = () => {},
): Promise<{ password: string; seconds: number }> {
  const password = '624810';
  const sharedHash = await hashPassword(password, { N: 2 ** 14, r: 8, p: 1 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  try {
    const batch = 20_000;
    for (let start = 0; start < count; start += batch) {
      const ids: string[] = [];
      const names: string[] = [];
      const mobiles: string[] = [];
      const hashes: string[] = [];
      const masks: string[] = [];
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const c = syntheticCustomer(i);
        ids.push(randomUUID());
        names.push(c.name);
        mobiles.push(c.mobile);
        hashes.push(nationalIdHash(pepper, c.nationalId));
        masks.push(maskNationalId(c.nationalId));
      }
      await client.query(
        `insert into customers (id, name, mobile, national_id_hash, national_id_masked, query_password_hash, transaction_password_hash)
         select id, name, mobile, h, m, $6, $6 from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(id, name, mobile, h, m)
         on conflict (national_id_hash) do nothing`,
        [ids, names, mobiles, hashes, masks, sharedHash],
      );
      onProgress(Math.min(count, start + batch));
    }
    await client.query('analyze customers');
  } finally {
    await client.end();
  }
  return { password, seconds: (performance.now() - t0) / 1000 };
}
