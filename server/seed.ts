// Loads agents and customers from a JSON seed file (format: server/seed/SEED-FORMAT.md).
// The whole file is validated before anything is written; then everything is upserted in one
// transaction, and re-seeding the same file changes nothing (existing hashes are verified, not
// replaced). Clear ID numbers and passwords live only in memory here (Art. 11, Art. 15).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Tier, Username } from '../common/domain.js';
import { TeamName } from '../common/floor-api.js';
import type { Db, Queryable } from './db.js';
import { checkNationalId, maskNationalId } from '../common/national-id.js';
import { normalizeMobile } from '../common/phone-number.js';
import { DEFAULT_SCRYPT_COST, hashPassword, verifyPassword, type ScryptCost } from './passwords.js';
import { nationalIdHash, resolvePepper, type WarnLogger } from './secrets.js';
import { formatIssues } from './validation.js';

const Name = z.string().trim().min(1).max(100);

/** Customers key passwords on the phone keypad (DTMF), so they are digits only (Art. 6). */
const KeypadPassword = z.string().regex(/^\d{6}$/, 'must be exactly 6 digits (phone keypad)');

const Mobile = z.string().transform((value, ctx) => {
  const mobile = normalizeMobile(value);
  if (mobile !== null) return mobile;
  ctx.addIssue({
    code: 'custom',
    message:
      'must be a mainland mobile number (1[3-9] + 9 digits; +86/0086, spaces and dashes allowed)',
  });
  return z.NEVER;
});

const NationalId = z.string().transform((value, ctx) => {
  const check = checkNationalId(value);
  if (check.ok) return check.value;
  ctx.addIssue({ code: 'custom', message: check.reason });
  return z.NEVER;
});

export const SeedAgent = z
  .object({
    // Usernames are case-insensitive: stored and looked up in lower case.
    username: Username.transform((u) => u.toLowerCase()),
    name: Name,
    tier: Tier,
    password: z.string().min(8, 'must be at least 8 characters').max(256),
    /** Art. 11: an auditor's account reads the archive only; at the lowest tier. */
    auditor: z.boolean().optional(),
    /** The team on the floor (Art. 26), leads too; absent: in no team. */
    team: TeamName.optional(),
  })
  .strict()
  .refine((a) => !a.auditor || a.tier === 'agent', {
    message: 'an auditor is at the agent tier (it reads the archive only)',
    path: ['tier'],
  });

export const SeedCustomer = z
  .object({
    name: Name,
    mobile: Mobile,
    nationalId: NationalId,
    queryPassword: KeypadPassword,
    transactionPassword: KeypadPassword,
  })
  .strict();

export const SeedFile = z
  .object({
    agents: z.array(SeedAgent).default([]),
    customers: z.array(SeedCustomer).default([]),
  })
  .strict()
  .superRefine((seed, ctx) => {
    const firstIndex = <T>(items: T[], key: (item: T) => string) => {
      const seen = new Map<string, number>();
      return items.map((item, i) => {
        const k = key(item);
        const first = seen.get(k);
        if (first === undefined) seen.set(k, i);
        return first;
      });
    };
    firstIndex(seed.agents, (a) => a.username).forEach((first, i) => {
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['agents', i, 'username'],
          message: `same username as agents[${first}]`,
        });
    });
    firstIndex(seed.customers, (c) => c.nationalId).forEach((first, i) => {
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'nationalId'],
          message: `same ID number as customers[${first}]`,
        });
    });
  });
export type SeedFile = z.output<typeof SeedFile>;

export class SeedError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`seed ${source} is invalid:\n  ${issues.join('\n  ')}`);
    this.name = 'SeedError';
  }
}

/** Throws SeedError listing every problem; writes nothing. */
export function parseSeed(data: unknown, source = 'data'): SeedFile {
  const parsed = SeedFile.safeParse(data);
  if (!parsed.success) throw new SeedError(source, formatIssues(parsed.error));
  return parsed.data;
}

export interface SeedOptions {
  /** Key for the national ID hash; the development pepper (with a warning) when omitted. */
  pepper?: string;
  passwordCost?: ScryptCost;
  logger?: WarnLogger;
}

export interface SeedCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}
export interface SeedSummary {
  agents: SeedCounts;
  customers: SeedCounts;
}

/** Serialises concurrent seeders (two instances starting with --seed). */
const SEED_LOCK_KEY = 7_302_002;

