// The SQL of migration 0020 (server/migrations.ts): the quality review of sampled sessions
// (Art. 19) that verification accuracy is measured from (Art. 22). Like every migration it has
// shipped once applied and is never edited — change the schema with a new migration.

/** 0020: the review queue (what was sampled and why) and the reviews, append-only. */
export const REVIEW_SQL = `
      -- A completed session drawn for review: at random (seeded, reproducible) or because it needed
      -- an approval, hit an exception or fraud, or was stepped up. \`day\` is the session's day in
      -- the call centre's time zone: accuracy is counted in the month of the call.
      create table review_queue (
        session_id uuid primary key references verification_sessions (id),
        day date not null,
        agent_username text not null,
        reasons jsonb not null check (jsonb_typeof(reasons) = 'array' and jsonb_array_length(reasons) > 0),
        sampled_at timestamptz not null
      );
      create index review_queue_day_idx on review_queue (day, agent_username);
      create trigger review_queue_append_only before update or delete on review_queue
        for each row execute function archive_refuse_change('sampled_at');

      -- A lead's review of one sampled session (never of their own call): each step marked correct
      -- or incorrect with a reason from the list and a note. \`correct\`: every step correct.
      create table session_reviews (
        session_id uuid primary key references review_queue (session_id),
        reviewer text not null,
        reviewed_at timestamptz not null,
        correct boolean not null,
        steps jsonb not null check (jsonb_typeof(steps) = 'array' and jsonb_array_length(steps) > 0),
        note text check (note is null or length(note) between 1 and 1000)
      );
      create index session_reviews_reviewed_idx on session_reviews (reviewed_at);
      create trigger session_reviews_append_only before update or delete on session_reviews
        for each row execute function archive_refuse_change('reviewed_at');
`;
