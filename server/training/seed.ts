// The training customers (Art. 9) upserted into the training namespace at every start, by every
// instance: validated like a seed file's customers, passwords hashed exactly as live customers'
// are, and written with ON CONFLICT so instances starting together agree. A live customer is
// never turned into a training one (the conflict update only touches training rows).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { maskNationalId } from '../../common/national-id.js';
import type { TrainingCustomer } from '../../common/training-api.js';
import type { Db } from '../db.js';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from '../passwords.js';
import { keepOrRehash, SeedCustomer, SeedError } from '../seed.js';
import { nationalIdHash } from '../secrets.js';
import { formatIssues } from '../validation.js';

/** Upserts the training customers; answers how many rows were written (inserted or changed). */
export async function seedTrainingCustomers(
  db: Db,
  customers: readonly TrainingCustomer[],
  options: { pepper: string; passwordCost?: ScryptCost | undefined },
): Promise<number> {
  // What a live customer has; the catalog's own fields (key, latin name) are no records.
  const records = customers.map((c) => ({
    name: c.name,
    mobile: c.mobile,
    nationalId: c.nationalId,
    queryPassword: c.queryPassword,
    transactionPassword: c.transactionPassword,
  }));
  const parsed = z.array(SeedCustomer).safeParse(records);
  if (!parsed.success) throw new SeedError('training customers', formatIssues(parsed.error));
  const cost = options.passwordCost ?? DEFAULT_SCRYPT_COST;
  let written = 0;
  for (const customer of parsed.data) {
    const idHash = nationalIdHash(options.pepper, customer.nationalId);
    const { rows } = await db.query<{ q: string; t: string }>(
      `select query_password_hash as q, transaction_password_hash as t from customers
        where national_id_hash = $1 and training`,
      [idHash],
    );
    const [queryHash, transactionHash] = await Promise.all([
      keepOrRehash(customer.queryPassword, rows[0]?.q, cost),
      keepOrRehash(customer.transactionPassword, rows[0]?.t, cost),
    ]);
    const result = await db.query(
      `insert into customers (id, name, mobile, national_id_hash, national_id_masked,
          query_password_hash, transaction_password_hash, training)
       values ($1, $2, $3, $4, $5, $6, $7, true)
       on conflict (national_id_hash) do update
          set name = excluded.name, mobile = excluded.mobile,
              national_id_masked = excluded.national_id_masked,
              query_password_hash = excluded.query_password_hash,
              transaction_password_hash = excluded.transaction_password_hash
        where customers.training and (customers.name, customers.mobile,
              customers.query_password_hash, customers.transaction_password_hash)
              is distinct from (excluded.name, excluded.mobile,
              excluded.query_password_hash, excluded.transaction_password_hash)
       returning id`,
      [
        randomUUID(),
        customer.name,
        customer.mobile,
        idHash,
        maskNationalId(customer.nationalId),
        queryHash,
        transactionHash,
      ],
    );
    written += result.rows.length;
  }
  return written;
}
