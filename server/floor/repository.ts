// Desk presence in SQL (Art. 26): a report or heartbeat rewrites the desk's row and appends a
// history row when the state, reason or call changed; a lead's not-ready order does the same with
// who ordered it. Each write NOTIFYs `floor.changed` in its transaction when the floor would look
// different, so every instance's leads see it (server/events/).
import type { DeskCall, DeskReport } from '../../common/floor-api.js';
import type { DeskState } from '../../common/policy.js';
import type { Queryable } from '../db.js';
import { notifyEvent } from '../events/bus.js';

export interface PresenceRow {
  username: string;
  device_id: string;
  state: DeskState;
  reason: string | null;
  since: Date;
  call: DeskCall | null;
  connectivity: 'online' | 'degraded' | 'offline';
  backlog: number;
  last_seen_at: Date;
  offline_pushed_at: Date | null;
  set_by: string | null;
}

const COLUMNS =
  'username, device_id, state, reason, since, call, connectivity, backlog, last_seen_at, ' +
  'offline_pushed_at, set_by';

export async function readPresence(
  tx: Queryable,
  username: string,
  lock = false,
): Promise<PresenceRow | undefined> {
  const { rows } = await tx.query<PresenceRow>(
    `select ${COLUMNS} from desk_presence where username = $1${lock ? ' for update' : ''}`,
    [username],
  );
  return rows[0];
}

/** The name of the lead behind a pending order (Art. 10: people are shown by name). */
export async function setByName(tx: Queryable, setBy: string | null): Promise<string | null> {
  if (setBy === null) return null;
  const { rows } = await tx.query<{ name: string }>('select name from agents where username = $1', [
    setBy,
  ]);
  return rows[0]?.name ?? null;
}

