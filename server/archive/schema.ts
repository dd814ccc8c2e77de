// The SQL of migration 0012 (server/migrations.ts), kept here for size: like every migration it
// has shipped once applied and is never edited — change the schema with a new migration. Runs on
// PGlite and PostgreSQL alike (plpgsql, sha256() and make_interval() are in both).

/** Append-only archived tables and the column that dates each row (UPDATE refused too). */
const APPEND_ONLY: readonly (readonly [string, string])[] = [
  ['journal_entries', 'received_at'],
  ['journal_rejects', 'received_at'],
  ['verification_events', 'at'],
  ['customer_lookups', 'at'],
  ['password_lock_lifts', 'lifted_at'],
  ['alert_emergency_steps', 'done_at'],
  ['archive_searches', 'at'],
  ['archive_retention', 'set_at'],
  ['archive_seals', 'sealed_at'],
  ['archive_sealed', 'sealed_at'],
];
/** Archived tables whose rows change state (a session ends, a lead decides): no DELETE only. */
const STATEFUL: readonly (readonly [string, string])[] = [
  ['verification_sessions', 'created_at'],
  ['verification_approvals', 'requested_at'],
  ['alerts', 'raised_at'],
  ['callbacks', 'created_at'],
  ['complaints', 'created_at'],
  ['verification_callbacks', 'dialled_at'],
];

const guard = ([table, column]: readonly [string, string], ops: string) => `
      create trigger ${table}_retention before ${ops} on ${table}
        for each row execute function archive_refuse_change('${column}');
      create trigger ${table}_retention_truncate before truncate on ${table}
        for each statement execute function archive_refuse_change('${column}');`;

export const ARCHIVE_RETENTION_SQL = `
      -- An auditor reads the archive and nothing else (server/archive/access.ts); at the lowest
      -- tier, so no tier check elsewhere ever lets one verify or approve.
      alter table agents add column auditor boolean not null default false;
      alter table agents add constraint agents_auditor_tier_check
        check (not auditor or tier = 'agent');

      -- Every archive search, timeline and integrity proof asked for: who, when, what, how many.
      create table archive_searches (
        id bigserial primary key,
        at timestamptz not null,
        agent_username text not null,
        action text not null check (action in ('search', 'timeline', 'integrity')),
        -- The criteria as given (masked identifiers only: full numbers are refused before this).
        criteria jsonb not null check (jsonb_typeof(criteria) = 'object'),
        results integer not null check (results >= 0)
      );
      create index archive_searches_agent_idx on archive_searches (agent_username, at);

      -- The retention in force: the service writes its --retention-years here when it changes.
      create table archive_retention (
        id bigserial primary key,
        years integer not null check (years between 1 and 100),
        set_at timestamptz not null default now()
      );
      insert into archive_retention (years) values (5);

      create or replace function archive_retention_years() returns integer language sql stable as $$
        select coalesce((select years from archive_retention order by id desc limit 1), 5)
      $$;

      -- Refuses the change when the row (TRUNCATE: the table's newest row) is inside the
      -- retention. Superusers can still bypass triggers: the seals below make that provable.
      create or replace function archive_refuse_change() returns trigger language plpgsql as $$
      declare
        dated timestamptz;
        years integer := archive_retention_years();
      begin
        if TG_OP = 'TRUNCATE' then
          execute format('select max(%I) from %I.%I', TG_ARGV[0], TG_TABLE_SCHEMA, TG_TABLE_NAME)
            into dated;
        else
          execute format('select ($1).%I', TG_ARGV[0]) using old into dated;
        end if;
        if dated is not null and dated > now() - make_interval(years => years) then
          raise exception 'archived record kept for % years (Art. 11): % on % refused',
            years, TG_OP, TG_TABLE_NAME using errcode = 'P0001';
        end if;
        if TG_OP = 'DELETE' then return old; end if;
        if TG_OP = 'UPDATE' then return new; end if;
        return null;
      end
      $$;

      -- Seals: each one hash-chains (prev_hash → hash) the rows archived since the one before;
      -- archive_sealed says which seal holds each row and the row's digest at sealing.
      create table archive_seals (
        id bigint primary key check (id >= 1),
        sealed_at timestamptz not null,
        -- Per table: {"verification_events": {"count": 3, "digest": "…"}, …}
        tables jsonb not null check (jsonb_typeof(tables) = 'object'),
        row_count integer not null check (row_count >= 1),
        retention_years integer not null,
        prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
      );
      create table archive_sealed (
        tbl text not null,
        key text not null,
        seal_id bigint not null references archive_seals (id),
        digest text not null check (digest ~ '^[0-9a-f]{64}$'),
        sealed_at timestamptz not null,
        primary key (tbl, key)
      );
      create index archive_sealed_seal_idx on archive_sealed (seal_id, tbl);
${APPEND_ONLY.map((t) => guard(t, 'update or delete')).join('')}
${STATEFUL.map((t) => guard(t, 'delete')).join('')}
`;
