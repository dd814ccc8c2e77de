// Alerts for supervisors (Art. 10, 11, 18) in the database: a row in `alerts`, written with the
// transaction of the event that raised it, so an alert exists exactly when its cause was
// committed, and the lead's newest-first list. Details hold masked or non-personal values only
// (Art. 11).
import { randomUUID } from 'node:crypto';
import type { Alert } from '../../common/records-api.js';
import type { Queryable } from '../db.js';
import type { AlertOutcome, AlertStatus } from '../../common/policy.js';
import { maskCustomer, type CustomerRow } from '../customers/mask.js';
import { emergencyStepsOf, FRAUD_ALERT_KIND } from './emergency.js';
import { actionsOf, namesOf, statusOf } from './workflow.js';

export interface NewAlert {
  /** e.g. `password-locked`, `over-permission`, `fraud-suspected`, `journal-tamper`. */
  kind: string;
  at: Date;
  agentUsername?: string | null;
  customerId?: string | null;
  sessionId?: string | null;
  deviceId?: string | null;
  reasons?: readonly string[];
  details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Inserts the alert through `tx` (pass the transaction of its cause); returns its id. */
export async function raiseAlert(tx: Queryable, alert: NewAlert): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `insert into alerts (id, kind, raised_at, agent_username, customer_id, session_id, device_id, reasons, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
    [
      id,
      alert.kind,
      alert.at,
      alert.agentUsername ?? null,
      alert.customerId ?? null,
      alert.sessionId ?? null,
      alert.deviceId ?? null,
      JSON.stringify(alert.reasons ?? []),
      JSON.stringify(alert.details ?? {}),
    ],
  );
  return id;
}

export interface AlertFilter {
  kind?: string | undefined;
  /** `true`: unacknowledged only; `false`: acknowledged only; undefined: both. */
  open?: boolean | undefined;
  status?: AlertStatus | undefined;
  limit: number;
}

interface AlertRow {
  id: string;
  kind: string;
  raised_at: Date;
  agent_username: string | null;
  customer_id: string | null;
  session_id: string | null;
  reasons: string[];
  details: Record<string, string | number | boolean | null>;
  acknowledged_at: Date | null;
  assigned_to: string | null;
  resolved_at: Date | null;
  outcome: AlertOutcome | null;
  call_id: string | null;
}

const ALERT_COLUMNS =
  'id, kind, raised_at, agent_username, customer_id, session_id, reasons, details, acknowledged_at' +
  ', assigned_to, resolved_at, outcome' +
  ', (select call_id from verification_sessions v where v.id = alerts.session_id) as call_id';

/** Newest first; a fraud alert with its emergency steps (Art. 18). */
export async function listAlerts(
  tx: Queryable,
  { kind, open, status, limit }: AlertFilter,
): Promise<Alert[]> {
  const { rows } = await tx.query<AlertRow>(
    `select ${ALERT_COLUMNS} from alerts
      where ($1::text is null or kind = $1)
        and ($2::boolean is null or (acknowledged_at is null) = $2)
        and ($4::text is null or $4 = case when resolved_at is not null then 'resolved'
                                          when acknowledged_at is not null then 'acknowledged'
                                          else 'open' end)
      order by raised_at desc, id limit $3`,
    [kind ?? null, open ?? null, limit, status ?? null],
  );
  return withSteps(tx, rows);
}

/** One alert, or undefined. */
export async function readAlert(tx: Queryable, id: string): Promise<Alert | undefined> {
  const { rows } = await tx.query<AlertRow>(`select ${ALERT_COLUMNS} from alerts where id = $1`, [
    id,
  ]);
  return (await withSteps(tx, rows))[0];
}

async function withSteps(tx: Queryable, rows: readonly AlertRow[]): Promise<Alert[]> {
  const fraud = rows.filter((r) => r.kind === FRAUD_ALERT_KIND).map((r) => r.id);
  const steps = await emergencyStepsOf(tx, fraud);
  const actions = await actionsOf(
    tx,
    rows.map((r) => r.id),
  );
  const people = (r: AlertRow) => [
    ...(r.agent_username ? [r.agent_username] : []),
    ...(r.assigned_to ? [r.assigned_to] : []),
    ...(actions.get(r.id) ?? []).flatMap((a) => [a.by, ...(a.to ? [a.to] : [])]),
    ...(steps.get(r.id) ?? []).flatMap((s) => (s.doneBy ? [s.doneBy] : [])),
    // The agent an over-permission attempt was aimed at (a not-ready order for another team).
    ...(typeof r.details.target === 'string' ? [r.details.target] : []),
  ];
  const names = await namesOf(tx, rows.flatMap(people));
  const customers = await maskedCustomersOf(tx, rows);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    raisedAt: r.raised_at.toISOString(),
    agentUsername: r.agent_username,
    customerId: r.customer_id,
    customer: r.customer_id ? (customers.get(r.customer_id) ?? null) : null,
    sessionId: r.session_id,
    callId: r.call_id,
    reasons: r.reasons,
    details: r.details,
    acknowledged: r.acknowledged_at !== null,
    status: statusOf(r),
    assignedTo: r.assigned_to,
    outcome: r.outcome,
    actions: actions.get(r.id) ?? [],
    names: Object.fromEntries(people(r).flatMap((u) => (names[u] ? [[u, names[u]] as const] : []))),
    emergencySteps: r.kind === FRAUD_ALERT_KIND ? (steps.get(r.id) ?? []) : null,
  }));
}

/** The customers the alerts name, masked (Art. 11): never a full mobile or ID number. */
async function maskedCustomersOf(tx: Queryable, rows: readonly AlertRow[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])))];
  if (ids.length === 0) return new Map<string, ReturnType<typeof maskCustomer>>();
  const { rows: found } = await tx.query<CustomerRow>(
    'select id, name, mobile, national_id_masked from customers where id = any($1::uuid[])',
    [ids],
  );
  return new Map(found.map((c) => [c.id, maskCustomer(c)]));
}