async function appendHistory(
  tx: Queryable,
  row: { username: string; at: Date; state: string; reason: string | null },
  callId: string | null,
  setBy: string | null = null,
  note: string | null = null,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into desk_state_history (username, at, state, reason, call_id, set_by, note)
     values ($1, $2, $3, $4, $5, $6, $7) returning id::text`,
    [row.username, row.at, row.state, row.reason, callId, setBy, note],
  );
  return rows[0]!.id;
}

const UPSERT_PRESENCE = `insert into desk_presence (${COLUMNS})
     values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11)
     on conflict (username) do update set device_id = $2, state = $3, reason = $4, since = $5,
       call = $6::jsonb, connectivity = $7, backlog = $8, last_seen_at = $9,
       offline_pushed_at = $10, set_by = $11`;

async function writePresence(tx: Queryable, row: PresenceRow): Promise<void> {
  await tx.query(UPSERT_PRESENCE, presenceParams(row));
}

/**
 * A desk's report in one round trip (500 desks report several times a second in all): the
 * presence row, the history row when the state changed, and the push when the floor would look
 * different.
 */
async function writeReport(
  tx: Queryable,
  row: PresenceRow,
  changed: boolean,
  push: boolean,
): Promise<void> {
  await tx.query(
    `with presence as (${UPSERT_PRESENCE} returning 1),
          history as (
            insert into desk_state_history (username, at, state, reason, call_id)
            select $1, $5, $3, $4, $12 where $13::boolean returning 1)
     select desk_event_notify('floor.changed', null, $1) where $14::boolean`,
    [...presenceParams(row), row.call?.callId ?? null, changed, push],
  );
}

function presenceParams(row: PresenceRow): unknown[] {
  return [
    row.username,
    row.device_id,
    row.state,
    row.reason,
    row.since,
    row.call === null ? null : JSON.stringify(row.call),
    row.connectivity,
    row.backlog,
    row.last_seen_at,
    row.offline_pushed_at,
    row.set_by,
  ];
}

/**
 * A desk's report (also its heartbeat). While a lead's order is pending, a report made before it
 * (by the desk's `since`) does not undo it: a heartbeat in flight must not race the order away.
 */
export async function recordReport(
  tx: Queryable,
  username: string,
  report: DeskReport,
  now: Date,
): Promise<PresenceRow> {
  const before = await readPresence(tx, username, true);
  const reportedSince = report.since ? new Date(report.since) : null;
  const seen = {
    device_id: report.deviceId,
    connectivity: report.connectivity,
    backlog: report.backlog,
    last_seen_at: now,
    offline_pushed_at: null,
  };
  const pendingOrder =
    before?.set_by != null &&
    report.state !== before.state &&
    (reportedSince === null || reportedSince <= before.since);
  if (pendingOrder) {
    const after: PresenceRow = { ...before!, ...seen };
    await writePresence(tx, after);
    if (visiblyChanged(before!, after)) await notifyEvent(tx, 'floor.changed', null, username);
    return after;
  }
  const sameState =
    before !== undefined &&
    before.offline_pushed_at === null &&
    before.state === report.state &&
    before.reason === report.reason &&
    (before.call?.callId ?? null) === (report.call?.callId ?? null);
  let since = sameState ? before.since : (reportedSince ?? now);
  // Back from offline, the state starts again now (the history has the gap).
  if (since > now || before?.offline_pushed_at) since = now;
  if (before && since < before.since) since = before.since;
  // Following a lead's order (same state) or changing state after it both settle the order.
  const after: PresenceRow = {
    username,
    ...seen,
    state: report.state,
    reason: report.reason,
    since,
    call: report.call,
    set_by: null,
  };
  await writeReport(tx, after, !sameState, !before || visiblyChanged(before, after));
  return after;
}

/** Field by field: jsonb from the database does not keep the report's key order. */
const CALL_FIELDS: readonly (keyof DeskCall)[] = [
  'callId',
  'caller',
  'businessType',
  'sessionId',
  'step',
  'awaitingApproval',
];
const sameCall = (a: DeskCall | null, b: DeskCall | null) =>
  a === null || b === null ? a === b : CALL_FIELDS.every((f) => a[f] === b[f]);

const visiblyChanged = (a: PresenceRow, b: PresenceRow) =>
  a.offline_pushed_at !== null ||
  a.state !== b.state ||
  a.reason !== b.reason ||
  a.since.getTime() !== b.since.getTime() ||
  !sameCall(a.call, b.call) ||
  a.connectivity !== b.connectivity ||
  a.backlog !== b.backlog ||
  a.set_by !== b.set_by;

/** A lead's not-ready order (Art. 10, 26): recorded in the history with who and why. */
export async function orderNotReady(
  tx: Queryable,
  before: PresenceRow,
  order: { reason: string; note: string | null; by: string; at: Date },
): Promise<{ presence: PresenceRow; orderId: string }> {
  const presence: PresenceRow = {
    ...before,
    state: 'not-ready',
    reason: order.reason,
    since: order.at,
    call: null,
    set_by: order.by,
  };
  await writePresence(tx, presence);
  const orderId = await appendHistory(
    tx,
    { ...presence, at: order.at },
    null,
    order.by,
    order.note,
  );
  await notifyEvent(tx, 'desk.not-ready', orderId, before.username);
  await notifyEvent(tx, 'floor.changed', null, before.username);
  return { presence, orderId };
}

/**
 * Desks silent past the limit: each is marked once (the row update decides which instance
 * pushes), gets an `offline` history row at its last report, and leads are told.
 */
export async function sweepOffline(
  tx: Queryable,
  now: Date,
  offlineAfterMs: number,
): Promise<string[]> {
  const { rows } = await tx.query<{ username: string; last_seen_at: Date }>(
    `update desk_presence set offline_pushed_at = $1
      where offline_pushed_at is null and state <> 'signed-out'
        and last_seen_at < $1::timestamptz - make_interval(secs => $2)
      returning username, last_seen_at`,
    [now, offlineAfterMs / 1000],
  );
  for (const row of rows) {
    await appendHistory(
      tx,
      { username: row.username, at: row.last_seen_at, state: 'offline', reason: null },
      null,
    );
    await notifyEvent(tx, 'floor.changed', null, row.username);
  }
  return rows.map((r) => r.username);
}
