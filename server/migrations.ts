// Ordered, append-only schema migrations. Each runs in its own transaction under an advisory lock,
// so two service instances starting together (or a restart) apply each migration exactly once.
// A migration that has shipped is never edited: change the schema with a new one.
import { ALERT_WORKFLOW_SQL, FRAUD_EMERGENCY_SQL } from './alerts/schema.js';
import { ARCHIVE_RETENTION_SQL } from './archive/schema.js';
import { COMPLAINT_ACTIONS_SQL } from './complaints/schema.js';
import type { Db } from './db.js';
import { FLOOR_HISTORY_BY_TIME_SQL, FLOOR_SQL } from './floor/schema.js';
import { RATE_LIMITS_SQL } from './rate-limits/schema.js';
import { TEAMS_SQL } from './floor/teams-schema.js';
import { CALLBACK_ALTERNATIVE_SQL, INTENT_CHANGE_SQL } from './verification/schema.js';

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
  {
    id: '0003-verification',
    // The authoritative verification session (Art. 5–8, 10, 14, 18). Secrets never reach a column:
    // passcodes are stored as HMACs only, passwords and ID numbers are never stored by a check,
    // and the CHECKs below refuse anything shaped otherwise (Art. 11, Art. 15).
    sql: `
      create table verification_sessions (
        id uuid primary key,
        call_id text not null check (length(call_id) between 1 and 128),
        agent_username text not null,
        agent_tier text not null check (agent_tier in ('agent', 'senior', 'lead', 'admin')),
        -- Normalized (digits, optional +); for the Art. 18 caller rules. Shown masked only.
        caller_number text not null check (caller_number ~ '^[+]?[0-9]{3,20}$'),
        business_type text not null check (business_type in ('enquiry', 'important-query', 'fund-transfer', 'large-loan', 'account-change')),
        customer_id uuid references customers (id),
        -- True when the session was opened for a known customer: basic checks must then name them.
        customer_fixed boolean not null,
        status text not null check (status in ('in-progress', 'awaiting-approval', 'verified', 'not-confirmed', 'exception',
                                               'password-reset', 'password-locked', 'denied', 'suspended')),
        -- The common/policy.ts SessionState, column by column.
        steps jsonb not null check (jsonb_typeof(steps) = 'array'),
        passed jsonb not null check (jsonb_typeof(passed) = 'array'),
        alternatives jsonb not null default '[]' check (jsonb_typeof(alternatives) = 'array'),
        basic_failures integer not null default 0 check (basic_failures between 0 and 3),
        approval_reasons jsonb not null default '[]' check (jsonb_typeof(approval_reasons) = 'array'),
        approval text not null check (approval in ('not-required', 'not-requested', 'pending', 'approved', 'denied')),
        caller_is_reserved boolean,
        fraud_reasons jsonb not null default '[]' check (jsonb_typeof(fraud_reasons) = 'array'),
        created_at timestamptz not null,
        updated_at timestamptz not null,
        check (status <> 'verified' or approval in ('not-required', 'approved'))
      );
      create index verification_sessions_caller_idx on verification_sessions (caller_number, created_at);
      create index verification_sessions_customer_idx on verification_sessions (customer_id, updated_at);

      -- Every check and action, in order (Art. 11): what happened, never what the customer said.
      create table verification_events (
        id bigserial primary key,
        session_id uuid not null references verification_sessions (id),
        at timestamptz not null,
        agent_username text not null,
        customer_id uuid references customers (id),
        step text not null check (step in ('basic', 'password', 'password-forgotten', 'otp-send', 'otp', 'method',
                                           'approval-request', 'approval-decision', 'confirmation', 'fraud')),
        outcome text not null check (outcome ~ '^[a-z][a-z-]{1,31}$'),
        -- What the agent typed as the reason (Art. 14 method switch, approval note); never a secret.
        note text check (length(note) <= 500)
      );
      create index verification_events_session_idx on verification_events (session_id, id);
      create index verification_events_customer_idx on verification_events (customer_id, at);

      -- One row per passcode sent; also the send log for the per-customer cap and cooldown (Art. 7).
      create table verification_otps (
        id uuid primary key,
        session_id uuid not null references verification_sessions (id),
        customer_id uuid not null references customers (id),
        -- HMAC-SHA256(pepper, id + code): a 6-digit code cannot be stored here in clear.
        code_hash text not null check (code_hash ~ '^[0-9a-f]{64}$'),
        sent_at timestamptz not null,
        expires_at timestamptz not null check (expires_at > sent_at),
        wrong_entries integer not null default 0 check (wrong_entries between 0 and 3),
        used_at timestamptz,
        killed_at timestamptz,
        superseded_at timestamptz
      );
      create index verification_otps_customer_idx on verification_otps (customer_id, sent_at);
      create index verification_otps_session_idx on verification_otps (session_id, sent_at);

      -- Art. 6: consecutive failures per customer and password kind, across sessions.
      create table password_failures (
        customer_id uuid not null references customers (id),
        kind text not null check (kind in ('query', 'transaction')),
        consecutive integer not null default 0 check (consecutive >= 0),
        locked_at timestamptz,
        updated_at timestamptz not null,
        primary key (customer_id, kind)
      );

      -- Art. 10: a lead's review. Four eyes: the one who asked never decides.
      create table verification_approvals (
        id uuid primary key,
        session_id uuid not null unique references verification_sessions (id),
        reasons jsonb not null check (jsonb_typeof(reasons) = 'array' and jsonb_array_length(reasons) > 0),
        requested_by text not null,
        requested_at timestamptz not null,
        note text check (length(note) <= 500),
        status text not null check (status in ('pending', 'approved', 'denied')),
        decided_by text,
        decided_at timestamptz,
        decision_reason text check (length(decision_reason) between 1 and 500),
        check ((status = 'pending') = (decided_by is null)),
        check ((status = 'pending') = (decided_at is null)),
        check ((status = 'pending') = (decision_reason is null)),
        check (decided_by is null or decided_by <> requested_by)
      );
      create index verification_approvals_status_idx on verification_approvals (status, requested_at);
    `,
  },
  {
    id: '0004-journal-archive',
    // The desktop journals archived centrally (Art. 11: accurate, complete, archived for lookup).
    // One row per (device, seq) — a replayed entry is a duplicate, never applied twice. Entries the
    // archive refused are kept in journal_rejects with the reason, so archive + rejects account for
    // every entry a device sent. The head is the last entry seen per device, locked while a batch
    // is ingested so two batches for one device never both append. Effects of entries (call-back
    // queue, complaints) are written in the same transaction as the entry.
    sql: `
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
    `,
  },
  {
    id: '0005-callback-closing',
    // A lead works the call-back queue (Art. 12): who closed a call-back, when, how, and a note.
    // A closed call-back carries all three; an open one none.
    sql: `
      alter table callbacks add column closed_at timestamptz;
      alter table callbacks add column closed_by text;
      alter table callbacks add column close_note text;
      alter table callbacks add constraint callbacks_closed_check
        check ((status = 'open') = (closed_at is null) and (closed_at is null) = (closed_by is null));
    `,
  },
  {
    id: '0006-complaint-answers-and-lock-lifts',
    // Art. 16: a lead answers and closes a complaint; a closed one carries who, when and the
    // answer, an open one none. Art. 6 with Art. 10: each password lock a lead lifts after the
    // reset procedure, with the reason, kept for audit; never lifted by an agent of the locking
    // call (checked by the service, recorded here).
    sql: `
      alter table complaints add column closed_at timestamptz;
      alter table complaints add column closed_by text;
      alter table complaints add column answer text check (answer is null or length(answer) between 1 and 2000);
      alter table complaints add constraint complaints_closed_check
        check ((status = 'closed') = (closed_at is not null) and (closed_at is null) = (closed_by is null)
               and (closed_at is null) = (answer is null));

      create table password_lock_lifts (
        id uuid primary key,
        customer_id uuid not null references customers (id),
        kind text not null check (kind in ('query', 'transaction')),
        locked_at timestamptz not null,
        -- The agents of the call where the lock happened, as far as the events tell.
        locked_by jsonb not null check (jsonb_typeof(locked_by) = 'array'),
        lifted_at timestamptz not null,
        lifted_by text not null,
        reason text not null check (length(reason) between 1 and 500),
        check (not locked_by ? lifted_by)
      );
      create index password_lock_lifts_customer_idx on password_lock_lifts (customer_id, lifted_at);
      `,
  },
  {
    id: '0007-customer-lookups',
    // Every customer look-up by caller number (Art. 5, 11), audited like the checks: who, when,
    // the number masked as the read-back shows it, and how many customers it matched.
    sql: `
      create table customer_lookups (
        id bigserial primary key,
        at timestamptz not null,
        agent_username text not null,
        mobile_masked text not null check (mobile_masked ~ '^1[3-9][0-9][*]{4}[0-9]{4}$'),
        matches integer not null check (matches >= 0)
      );
      create index customer_lookups_agent_idx on customer_lookups (agent_username, at);
    `,
  },
  {
    id: '0008-exception-follow-ups',
    // Art. 5(2): the exception procedure opens a follow-up case in the leads' call-back queue — a
    // lead calls the reserved mobile back. The records service opens it (no journal entry, no
    // device), once per session; an outage call-back still comes from its journal entry.
    sql: `
      alter table callbacks alter column entry_id drop not null;
      alter table callbacks alter column device_id drop not null;
      alter table callbacks add column kind text not null default 'outage'
        check (kind in ('outage', 'exception'));
      alter table callbacks add column session_id uuid unique references verification_sessions (id);
      alter table callbacks add constraint callbacks_kind_fields_check check (
        (kind = 'outage' and entry_id is not null and device_id is not null)
        or (kind = 'exception' and session_id is not null and customer_id is not null));
    `,
  },
  {
    id: '0009-intent-change',
    // Art. 4(2): the caller's business may change mid-call. The session keeps the password kinds
    // it proved before a change (Art. 6); each change is an event with its reason; a session may
    // ask a lead again for the new business (Art. 10), so approvals are one pending per session.
    sql: INTENT_CHANGE_SQL,
  },
  {
    id: '0010-fraud-emergency',
    // Art. 18: where the caller number came from (`pai` asserted by a trusted proxy, `from` the
    // From header; older sessions: nothing asserted them), and a fraud alert's emergency steps,
    // each once, with who and when (`done_by` null: the records service, at the suspension).
    sql: FRAUD_EMERGENCY_SQL,
  },
  {
    id: '0011-callback-alternative',
    // Art. 14: a customer who declines a step is recorded with what was offered (`decline`); the
    // call-back to the reserved mobile instead of the OTP records each dial and how it went. The
    // number itself is never stored here: it stays in `customers` (Art. 11).
    sql: CALLBACK_ALTERNATIVE_SQL,
  },
  {
    id: '0012-archive-retention',
    // Art. 11 look-up and retention (server/archive/): an auditor account reads the archive and
    // nothing else; every search is audited; archived rows younger than the retention (the
    // service's flag, newest setting wins) refuse DELETE and TRUNCATE, and the append-only ones
    // UPDATE too; seals hash-chain every archived row so a removal inside the period is provable.
    sql: ARCHIVE_RETENTION_SQL,
  },
  {
    id: '0013-floor',
    // Art. 10, 26: desk presence and its append-only state history (not sealed: staff
    // availability, not a call record; UPDATE and DELETE refused inside the retention all the
    // same), the queue's calls, and the push channel: alerts, approvals, call-backs, complaints
    // NOTIFY from triggers in the writing transaction (server/events/).
    sql: FLOOR_SQL,
  },
  {
    id: '0014-alert-workflow',
    // Art. 10, 11, 18: a lead acknowledges, assigns and resolves an alert; its state on the row
    // (which NOTIFYs alert.updated through its 0013 trigger), each action in the append-only,
    // sealed alert_actions (UPDATE, DELETE and TRUNCATE refused inside the retention).
    sql: ALERT_WORKFLOW_SQL,
  },
  {
    id: '0015-complaint-answers',
    // Art. 16: a lead assigns a complaint, answers it (what the customer was told and how) and
    // closes it; each action one append-only row with who and when, under retention and sealed
    // (Art. 11). The complaint's row moves open → answered → closed.
    sql: COMPLAINT_ACTIONS_SQL,
  },
  {
    id: '0016-rate-limits',
    // Rate limits (sign-in, checks, look-ups) counted in the database: instances behind one load
    // balancer share each client's budget (server/rate-limits/).
    sql: RATE_LIMITS_SQL,
  },
  {
    id: '0017-floor-history-by-time',
    // Art. 26: the floor's workload reads today's desk history by time, not by scanning it all.
    sql: FLOOR_HISTORY_BY_TIME_SQL,
  },
  {
    id: '0018-teams',
    // Art. 26: each account's team (leads too); the floor and the queue figures are a team's.
    sql: TEAMS_SQL,
  },
];

/** Applies what is missing, in order; returns the ids applied by this call. */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
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
        throw new Error(
          `database has migrations this build does not know (${unknown.join(', ')}); refusing to start`,
        );
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
