// The SQL of migration 0015 (server/migrations.ts), kept here for size: what leads do with a
// complaint (Art. 16) — assign, answer (what the customer was told and how), close — one
// append-only row each, under retention and sealed whole (Art. 11); never edited once shipped.
// The complaint's own row only changes status (its seal covers what never changes).

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
