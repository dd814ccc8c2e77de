// The SQL of the verification migrations 0009 and 0011 (server/migrations.ts), kept here for size:
// like every migration it has shipped once applied and is never edited — change the schema with a
// new migration. Runs on PGlite and PostgreSQL alike.

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
