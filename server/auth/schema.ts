// The SQL of migration 0001 (server/migrations.ts), kept here for size: the agents and their
// sign-in tokens, and the customers they verify. Like every migration it has shipped once applied
// and is never edited — change the schema with a new migration. Runs on PGlite and PostgreSQL.

/** 0001: the agents, their sign-in tokens, the customers (Art. 5, 10, 11, 15). */
export const INITIAL_SQL = `
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
        -- Reserved mobile (Art. 5), normalized to 11 digits; several customers may share one.
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
    `;
