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

/**
 * 0028: every instance caches who a token belongs to (./token-cache.ts) and must hear of any
 * change, whoever makes it — a sign-out on another instance, a seed, a DBA disabling an agent by
 * hand. A changed token notifies its hash; a deleted token or a changed agent empties the caches.
 */
export const AUTH_NOTIFY_SQL = `
      -- One channel per schema (test suites share a database, each in its own schema).
      create or replace function auth_changes_channel() returns text language sql stable as $$
        select case when current_schema() = 'public' then 'agent_desk_auth'
                    else 'agent_desk_auth_' || left(md5(current_schema()), 16) end
      $$;
      create or replace function agent_token_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify(auth_changes_channel(), old.token_hash);
        return null;
      end
      $$;
      create trigger agent_token_changed after update on agent_tokens
        for each row execute function agent_token_changed();
      create or replace function auth_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify(auth_changes_channel(), '*');
        return null;
      end
      $$;
      create trigger agent_tokens_removed after delete or truncate on agent_tokens
        for each statement execute function auth_changed();
      create trigger agents_changed after update or delete or truncate on agents
        for each statement execute function auth_changed();
    `;
