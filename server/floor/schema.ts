// The SQL of migration 0013 (server/migrations.ts), kept here for size: desk presence and its
// append-only history (Art. 26), the queue's calls, and the push channel — one NOTIFY channel per
// schema, fired in the writing transaction so a rolled-back write pushes nothing. Like every
// migration it is never edited once shipped. Runs on PGlite and PostgreSQL alike.

/** Tables leads must see change, and the event each write pushes (kind prefix, id, username). */
const PUSHED: readonly (readonly [string, string, string, string])[] = [
  ['alerts', 'alert', 'new.id::text', 'new.agent_username'],
  ['verification_approvals', 'approval', 'new.id::text', 'new.requested_by'],
  ['callbacks', 'callback', 'new.id::text', 'null'],
  ['complaints', 'complaint', 'new.id::text', 'null'],
  ['alert_emergency_steps', 'alert', 'new.alert_id::text', 'null'],
];

const NEW_KIND: Record<string, string> = {
  alert: 'raised',
  approval: 'requested',
  callback: 'opened',
  complaint: 'opened',
};
const CHANGED_KIND: Record<string, string> = {
  alert: 'updated',
  approval: 'decided',
  callback: 'updated',
  complaint: 'updated',
};

const pushTrigger = ([table, prefix, id, username]: (typeof PUSHED)[number]) => {
  // A new emergency step is a change of its alert, not a new alert.
  const onInsert = table === 'alert_emergency_steps' ? CHANGED_KIND[prefix] : NEW_KIND[prefix];
  return `
      create or replace function ${table}_push() returns trigger language plpgsql as $$
      begin
        perform desk_event_notify(
          case when TG_OP = 'INSERT' then '${prefix}.${onInsert}' else '${prefix}.${CHANGED_KIND[prefix]}' end,
          ${id}, ${username});
        return null;
      end
      $$;
      create trigger ${table}_push after insert or update on ${table}
        for each row execute function ${table}_push();`;
};

export const FLOOR_SQL = `
      -- One channel per schema (test suites share a database, each in its own schema).
      create or replace function desk_events_channel() returns text language sql stable as $$
        select case when current_schema() = 'public' then 'agent_desk_events'
                    else 'agent_desk_events_' || left(md5(current_schema()), 16) end
      $$;
      -- Kinds and ids only (Art. 11): clients re-fetch the details with their own permissions.
      create or replace function desk_event_notify(kind text, id text, username text)
        returns void language sql volatile as $$
        select pg_notify(desk_events_channel(),
          json_build_object('kind', kind, 'id', id, 'username', username)::text)
      $$;
${PUSHED.map(pushTrigger).join('')}

      -- Each desk's current state (Art. 26): one row per agent, rewritten by every report and
      -- heartbeat. Offline is derived from last_seen_at, so every instance answers the same.
      create table desk_presence (
        username text primary key references agents (username),
        device_id text not null,
        state text not null check (state in
          ('ready', 'not-ready', 'break', 'wrap-up', 'ringing', 'on-call', 'signed-out')),
        reason text,
        since timestamptz not null,
        -- The current call, masked (common/floor-api.ts DeskCall); null when none.
        call jsonb check (call is null or jsonb_typeof(call) = 'object'),
        connectivity text not null check (connectivity in ('online', 'degraded', 'offline')),
        backlog integer not null check (backlog >= 0),
        last_seen_at timestamptz not null,
        -- Set when an instance pushed "went offline", so exactly one does; cleared by a report.
        offline_pushed_at timestamptz,
        -- A lead's not-ready order the desk has not reported back yet.
        set_by text,
        check ((state = 'not-ready') = (reason is not null))
      );
      create index desk_presence_seen_idx on desk_presence (last_seen_at)
        where offline_pushed_at is null;

      -- Every state change, append-only: workload today and the next indicators come from here.
      create table desk_state_history (
        id bigserial primary key,
        username text not null,
        at timestamptz not null,
        state text not null,
        reason text,
        call_id text,
        -- null: the desk reported it; else the lead who ordered it (Art. 10), with the note.
        set_by text,
        note text check (note is null or length(note) between 1 and 500)
      );
      create index desk_state_history_user_idx on desk_state_history (username, at);
      create trigger desk_state_history_append_only before update or delete on desk_state_history
        for each row execute function archive_refuse_change('at');

      -- The team's calls, one row each, from desks' reports or a PBX's ACD adapter.
      create table queue_calls (
        call_id text primary key,
        queue text not null,
        arrived_at timestamptz not null,
        answered_at timestamptz,
        answered_by text,
        ended_at timestamptz,
        outcome text check (outcome in ('answered', 'abandoned', 'missed')),
        check ((outcome = 'answered') = (answered_at is not null))
      );
      create index queue_calls_arrived_idx on queue_calls (arrived_at);
`;

/**
 * Migration 0020: today's history rows for the whole floor by time. Without it the floor's
 * workload scans every earlier day's rows (2 million rows: 300 ms a read).
 */
export const FLOOR_HISTORY_BY_TIME_SQL = `
      create index desk_state_history_at_idx on desk_state_history (at);
`;
