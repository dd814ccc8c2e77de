// The SQL of migration 0021 (server/migrations.ts): rollups of the indicators (Art. 22, 26) per
// agent and day (time to verify per month), so a month's dashboard adds up ~18,000 rows instead
// of scanning 1.55 M sessions.
// Rows are written only for settled days (server/indicators/rollup.ts), once, by whichever
// instance gets there first. Like every migration it is never edited once shipped.
import { VERIFY_BUCKETS } from '../../common/policy/indicator-totals.js';

/** `b00` … `b63`: the time-to-verify histogram's buckets (common/policy/indicator-totals.ts). */
export const BUCKET_COLUMNS = Array.from(
  { length: VERIFY_BUCKETS },
  (_, i) => `b${String(i).padStart(2, '0')}`,
);

export const INDICATORS_SQL = `
      -- A day's sessions by time (the rollup of one day reads one day), alerts by time (risk).
      create index verification_sessions_created_idx on verification_sessions (created_at);
      create index alerts_raised_idx on alerts (raised_at);
      -- Fraud confirmed is read live (a lead resolves the alert later): the few fraud alerts.
      create index alerts_fraud_raised_idx on alerts (raised_at) where kind = 'fraud-suspected';
      -- The few training sessions, so "not training" costs a small anti-join, not a scan.
      create index verification_sessions_training_idx on verification_sessions (created_at)
        include (id, call_id) where training;

      -- One row per agent and settled day of the centre's time zone (the zone is part of the key:
      -- a policy naming another zone rolls up afresh). Sums only; see server/README.md for what
      -- each counts.
      create table indicator_agent_days (
        time_zone text not null,
        day date not null,
        agent_username text not null,
        calls integer not null,
        verified integer not null,
        rated integer not null,
        rated_high integer not null,
        declined integer not null,
        no_answer integer not null,
        handled integer not null,
        handle_ms bigint not null,
        talk_ms bigint not null,
        break_ms bigint not null,
        available_ms bigint not null,
        -- Alerts raised that day by the agent acting (a raised alert never changes).
        fraud_suspected integer not null,
        over_permission integer not null,
        exceptions integer not null,
        locks integer not null,
        primary key (time_zone, day, agent_username)
      );

      -- Time to verify of the month's rolled-up days' verified calls per agent and business type:
      -- a fixed-bucket histogram (one column per bucket) and the longest time. Each day adds its
      -- calls once, in the transaction that marks it done, so a month reads 2,500 rows, not 77,500.
      create table indicator_verify_months (
        time_zone text not null,
        month date not null check (extract(day from month) = 1),
        agent_username text not null,
        business_type text not null,
        n integer not null,
        max_ms bigint not null,
        ${BUCKET_COLUMNS.map((c) => `${c} integer not null`).join(', ')},
        primary key (time_zone, month, agent_username, business_type)
      );

      -- A day rolled up (also when nobody worked): its rows above are complete and final.
      create table indicator_days_done (
        time_zone text not null,
        day date not null,
        rolled_up_at timestamptz not null,
        primary key (time_zone, day)
      );

      -- Accuracy's counts per agent and review day (review_queue.day: the call's day in the
      -- centre's zone), kept by the transaction that records a review: reviews come days after
      -- the call, so they cannot wait for a day to settle. session_reviews is append-only, so
      -- counting each insert once is exact; a review of a training session counts nowhere.
      create table indicator_review_days (
        day date not null,
        agent_username text not null,
        reviewed integer not null,
        correct integer not null,
        primary key (day, agent_username)
      );
      create or replace function indicator_review_count() returns trigger language plpgsql as $$
      begin
        insert into indicator_review_days as d (day, agent_username, reviewed, correct)
        select q.day, q.agent_username, 1, new.correct::int from review_queue q
         where q.session_id = new.session_id
           and not exists (select 1 from verification_sessions s
                            where s.id = q.session_id and s.training)
        on conflict (day, agent_username) do update
          set reviewed = d.reviewed + 1, correct = d.correct + excluded.correct;
        return null;
      end
      $$;
      create trigger session_reviews_indicators after insert on session_reviews
        for each row execute function indicator_review_count();
      insert into indicator_review_days (day, agent_username, reviewed, correct)
      select q.day, q.agent_username, count(*), count(*) filter (where r.correct)
        from review_queue q join session_reviews r on r.session_id = q.session_id
       where not exists (select 1 from verification_sessions s
                          where s.id = q.session_id and s.training)
       group by q.day, q.agent_username;
`;
