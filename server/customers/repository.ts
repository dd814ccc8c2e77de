// Customers in the database, for look-up and for the checks (Art. 5–7). What leaves this module
// for an answer is masked (./mask.ts); the reserved mobile, ID hash and password hashes are read
// only to compare or to send a passcode, never to show.
import type { PasswordKind } from '../../common/policy.js';
import { maskMobile } from '../../common/phone-number.js';
import type { MaskedCustomer } from '../../common/records-api.js';
import type { Queryable } from '../db.js';
import { maskCustomer, type CustomerRow } from './mask.js';

/**
 * Customers reserved on a normalized mobile, oldest first, masked (at most 50): the live ones, or
 * with `training` the training namespace's only (Art. 9) — never both. The look-up and its audit
 * row (Art. 11) are one statement: they commit together (no look-up goes unrecorded), in one
 * round trip.
 */
export async function lookUpCustomers(
  db: Queryable,
  e: { at: Date; agent: string; mobile: string; training: boolean },
): Promise<MaskedCustomer[]> {
  // A literal namespace, not a parameter: each text then plans onto its partial index.
  const { rows } = await db.query<CustomerRow>(
    `with found as (
       select id, name, mobile, national_id_masked, created_at from customers
        where mobile = $1 and ${e.training ? 'training' : 'not training'}
        order by created_at, id limit 50),
     audit as (
       insert into customer_lookups (at, agent_username, mobile_masked, matches)
       select $2, $3, $4, count(*) from found)
     select id, name, mobile, national_id_masked from found order by created_at, id`,
    [e.mobile, e.at, e.agent, maskMobile(e.mobile)],
  );
  return rows.map(maskCustomer);
}

/** Audits one look-up (Art. 11): the agent, the number masked, how many customers matched. */
export async function recordLookup(
  tx: Queryable,
  e: { at: Date; agent: string; mobile: string; matches: number },
): Promise<void> {
  await tx.query(
    'insert into customer_lookups (at, agent_username, mobile_masked, matches) values ($1, $2, $3, $4)',
    [e.at, e.agent, maskMobile(e.mobile), e.matches],
  );
}

export async function maskedCustomer(
  tx: Queryable,
  id: string | null,
): Promise<MaskedCustomer | null> {
  if (id === null) return null;
  const { rows } = await tx.query<CustomerRow>(
    'select id, name, mobile, national_id_masked from customers where id = $1',
    [id],
  );
  return rows[0] ? maskCustomer(rows[0]) : null;
}

/** The reserved mobile, or undefined for an unknown customer. */
export async function reservedMobile(tx: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ mobile: string }>(
    'select mobile from customers where id = $1',
    [id],
  );
  return rows[0]?.mobile;
}

/**
 * What the basic check compares (Art. 5): the reserved mobile and the ID number's keyed hash, and
 * the customer's namespace (Art. 9). Locks the customer for the rest of the transaction: the
 * failure count per customer (Art. 5(2)) must not let two calls slip under the limit.
 */
export async function lockBasicCredentials(
  tx: Queryable,
  id: string,
): Promise<
  { id: string; mobile: string; national_id_hash: string; training: boolean } | undefined
> {
  const { rows } = await tx.query<{
    id: string;
    mobile: string;
    national_id_hash: string;
    training: boolean;
  }>('select id, mobile, national_id_hash, training from customers where id = $1 for update', [id]);
  return rows[0];
}

/** Locks the customer for the rest of the transaction (passcode caps are per customer, Art. 7). */
export async function lockCustomerMobile(tx: Queryable, id: string): Promise<string> {
  return (
    await tx.query<{ mobile: string }>('select mobile from customers where id = $1 for update', [
      id,
    ])
  ).rows[0]!.mobile;
}

/** The scrypt hash of the customer's query or transaction password (Art. 6). */
export async function passwordHashOf(
  tx: Queryable,
  id: string,
  kind: PasswordKind,
): Promise<string> {
  const column = kind === 'query' ? 'query_password_hash' : 'transaction_password_hash';
  return (
    await tx.query<{ hash: string }>(`select ${column} as hash from customers where id = $1`, [id])
  ).rows[0]!.hash;
}
