// Searching the archive by call (Art. 11 look-up): a call is every archived record that carries
// its call id — verification sessions and desk journal entries. Filters: agent, customer (id or a
// masked identifier), call id, start time, outcome (the last session's status); newest first,
// paged by an opaque cursor over (start, call id). Customers come back masked.
import type { ArchivedCall, ArchiveSearchQuery } from '../../common/archive-api.js';
import type { SessionStatus } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { maskCustomer, type CustomerRow } from '../customers/mask.js';

interface Cursor {
  at: string;
  callId: string;
}

export const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.at, c.callId]), 'utf8').toString('base64url');

export function decodeCursor(text: string): Cursor {
  try {
    const [at, callId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof callId === 'string' && !Number.isNaN(Date.parse(at)))
      return { at, callId };
  } catch {
    // reported below
  }
  throw new AppError('bad-request', 'cursor: not one this service gave; start from the first page');
}

/** The customers a search names, and a LIKE pattern for masked references the desk journaled. */
async function customerCriteria(
  db: Queryable,
  customer: string,
): Promise<{ ids: string[]; refPattern: string | null }> {
  if (customer.includes('-')) return { ids: [customer.toLowerCase()], refPattern: null };
  let where: string;
  let param: string;
  let refPattern: string | null = null;
  if (/^[0-9]{4}$/.test(customer)) {
    where = 'right(mobile, 4) = $1';
    param = customer;
    refPattern = `%${customer}`;
  } else if (customer.startsWith('1') && customer.length === 11) {
    where = 'left(mobile, 3) = $1 and right(mobile, 4) = $2';
    param = customer;
    refPattern = customer;
  } else {
    where = 'national_id_masked = $1';
    param = customer;
  }
  const params = where.includes('$2') ? [param.slice(0, 3), param.slice(-4)] : [param];
  const { rows } = await db.query<{ id: string }>(
    // Training customers (Art. 9) are never a live archive search's answer.
    `select id from customers where not training and ${where}`,
    params,
  );
  return { ids: rows.map((r) => r.id), refPattern };
}

interface CallRow {
  call_id: string;
  first_at: Date;
  last_at: Date;
  agents: string[] | null;
  customer_ids: string[] | null;
  refs: string[] | null;
  sessions: number;
  entries: number;
  outcome: SessionStatus | null;
}

/** One row per call id, aggregated over its sessions and journal entries. */
const CALLS_SQL = `
  with acts as (
    select s.call_id, s.created_at as at, s.agent_username as agent, s.customer_id,
           null::text as ref, s.status, 1 as is_session
      from verification_sessions s
    union all
    select j.call_id, j.at, j.agent, null::uuid,
           coalesce(j.data->>'customerRef', j.data->>'mobile'), null::text, 0
      from journal_entries j where j.call_id is not null
  )
  select call_id, min(at) as first_at, max(at) as last_at,
         array_agg(distinct agent) filter (where agent is not null) as agents,
         array_agg(distinct customer_id::text) filter (where customer_id is not null)
           as customer_ids,
         array_agg(distinct ref) filter (where ref is not null) as refs,
         sum(is_session)::int as sessions, (count(*) - sum(is_session))::int as entries,
         (array_agg(status order by at desc) filter (where status is not null))[1] as outcome
    from acts group by call_id`;

/** Answers the page and the cursor of the next one (null on the last page). */
export async function searchCalls(
  db: Queryable,
  query: ArchiveSearchQuery,
): Promise<{ calls: ArchivedCall[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const customer = query.customer ? await customerCriteria(db, query.customer) : null;
  const { rows } = await db.query<CallRow>(
    `select * from (${CALLS_SQL}) c
      where ($1::text is null or $1 = any(c.agents))
        and ($2::text is null or c.call_id = $2)
        and ($3::timestamptz is null or c.first_at >= $3)
        and ($4::timestamptz is null or c.first_at < $4)
        and ($5::text is null or c.outcome = $5)
        and ($6::boolean is not true
             or c.customer_ids && $7::text[]
             or exists (select 1 from unnest(c.refs) r where r like $8))
        and ($9::timestamptz is null or (c.first_at, c.call_id) < ($9, $10))
      order by c.first_at desc, c.call_id desc
      limit $11`,
    [
      query.agent ?? null,
      query.call ?? null,
      query.from ?? null,
      query.to ?? null,
      query.outcome ?? null,
      customer !== null,
      customer?.ids ?? [],
      customer?.refPattern ?? null,
      cursor?.at ?? null,
      cursor?.callId ?? null,
      query.limit + 1,
    ],
  );
  const page = rows.slice(0, query.limit);
  const calls = await withCustomers(db, page);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ at: new Date(last.first_at).toISOString(), callId: last.call_id })
      : null;
  return { calls, nextCursor };
}

/** The one call's summary row, or undefined when nothing archived carries that call id. */
export async function findCall(db: Queryable, callId: string): Promise<ArchivedCall | undefined> {
  const { rows } = await db.query<CallRow>(`select * from (${CALLS_SQL}) c where c.call_id = $1`, [
    callId,
  ]);
  return (await withCustomers(db, rows))[0];
}

async function withCustomers(db: Queryable, rows: readonly CallRow[]): Promise<ArchivedCall[]> {
  const ids = [...new Set(rows.flatMap((r) => r.customer_ids ?? []))];
  const { rows: found } =
    ids.length === 0
      ? { rows: [] as CustomerRow[] }
      : await db.query<CustomerRow>(
          'select id, name, mobile, national_id_masked from customers where id = any($1::uuid[])',
          [ids],
        );
  const byId = new Map(found.map((c) => [c.id, maskCustomer(c)]));
  return rows.map((r) => ({
    callId: r.call_id,
    firstAt: new Date(r.first_at).toISOString(),
    lastAt: new Date(r.last_at).toISOString(),
    agents: [...(r.agents ?? [])].sort(),
    customers: (r.customer_ids ?? []).flatMap((id) => byId.get(id) ?? []),
    customerRefs: [...(r.refs ?? [])].sort(),
    sessions: r.sessions,
    journalEntries: r.entries,
    outcome: r.outcome,
  }));
}
