// The SQL of migration 0023 (server/migrations.ts): the training namespace (Art. 9). Training
// customers sit beside live ones, marked; a training session's passcodes go to an outbox the
// simulated customer reads instead of an SMS gateway; results are append-only. Shipped once
// applied, never edited: change the schema with a new migration.

/** 0023: training customers, the training passcode outbox, results, training journal entries. */
export const TRAINING_SQL = `
      alter table customers add column training boolean not null default false;
      -- Live look-ups by mobile read live customers only; the training namespace is tiny.
      drop index customers_mobile_idx;
      create index customers_mobile_idx on customers (mobile) where not training;
      create index customers_training_mobile_idx on customers (mobile) where training;

      -- A training session's passcode, for its simulated customer (never a live session's: the
      -- live code exists only as a keyed hash and in the SMS, Art. 7). Synthetic customers only.
      create table training_otp_outbox (
        id uuid primary key,
        session_id uuid not null references verification_sessions (id),
        code text not null check (code ~ '^[0-9]{4,8}$'),
        sent_at timestamptz not null
      );
      create index training_otp_outbox_session_idx on training_otp_outbox (session_id, sent_at);

      -- Art. 9: every assessed training call, scored by the service; append-only.
      create table training_results (
        id uuid primary key,
        username text not null,
        scenario_id text not null check (scenario_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        course_id text check (course_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        session_id uuid references verification_sessions (id),
        score int not null check (score between 0 and 100),
        passed boolean not null,
        misses jsonb not null check (jsonb_typeof(misses) = 'array'),
        seconds_to_verify double precision check (seconds_to_verify >= 0),
        events jsonb not null check (jsonb_typeof(events) = 'array'),
        created_at timestamptz not null
      );
      create index training_results_user_idx on training_results (username, created_at);
      -- One result per training session: a replayed upload is not a second attempt.
      create unique index training_results_session_idx on training_results (session_id)
        where session_id is not null;
      create or replace function training_results_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'training_results is append-only';
      end $$;
      create trigger training_results_append_only before update or delete on training_results
        for each row execute function training_results_append_only();

      -- Journal entries a desk marked training (data.training = true). A side table, not a column:
      -- journal_entries rows are sealed whole (server/archive/sealed-tables.ts), so a new column
      -- would change every sealed row's digest.
      create table journal_training_entries (
        entry_id uuid primary key references journal_entries (id)
      );
`;
