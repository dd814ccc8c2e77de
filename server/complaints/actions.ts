// What leads do with complaints (Art. 16), in the database: the lead's queue (deadline, overdue,
// assignment, latest answer, people by name), one append-only `complaint_actions` row per assign,
// answer and close, and the counts by category for a month. Masked references only (Art. 11).
import { randomUUID } from 'node:crypto';
import type { ComplaintCounts, ComplaintItem } from '../../common/complaints-api.js';
import type { ComplaintChannel } from '../../common/policy.js';
import type { Queryable } from '../db.js';

type Row = Record<string, string | Date | boolean | null>;
const iso = (v: unknown) =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

// The latest assign and answer of each complaint, and every person's name.
const ITEM_SQL = `
  select c.id, c.entry_id, c.device_id, c.call_id, c.customer_id, c.customer_ref, c.category,
         c.summary, c.recorded_at, c.recorded_by, c.respond_by, c.status, c.closed_at, c.closed_by,
         c.answer, (c.status <> 'closed' and c.respond_by < $1) as overdue,
         rb.name as recorded_by_name, cb.name as closed_by_name,
         asg.assignee, asa.name as assignee_name,
         ans.response, ans.told_by, ans.at as answered_at, ansa.name as answered_by_name
    from complaints c
    left join agents rb on rb.username = c.recorded_by
    left join agents cb on cb.username = c.closed_by
    left join lateral (select assignee from complaint_actions a
       where a.complaint_id = c.id and a.action = 'assign' order by a.at desc, a.id desc limit 1)
       asg on true
    left join agents asa on asa.username = asg.assignee
    left join lateral (select response, told_by, at, by_username from complaint_actions a
       where a.complaint_id = c.id and a.action = 'answer' order by a.at desc, a.id desc limit 1)
       ans on true
    left join agents ansa on ansa.username = ans.by_username`;

const toItem = (r: Row): ComplaintItem => ({
  id: String(r.id),
  entryId: String(r.entry_id),
  deviceId: String(r.device_id),
  callId: str(r.call_id),
  customerId: str(r.customer_id),
  customerRef: str(r.customer_ref),
  category: String(r.category),
  summary: String(r.summary),
  recordedAt: iso(r.recorded_at)!,
  recordedBy: str(r.recorded_by),
  recordedByName: str(r.recorded_by_name),
  respondBy: iso(r.respond_by)!,
  status: r.status as ComplaintItem['status'],
  overdue: r.overdue === true,
  closedAt: iso(r.closed_at),
  closedBy: str(r.closed_by),
  closedByName: str(r.closed_by_name),
  answer: str(r.answer),
  assignedTo: str(r.assignee),
  assignedToName: str(r.assignee_name),
  response: str(r.response),
  toldBy: str(r.told_by) as ComplaintChannel | null,
  answeredAt: iso(r.answered_at),
  answeredByName: str(r.answered_by_name),
});

export type ComplaintFilter = 'open' | 'answered' | 'closed' | 'active' | undefined;

/**
 * A page of the queue. Not closed: overdue first, then earliest deadline (Art. 16); closed:
 * newest closed first; every status: earliest deadline first. One more row than asked says
 * whether a next page exists.
 */
export async function listComplaintItems(
  db: Queryable,
  q: { status?: ComplaintFilter; limit: number; offset: number; now: Date },
): Promise<{ complaints: ComplaintItem[]; nextOffset: number | null }> {
  const where =
    q.status === undefined
      ? 'true'
      : q.status === 'active'
        ? `c.status <> 'closed'`
        : 'c.status = $4';
  const order =
    q.status === 'closed'
      ? 'c.closed_at desc, c.id'
      : `(c.status <> 'closed' and c.respond_by < $1) desc, c.respond_by, c.id`;
  const params: unknown[] = [q.now, q.limit + 1, q.offset];
  if (where.includes('$4')) params.push(q.status);
  const { rows } = await db.query<Row>(
    `${ITEM_SQL} where ${where} order by ${order} limit $2 offset $3`,
    params,
  );
  const more = rows.length > q.limit;
  return {
    complaints: rows.slice(0, q.limit).map(toItem),
    nextOffset: more ? q.offset + q.limit : null,
  };
}

