// The SQL of the complaint migrations 0006 and 0015 (server/migrations.ts), kept here for size;
// never edited once shipped. 0015: what leads do with a complaint (Art. 16) — assign, answer (what
// the customer was told and how), close — one append-only row each, under retention and sealed
// whole (Art. 11); the complaint's own row only changes status (its seal covers what never
// changes).

/** 0006: a complaint answered and closed (Art. 16); each password lock a lead lifts (Art. 6). */
export const COMPLAINT_ANSWERS_AND_LOCK_LIFTS_SQL = `
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
      `;

export const COMPLAINT_ACTIONS_SQL = `
      create table complaint_actions (
        id uuid primary key,
        complaint_id uuid not null references complaints (id),
        action text not null check (action in ('assign', 'answer', 'close')),
        at timestamptz not null,
        by_username text not null,
        assignee text,
        response text check (response is null or length(response) between 1 and 2000),
        told_by text check (told_by is null
          or told_by in ('phone', 'sms', 'letter', 'email', 'in-person', 'app')),
        check ((action = 'assign') = (assignee is not null)),
        check ((action = 'answer') = (response is not null)),
        check (told_by is null or action = 'answer')
      );
      create index complaint_actions_complaint_idx on complaint_actions (complaint_id, at, id);
      create index complaints_recorded_idx on complaints (recorded_at);

      create trigger complaint_actions_retention before update or delete on complaint_actions
        for each row execute function archive_refuse_change('at');
      create trigger complaint_actions_retention_truncate before truncate on complaint_actions
        for each statement execute function archive_refuse_change('at');
`;
