// Alerts for supervisors (Art. 10, 11, 18) in the database: a row in `alerts`, written with the
// transaction of the event that raised it, so an alert exists exactly when its cause was
// committed, and the lead's newest-first list. Details hold masked or non-personal values only
// (Art. 11).
import { randomUUID } from 'node:crypto';
import type { Alert } from '../../common/records-api.js';
import type { Queryable } from '../db.js';
import { emergencyStepsOf, FRAUD_ALERT_KIND } from './emergency.js';

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
}

const ALERT_COLUMNS =
  'id, kind, raised_at, agent_username, customer_id, session_id, reasons, details, acknowledged_at';

/** Newest first; a fraud alert with its emergency steps (Art. 18). */
export async function listAlerts(
  tx: Queryable,
  { kind, open, limit }: AlertFilter,
): Promise<Alert[]> {
  const { rows } = await tx.query<AlertRow>(
    `select ${ALERT_COLUMNS} from alerts
      where ($1::text is null or kind = $1) and ($2::boolean is null or (acknowledged_at is null) = $2)
      order by raised_at desc, id limit $3`,
    [kind ?? null, open ?? null, limit],
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
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    raisedAt: r.raised_at.toISOString(),
    agentUsername: r.agent_username,
    customerId: r.customer_id,
    sessionId: r.session_id,
    reasons: r.reasons,
    details: r.details,
    acknowledged: r.acknowledged_at !== null,
    emergencySteps: r.kind === FRAUD_ALERT_KIND ? (steps.get(r.id) ?? []) : null,
  }));
}
