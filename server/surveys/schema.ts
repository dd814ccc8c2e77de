// The SQL of migration 0019 (server/migrations.ts): the keypad satisfaction survey (Art. 22) and
// the training mark every indicator filters on. Like every migration it has shipped once applied
// and is never edited — change the schema with a new migration.

/** 0019: one survey answer per session, append-only; training sessions marked. */
export const SURVEY_SQL = `
      -- Training calls never count in an indicator or report (Art. 9, 22).
      alter table verification_sessions add column training boolean not null default false;

      -- The customer's answer to the keypad survey once the business is done (Art. 22): a rating
      -- 1–5, declined, or no key within the window. One per session; never rewritten.
      create table session_surveys (
        session_id uuid primary key references verification_sessions (id),
        call_id text not null check (length(call_id) between 1 and 128),
        agent_username text not null,
        outcome text not null check (outcome in ('rated', 'declined', 'no-answer')),
        rating smallint check (rating between 1 and 5),
        recorded_at timestamptz not null,
        check ((outcome = 'rated') = (rating is not null))
      );
      create index session_surveys_recorded_idx on session_surveys (recorded_at);
      create trigger session_surveys_append_only before update or delete on session_surveys
        for each row execute function archive_refuse_change('recorded_at');
`;
