// Alerts for supervisors (Art. 10, 11, 18): a row in `alerts`, written with the transaction of the
// event that raised it, so an alert exists exactly when its cause was committed. Details hold
// masked or non-personal values only (Art. 11).
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.js';

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
