// The SQL of the alert migrations 0002, 0010 and 0014 (server/migrations.ts), kept here for size:
// like every migration it has shipped once applied and is never edited. Runs on PGlite and
// PostgreSQL alike.

/** 0002: what a supervisor must look at (Art. 6, 10, 11, 18); never deleted. */
export const ALERTS_SQL = `
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
    `;

/** 0010: Art. 18 — the caller ID's source on the session, the fraud alert's emergency steps. */
export const FRAUD_EMERGENCY_SQL = `
      alter table verification_sessions add column caller_id_source text not null default 'from'
        check (caller_id_source in ('pai', 'from'));
      create table alert_emergency_steps (
        alert_id uuid not null references alerts (id),
        step text not null check (step in ('customer-informed', 'business-suspended',
                                           'reported-to-police', 'customer-contacted')),
        done_at timestamptz not null,
        done_by text,
        police_case_number text check (length(police_case_number) between 1 and 64),
        note text check (length(note) between 1 and 500),
        primary key (alert_id, step),
        check ((step = 'reported-to-police') = (police_case_number is not null)),
        check ((step = 'business-suspended') = (done_by is null))
      );
`;

/**
 * 0014: the lead's work on an alert. `alerts` keeps the current state (it is sealed by identity
 * only, so new columns leave every seal digest as it was); `alert_actions` is the append-only,
 * sealed history of each acknowledge, assign and resolve with who and when.
 */
export const ALERT_WORKFLOW_SQL = `
      alter table alerts add column assigned_to text;
      alter table alerts add column resolved_at timestamptz;
      alter table alerts add column outcome text
        check (outcome in ('handled', 'false-alarm', 'duplicate', 'escalated'));
      alter table alerts add constraint alerts_resolved_check
        check ((resolved_at is null) = (outcome is null));
      create index alerts_unresolved_idx on alerts (raised_at) where resolved_at is null;
      create table alert_actions (
        id uuid primary key,
        alert_id uuid not null references alerts (id),
        action text not null check (action in ('acknowledged', 'assigned', 'resolved')),
        at timestamptz not null,
        by_username text not null,
        assigned_to text,
        outcome text check (outcome in ('handled', 'false-alarm', 'duplicate', 'escalated')),
        note text check (length(note) between 1 and 500),
        check ((action = 'assigned') = (assigned_to is not null)),
        check ((action = 'resolved') = (outcome is not null))
      );
      create index alert_actions_alert_idx on alert_actions (alert_id, at);
      -- Art. 11 retention, as migration 0012 guards the other append-only archived tables.
      create trigger alert_actions_retention before update or delete on alert_actions
        for each row execute function archive_refuse_change('at');
      create trigger alert_actions_retention_truncate before truncate on alert_actions
        for each statement execute function archive_refuse_change('at');
`;
