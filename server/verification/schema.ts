// The SQL of the verification migrations 0003, 0009 and 0011 (server/migrations.ts), kept for size:
// like every migration it has shipped once applied and is never edited — change the schema with a
// new migration. Runs on PGlite and PostgreSQL alike.

/** 0003: the verification session, its events, passcodes, approvals (Art. 5–8, 10, 14, 18). */
export const VERIFICATION_SQL = `
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
    `;

/** 0009: Art. 4(2) intent change — proven password kinds, `business` events, approvals again. */
export const INTENT_CHANGE_SQL = `
      alter table verification_sessions add column passwords_proven jsonb not null default '[]'
        check (jsonb_typeof(passwords_proven) = 'array');
      alter table verification_events drop constraint verification_events_step_check;
      alter table verification_events add constraint verification_events_step_check
        check (step in ('basic', 'password', 'password-forgotten', 'otp-send', 'otp', 'method',
                        'approval-request', 'approval-decision', 'confirmation', 'fraud',
                        'business'));
      alter table verification_approvals drop constraint verification_approvals_session_id_key;
      create unique index verification_approvals_pending_idx on verification_approvals (session_id)
        where status = 'pending';
`;

/** 0011: Art. 14 declines and the call-back to the reserved mobile (never its number). */
export const CALLBACK_ALTERNATIVE_SQL = `
      alter table verification_events drop constraint verification_events_step_check;
      alter table verification_events add constraint verification_events_step_check check (
        step in ('basic', 'password', 'password-forgotten', 'otp-send', 'otp', 'method',
                 'approval-request', 'approval-decision', 'confirmation', 'fraud',
                 'business', 'decline', 'callback-dial', 'callback'));
      create table verification_callbacks (
        id uuid primary key,
        session_id uuid not null references verification_sessions (id),
        customer_id uuid not null references customers (id),
        dialled_by text not null,
        dialled_at timestamptz not null,
        expires_at timestamptz not null check (expires_at > dialled_at),
        -- The desk's report: the new call's id and whether the reserved mobile answered.
        call_id text check (length(call_id) between 1 and 128),
        outcome text check (outcome in ('answered', 'not-answered')),
        reported_at timestamptz,
        check ((outcome is null) = (reported_at is null)),
        check ((outcome is null) = (call_id is null))
      );
      create index verification_callbacks_session_idx on verification_callbacks (session_id, dialled_at);
`;

/**
 * 0026: the indexes every check's session view and the fraud notice read by. The view takes a
 * session's latest approval request (verification_approvals had an index by session for pending
 * requests only); the fraud notice and the emergency procedure take a session's fraud alert.
 */
export const CHECK_INDEXES_SQL = `
      create index verification_approvals_session_idx
        on verification_approvals (session_id, requested_at);
      create index alerts_session_idx on alerts (session_id, raised_at) where session_id is not null;
`;
