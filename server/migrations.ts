// Ordered, append-only schema migrations. Each runs in its own transaction under an advisory lock,
// so two service instances starting together (or a restart) apply each migration exactly once.
// A migration that has shipped is never edited: change the schema with a new one.
import type { Db } from './db.js';

export interface Migration {
  /** Sortable and unique, e.g. `0001-initial`. */
  id: string;
  sql: string;
}

/** Arbitrary constant shared by every records-service instance; works on PGlite too. */
const MIGRATION_LOCK_KEY = 7_302_001;

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-initial',
    // CHECK constraints double as a last line of defence: a hash column cannot hold a clear ID
    // number or password even if a caller gets it wrong (Art. 11 confidentiality, Art. 15 at rest).
    sql: `
      create table agents (
        id uuid primary key,
        username text not null unique check (username = lower(username) and length(username) between 1 and 64),
        name text not null check (length(name) between 1 and 100),
        -- Art. 10 tiers; must match TIERS in common/domain.ts (a unit test checks it).
        tier text not null check (tier in ('agent', 'senior', 'lead', 'admin')),
        password_hash text not null check (password_hash like 'scrypt$%'),
        disabled boolean not null default false,
        created_at timestamptz not null default now()
      );

      create table agent_tokens (
        -- SHA-256 of the bearer token: a leaked table cannot be replayed as sessions.
        token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
        agent_id uuid not null references agents (id) on delete cascade,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        revoked_at timestamptz
      );
      create index agent_tokens_agent_id_idx on agent_tokens (agent_id);

      create table customers (
        id uuid primary key,
        name text not null check (length(name) between 1 and 100),
        -- Reserved mobile (Art. 5), normalised to 11 digits; several customers may share one.
        mobile text not null check (mobile ~ '^1[3-9][0-9]{9}$'),
        -- HMAC-SHA256(pepper, ID): exact-match lookups without storing the number (Art. 5, 11).
        national_id_hash text not null unique check (national_id_hash ~ '^[0-9a-f]{64}$'),
        -- First character, 15 stars, last two: what the Art. 8 read-back shows.
        national_id_masked text not null check (national_id_masked ~ '^[0-9][*]{15}[0-9][0-9X]$'),
        query_password_hash text not null check (query_password_hash like 'scrypt$%'),
        transaction_password_hash text not null check (transaction_password_hash like 'scrypt$%'),
        created_at timestamptz not null default now()
      );
      -- Caller ID → reserved customers is the first lookup of every call (architecture.md).
      create index customers_mobile_idx on customers (mobile);
    `,
  },
  {
    id: '0002-alerts',
    // What a supervisor must look at (Art. 10 over-permission, Art. 18 fraud, Art. 11 tampering,
    // Art. 6 lockouts). Raised in the same transaction as the event that caused it; never deleted.
    sql: `
      create table alerts (
        id uuid primary key,
        kind text not null check (kind ~ '^[a-z][a-z-]{1,63}$'),
        raised_at timestamptz not null,
        -- Who was acting, whom it concerns, where: each optional, depending on the kind.
        agent_username text,
        customer_id uuid references customers (id),
        session_id uuid,
        device_id text,
        -- Machine-readable reason codes, e.g. ["caller-not-reserved-mobile"]; masked details only.
        reasons jsonb not null default '[]' check (jsonb_typeof(reasons) = 'array'),
        details jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
        acknowledged_at timestamptz,
        acknowledged_by text
      );
      create index alerts_open_idx on alerts (raised_at) where acknowledged_at is null;
    `,
  },
];

/** Applies what is missing, in order; returns the ids applied by this call. */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const ids = migrations.map((m) => m.id);
  if (new Set(ids).size !== ids.length || ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) {
    throw new Error('migration ids must be unique and in ascending order');
  }
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      // Held until COMMIT/ROLLBACK: a concurrent runner waits here, then sees the row and skips.
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.exec(`create table if not exists schema_migrations (
        id text primary key,
        applied_at timestamptz not null default now()
      )`);
      const known = await tx.query<{ id: string }>('select id from schema_migrations order by id');
      const unknown = known.rows.map((r) => r.id).filter((id) => !ids.includes(id));
      if (unknown.length > 0) {
        // A newer build migrated this database; running older code on it could corrupt data.
        throw new Error(`database has migrations this build does not know (${unknown.join(', ')}); refusing to start`);
      }
      if (known.rows.some((r) => r.id === migration.id)) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [migration.id]);
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return applied;
}
