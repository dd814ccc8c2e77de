// One call's whole archived timeline (Art. 11): its verification sessions, every check and action
// recorded on them, the lead's approvals, the alerts they raised, the desk's journal entries, and
// the call-backs and complaints opened — oldest first. Numbers only masked, as stored.
import type { TimelineItem } from '../../common/archive-api.js';
import { maskCaller } from '../../common/phone-number.js';
import type { Queryable } from '../db.js';

type Details = TimelineItem['details'];
type Detail = Details[string];

const iso = (at: Date | string) => new Date(at).toISOString();

/** Journal data is flat and masked at the desk; anything nested is shown as its JSON text. */
function flat(data: Record<string, unknown>): Details {
  const out: Details = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] =
      value === null || ['string', 'number', 'boolean'].includes(typeof value)
        ? (value as Detail)
        : JSON.stringify(value);
  }
  return out;
}

const item = (
  at: Date | string,
  source: TimelineItem['source'],
  id: string,
  sessionId: string | null,
  agent: string | null,
  what: string,
  details: Details = {},
): TimelineItem => ({ at: iso(at), source, id, sessionId, agent, what, details });

async function sessionItems(db: Queryable, callId: string): Promise<TimelineItem[]> {
  const sessions = await db.query<{
    id: string;
    agent_username: string;
    agent_tier: string;
    caller_number: string;
    business_type: string;
    customer_id: string | null;
    status: string;
    approval: string;
    created_at: Date;
    updated_at: Date;
  }>(
    `select id, agent_username, agent_tier, caller_number, business_type, customer_id, status,
            approval, created_at, updated_at
       from verification_sessions where call_id = $1`,
    [callId],
  );
  const items = sessions.rows.map((s) =>
    item(s.created_at, 'session', s.id, s.id, s.agent_username, 'opened', {
      tier: s.agent_tier,
      caller: maskCaller(s.caller_number),
      businessType: s.business_type,
      customerId: s.customer_id,
      status: s.status,
      approval: s.approval,
      updatedAt: iso(s.updated_at),
    }),
  );
  const ids = sessions.rows.map((s) => s.id);
  if (ids.length === 0) return items;
  const events = await db.query<{
    id: string;
    session_id: string;
    at: Date;
    agent_username: string;
    step: string;
    outcome: string;
    note: string | null;
  }>(
    `select id::text as id, session_id, at, agent_username, step, outcome, note
       from verification_events where session_id = any($1::uuid[])`,
    [ids],
  );
  for (const e of events.rows)
    items.push(
      item(e.at, 'event', e.id, e.session_id, e.agent_username, `${e.step}: ${e.outcome}`, {
        step: e.step,
        outcome: e.outcome,
        note: e.note,
      }),
    );
  const approvals = await db.query<{
    id: string;
    session_id: string;
    reasons: string[];
    requested_by: string;
    requested_at: Date;
    note: string | null;
    status: string;
    decided_by: string | null;
    decided_at: Date | null;
    decision_reason: string | null;
  }>('select * from verification_approvals where session_id = any($1::uuid[])', [ids]);
  for (const a of approvals.rows) {
    items.push(
      item(a.requested_at, 'approval', a.id, a.session_id, a.requested_by, 'requested', {
        reasons: a.reasons.join(', '),
        note: a.note,
      }),
    );
    if (a.decided_at)
      items.push(
        item(a.decided_at, 'approval', a.id, a.session_id, a.decided_by, a.status, {
          reason: a.decision_reason,
        }),
      );
  }
  const alerts = await db.query<{
    id: string;
    kind: string;
    raised_at: Date;
    agent_username: string | null;
    session_id: string;
    reasons: string[];
    acknowledged_at: Date | null;
    acknowledged_by: string | null;
  }>(
    `select id, kind, raised_at, agent_username, session_id, reasons, acknowledged_at,
            acknowledged_by
       from alerts where session_id = any($1::uuid[])`,
    [ids],
  );
  for (const a of alerts.rows)
    items.push(
      item(a.raised_at, 'alert', a.id, a.session_id, a.agent_username, a.kind, {
        reasons: a.reasons.join(', '),
        acknowledgedAt: a.acknowledged_at ? iso(a.acknowledged_at) : null,
        acknowledgedBy: a.acknowledged_by,
      }),
    );
  return items;
}

async function deskItems(db: Queryable, callId: string): Promise<TimelineItem[]> {
  const entries = await db.query<{
    id: string;
    device_id: string;
    seq: string;
    type: string;
    at: Date;
    agent: string | null;
    data: Record<string, unknown>;
    hash: string;
  }>(
    `select id, device_id, seq::text as seq, type, at, agent, data, hash
       from journal_entries where call_id = $1`,
    [callId],
  );
  const items = entries.rows.map((j) =>
    item(j.at, 'journal', j.id, null, j.agent, j.type, {
      ...flat(j.data),
      deviceId: j.device_id,
      seq: Number(j.seq),
      hash: j.hash,
    }),
  );
  const queues = await db.query<{
    source: 'callback' | 'complaint';
    id: string;
    at: Date;
    session_id: string | null;
    by: string | null;
    status: string;
    ref: string | null;
  }>(
    `select 'callback' as source, id, requested_at as at, session_id, requested_by as by, status,
            customer_ref as ref
       from callbacks
      where call_id = $1 or session_id in (select id from verification_sessions where call_id = $1)
     union all
     select 'complaint', id, recorded_at, null, recorded_by, status, customer_ref
       from complaints where call_id = $1`,
    [callId],
  );
  for (const q of queues.rows)
    items.push(item(q.at, q.source, q.id, q.session_id, q.by, q.status, { customerRef: q.ref }));
  return items;
}

/** Usernames the items name — who acted, and who acknowledged an alert — to look names up. */
export function timelinePeople(items: readonly TimelineItem[]): string[] {
  return items.flatMap((i) => {
    const by = i.details.acknowledgedBy;
    return [i.agent, typeof by === 'string' ? by : null].filter((u): u is string => !!u);
  });
}

/** Every archived record of the call, oldest first (ties: sessions before what they hold). */
export async function callTimeline(db: Queryable, callId: string): Promise<TimelineItem[]> {
  const order = ['session', 'event', 'approval', 'alert', 'journal', 'callback', 'complaint'];
  const items = [...(await sessionItems(db, callId)), ...(await deskItems(db, callId))];
  return items.sort(
    (a, b) =>
      a.at.localeCompare(b.at) ||
      order.indexOf(a.source) - order.indexOf(b.source) ||
      a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
}