/** Reads and validates a seed file without touching any database; throws SeedError. */
export async function readSeedFile(file: string): Promise<SeedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedError(file, [
      `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the surrounding text, which may be an ID number: report the position
    // only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new SeedError(file, [`not valid JSON${position ? ` (near character ${position})` : ''}`]);
  }
  return parseSeed(data, file);
}

export async function loadSeed(
  db: Db,
  file: string,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  return applySeed(db, await readSeedFile(file), options, file);
}

/** Validates `data` as a seed file, then upserts it in one transaction. */
export async function applySeed(
  db: Db,
  data: unknown,
  options: SeedOptions = {},
  source = 'data',
): Promise<SeedSummary> {
  const seed = parseSeed(data, source);
  // A building block: start.ts resolves the pepper under the production guard and passes it in.
  const pepper = resolvePepper(options.pepper, options.logger, { demo: true });
  const cost = options.passwordCost ?? DEFAULT_SCRYPT_COST;
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const agents = await upsertAgents(tx, seed.agents, cost);
    const customers = await upsertCustomers(tx, seed.customers, pepper, cost);
    return { agents, customers };
  });
}

/** Keeps a stored hash when it still matches, so re-seeding does not churn salts. */
export async function keepOrRehash(
  password: string,
  stored: string | undefined,
  cost: ScryptCost,
): Promise<string> {
  if (stored !== undefined && (await verifyPassword(password, stored))) return stored;
  return hashPassword(password, cost);
}

async function upsertAgents(
  tx: Queryable,
  agents: SeedFile['agents'],
  cost: ScryptCost,
): Promise<SeedCounts> {
  const counts: SeedCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const agent of agents) {
    const { rows } = await tx.query<{
      id: string;
      name: string;
      tier: string;
      password_hash: string;
      auditor: boolean;
      team: string | null;
    }>('select id, name, tier, password_hash, auditor, team from agents where username = $1', [
      agent.username,
    ]);
    const existing = rows[0];
    const passwordHash = await keepOrRehash(agent.password, existing?.password_hash, cost);
    const auditor = agent.auditor ?? false;
    const team = agent.team ?? null;
    if (!existing) {
      await tx.query(
        `insert into agents (id, username, name, tier, password_hash, auditor, team)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), agent.username, agent.name, agent.tier, passwordHash, auditor, team],
      );
      counts.inserted++;
    } else if (
      existing.name !== agent.name ||
      existing.tier !== agent.tier ||
      existing.password_hash !== passwordHash ||
      existing.auditor !== auditor ||
      existing.team !== team
    ) {
      // `disabled` is not in the seed format: an administrator's decision survives re-seeding.
      await tx.query(
        `update agents set name = $2, tier = $3, password_hash = $4, auditor = $5, team = $6
          where id = $1`,
        [existing.id, agent.name, agent.tier, passwordHash, auditor, team],
      );
      counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  return counts;
}

async function upsertCustomers(
  tx: Queryable,
  customers: SeedFile['customers'],
  pepper: string,
  cost: ScryptCost,
): Promise<SeedCounts> {
  const counts: SeedCounts = { inserted: 0, updated: 0, unchanged: 0 };
  type Row = {
    id: string;
    name: string;
    mobile: string;
    national_id_masked: string;
    query_password_hash: string;
    transaction_password_hash: string;
  };
  for (const customer of customers) {
    // The ID's keyed hash is the natural key: it is how a customer is found again (Art. 5).
    const idHash = nationalIdHash(pepper, customer.nationalId);
    const masked = maskNationalId(customer.nationalId);
    const { rows } = await tx.query<Row>(
      'select id, name, mobile, national_id_masked, query_password_hash, transaction_password_hash from customers where national_id_hash = $1',
      [idHash],
    );
    const existing = rows[0];
    const [queryHash, transactionHash] = await Promise.all([
      keepOrRehash(customer.queryPassword, existing?.query_password_hash, cost),
      keepOrRehash(customer.transactionPassword, existing?.transaction_password_hash, cost),
    ]);
    if (!existing) {
      await tx.query(
        `insert into customers (id, name, mobile, national_id_hash, national_id_masked, query_password_hash, transaction_password_hash)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), customer.name, customer.mobile, idHash, masked, queryHash, transactionHash],
      );
      counts.inserted++;
    } else if (
      existing.name !== customer.name ||
      existing.mobile !== customer.mobile ||
      existing.national_id_masked !== masked ||
      existing.query_password_hash !== queryHash ||
      existing.transaction_password_hash !== transactionHash
    ) {
      await tx.query(
        `update customers set name = $2, mobile = $3, national_id_masked = $4, query_password_hash = $5, transaction_password_hash = $6
         where id = $1`,
        [existing.id, customer.name, customer.mobile, masked, queryHash, transactionHash],
      );
      counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  return counts;
}
