// The SQL of migration 0010 (server/migrations.ts), kept here for size: like every migration it has
// shipped once applied and is never edited. Runs on PGlite and PostgreSQL alike.

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
