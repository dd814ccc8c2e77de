// The team's calls in SQL: each report (a desk's, or a PBX ACD adapter's) moves one call on, the
// same way whoever sends it and in whatever order they arrive. An answer wins over everything, an
// abandon over a miss; the first arrival and the first answer stand. Pushes `queue.changed`.
// A desk names no queue: its call is counted in the reporting agent's team's queue.
import type { QueueEvent } from '../../common/floor-api.js';
import type { Queryable } from '../db.js';
import { notifyEvent } from '../events/bus.js';
import { teamOf } from '../floor/teams.js';
import type { QueueCallRow } from './stats.js';

/** The queue of a desk's report from an agent in no team (before teams existed, the only one). */
export const NO_TEAM_QUEUE = 'team';

const UPSERT: Record<QueueEvent['kind'], string> = {
  arrived: `insert into queue_calls (call_id, queue, arrived_at) values ($1, $2, $3)
    on conflict (call_id) do update set arrived_at = least(queue_calls.arrived_at, $3)`,
  answered: `insert into queue_calls (call_id, queue, arrived_at, answered_at, answered_by, ended_at, outcome)
    values ($1, $2, $3, $3, $4, $3, 'answered')
    on conflict (call_id) do update set
      answered_at = coalesce(queue_calls.answered_at, $3),
      answered_by = coalesce(queue_calls.answered_by, $4),
      ended_at = coalesce(queue_calls.answered_at, $3),
      outcome = 'answered'`,
  abandoned: `insert into queue_calls (call_id, queue, arrived_at, ended_at, outcome)
    values ($1, $2, $3, $3, 'abandoned')
    on conflict (call_id) do update set
      ended_at = case when queue_calls.outcome = 'answered' then queue_calls.ended_at else $3 end,
      outcome = case when queue_calls.outcome = 'answered' then 'answered' else 'abandoned' end`,
  missed: `insert into queue_calls (call_id, queue, arrived_at, ended_at, outcome)
    values ($1, $2, $3, $3, 'missed')
    on conflict (call_id) do update set
      ended_at = coalesce(queue_calls.ended_at, $3),
      outcome = coalesce(queue_calls.outcome, 'missed')`,
};

export async function recordQueueEvents(
  tx: Queryable,
  events: readonly QueueEvent[],
  reporter: string,
): Promise<void> {
  // Events without a queue (a desk's) go to the reporter's team's queue: looked up once.
  const unnamed = events.some((e) => e.queue === undefined);
  const own = (unnamed ? await teamOf(tx, reporter) : null) ?? NO_TEAM_QUEUE;
  for (const event of events) {
    const params: unknown[] = [event.callId, event.queue ?? own, new Date(event.at)];
    if (event.kind === 'answered') params.push(reporter);
    await tx.query(UPSERT[event.kind], params);
  }
  await notifyEvent(tx, 'queue.changed', null, null);
}

/** Calls that arrived since `from` in one queue (a team's name; null: every queue). */
export async function callsSince(
  tx: Queryable,
  from: Date,
  queue: string | null = null,
): Promise<QueueCallRow[]> {
  const { rows } = await tx.query<QueueCallRow>(
    `select arrived_at, answered_at, ended_at, outcome from queue_calls
      where arrived_at >= $1 and ($2::text is null or queue = $2)
        -- Art. 9: a training call is never a queue figure, even if a desk reported one.
        and not exists (select 1 from verification_sessions s
                         where s.training and s.call_id = queue_calls.call_id)
      order by arrived_at`,
    [from, queue],
  );
  return rows;
}
