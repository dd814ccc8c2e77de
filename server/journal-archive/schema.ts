// The SQL of migration 0004 (server/migrations.ts), kept here for size: the desktop journals
// archived centrally, the entries refused, each device's head, and the call-backs and
// complaints entries open; and of 0027, which rewrites some of its CHECKs. Like every migration
// each has shipped once applied and is never edited — change the schema with a new migration.

/** 0004: the desktop journals archived centrally, with what was refused (Art. 11). */
export const JOURNAL_ARCHIVE_SQL = `
      create table journal_entries (
        device_id text not null check (device_id ~ '^[A-Za-z0-9._:-]{1,128}$'),
        seq bigint not null check (seq >= 1),
        id uuid not null unique,
        -- hash = SHA-256 of the canonical entry without hash (common/journal-chain.ts).
        hash text not null check (hash ~ '^[0-9a-f]{64}$'),
        prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
        type text not null check (length(type) between 3 and 64),
        at timestamptz not null,
        agent text,
        call_id text,
        -- Flat, masked values only (Art. 11); exactly what was hashed.
        data jsonb not null check (jsonb_typeof(data) = 'object'),
        received_at timestamptz not null,
        -- The agent whose token uploaded the batch.
        received_by text not null,
        primary key (device_id, seq)
      );
      create index journal_entries_call_idx on journal_entries (call_id) where call_id is not null;

      create table journal_heads (
        device_id text primary key,
        last_seq bigint not null check (last_seq >= 0),
        last_hash text not null check (last_hash ~ '^[0-9a-f]{64}$'),
        -- When the last entry was refused for a hash that does not match its content, the hash of
        -- its content: the next entry may link to either (one tampered entry, one alert).
        last_alt_hash text check (last_alt_hash ~ '^[0-9a-f]{64}$'),
        updated_at timestamptz not null
      );

      create table journal_rejects (
        device_id text not null,
        seq bigint not null,
        -- As sent; '' when the entry carried no well-formed hash.
        hash text not null,
        entry_id text not null,
        -- e.g. ["gap"], ["hash-mismatch"], ["malformed"], ["effect-invalid"].
        reasons jsonb not null check (jsonb_typeof(reasons) = 'array'),
        code text not null,
        message text not null,
        -- The entry as sent, for the supervisor who looks into the alert.
        entry jsonb not null,
        alert_id uuid references alerts (id),
        received_at timestamptz not null,
        received_by text not null,
        primary key (device_id, seq, hash)
      );

      -- The outage procedure's call-back queue (Art. 12), seen by team leads.
      create table callbacks (
        id uuid primary key,
        entry_id uuid not null unique references journal_entries (id),
        device_id text not null,
        call_id text,
        customer_id uuid,
        customer_ref text not null check (position('*' in customer_ref) > 0 and customer_ref !~ '[0-9]{5}'),
        reason text not null,
        notes text,
        requested_at timestamptz not null,
        requested_by text,
        status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
        created_at timestamptz not null
      );
      create index callbacks_open_idx on callbacks (requested_at) where status = 'open';

      -- Complaints heard on calls, answered by a deadline (Art. 12, Art. 16).
      create table complaints (
        id uuid primary key,
        entry_id uuid not null unique references journal_entries (id),
        device_id text not null,
        call_id text,
        customer_id uuid,
        customer_ref text check (customer_ref is null or (position('*' in customer_ref) > 0 and customer_ref !~ '[0-9]{5}')),
        category text not null,
        summary text not null,
        recorded_at timestamptz not null,
        recorded_by text,
        respond_by timestamptz not null,
        status text not null default 'open' check (status in ('open', 'answered', 'closed')),
        created_at timestamptz not null
      );
      create index complaints_open_idx on complaints (respond_by) where status = 'open';
    `;

/**
 * 0027: the same rules on journal_entries' hex and device columns, in a form PostgreSQL checks
 * several times faster. `x ~ '^[0-9a-f]{64}$'` builds its automaton from 64 repeats of the class
 * and costs a bulk insert about 20 ms per 1,000 rows over four columns; "exactly 64 characters,
 * none outside the class" accepts and refuses exactly the same strings with one-state matching.
 * Re-adding a constraint checks every archived row once (they pass: the old rule was the same).
 */
export const JOURNAL_CHECKS_SQL = `
      alter table journal_entries
        drop constraint journal_entries_device_id_check,
        drop constraint journal_entries_hash_check,
        drop constraint journal_entries_prev_hash_check,
        drop constraint journal_entries_mac_check,
        add constraint journal_entries_device_id_check
          check (length(device_id) between 1 and 128 and device_id !~ '[^A-Za-z0-9._:-]'),
        add constraint journal_entries_hash_check
          check (length(hash) = 64 and hash !~ '[^0-9a-f]'),
        add constraint journal_entries_prev_hash_check
          check (length(prev_hash) = 64 and prev_hash !~ '[^0-9a-f]'),
        add constraint journal_entries_mac_check
          check (mac is null or (length(mac) = 64 and mac !~ '[^0-9a-f]'));
    `;