export async function complaintItem(
  db: Queryable,
  id: string,
  now: Date,
): Promise<ComplaintItem | undefined> {
  const { rows } = await db.query<Row>(`${ITEM_SQL} where c.id = $2`, [now, id]);
  return rows[0] ? toItem(rows[0]) : undefined;
}

/** The complaint's status, locked for this transaction (two leads act one after the other). */
export async function lockComplaint(
  tx: Queryable,
  id: string,
): Promise<ComplaintItem['status'] | undefined> {
  const { rows } = await tx.query<{ status: ComplaintItem['status'] }>(
    'select status from complaints where id = $1 for update',
    [id],
  );
  return rows[0]?.status;
}

export interface ComplaintAction {
  complaintId: string;
  action: 'assign' | 'answer' | 'close';
  at: Date;
  by: string;
  assignee?: string;
  response?: string;
  toldBy?: ComplaintChannel | null;
}

export async function recordAction(tx: Queryable, a: ComplaintAction): Promise<void> {
  await tx.query(
    `insert into complaint_actions (id, complaint_id, action, at, by_username, assignee, response, told_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      randomUUID(),
      a.complaintId,
      a.action,
      a.at,
      a.by,
      a.assignee ?? null,
      a.response ?? null,
      a.toldBy ?? null,
    ],
  );
}

export async function setStatus(
  tx: Queryable,
  id: string,
  status: 'answered' | 'closed',
  close?: { at: Date; by: string; answer: string },
): Promise<void> {
  if (status === 'answered') {
    await tx.query(`update complaints set status = 'answered' where id = $1`, [id]);
    return;
  }
  await tx.query(
    `update complaints set status = 'closed', closed_at = $2, closed_by = $3, answer = $4
      where id = $1`,
    [id, close!.at, close!.by, close!.answer],
  );
}

/** The latest answer's text, if any. */
export async function latestResponse(tx: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ response: string }>(
    `select response from complaint_actions where complaint_id = $1 and action = 'answer'
      order by at desc, id desc limit 1`,
    [id],
  );
  return rows[0]?.response;
}

/** Enabled agents who may take a complaint (the tiers that approve, Art. 10), by name. */
export async function assignableLeads(
  db: Queryable,
  tiers: readonly string[],
): Promise<{ username: string; name: string }[]> {
  const { rows } = await db.query<{ username: string; name: string }>(
    `select username, name from agents where not disabled and tier = any($1::text[])
      order by name, username`,
    [tiers],
  );
  return rows;
}

/** Complaints made in [from, to) by category, most first (Art. 16: feedback is analysed). */
export async function countsByCategory(
  db: Queryable,
  from: Date,
  to: Date,
  now: Date,
): Promise<Pick<ComplaintCounts, 'total' | 'categories'>> {
  const { rows } = await db.query<Record<string, string | number>>(
    `select category, count(*)::int as total,
            (count(*) filter (where status = 'open'))::int as open,
            (count(*) filter (where status = 'answered'))::int as answered,
            (count(*) filter (where status = 'closed'))::int as closed,
            (count(*) filter (where status <> 'closed' and respond_by < $3))::int as overdue
       from complaints where recorded_at >= $1 and recorded_at < $2
      group by category order by total desc, category`,
    [from, to, now],
  );
  const categories = rows.map((r) => ({
    category: String(r.category),
    total: Number(r.total),
    open: Number(r.open),
    answered: Number(r.answered),
    closed: Number(r.closed),
    overdue: Number(r.overdue),
  }));
  return { total: categories.reduce((n, c) => n + c.total, 0), categories };
}
