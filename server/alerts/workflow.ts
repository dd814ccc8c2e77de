// The lead's work on an alert in the database (Art. 10, 11, 18): the alert row is locked, the
// policy decides (common/policy/alerts.ts), the row's state changes (its trigger NOTIFYs
// alert.updated in this transaction) and the action is appended to alert_actions, with who and
// when. A refusal throws before anything is written, so the transaction changes nothing.
import { randomUUID } from 'node:crypto';
import {
  alertActionDecision,
  mayApprove,
  type AlertActionInput,
  type AlertOutcome,
  type AlertStatus,
} from '../../common/policy.js';
import { TIERS } from '../../common/values.js';
import type { AlertActionRecord, AlertActionKind } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { emergencyStepsOf } from './emergency.js';

interface StateRow {
  id: string;
  kind: string;
  agent_username: string | null;
  acknowledged_at: Date | null;
  assigned_to: string | null;
  resolved_at: Date | null;
}

export const statusOf = (r: {
  acknowledged_at: Date | null;
  resolved_at: Date | null;
}): AlertStatus => (r.resolved_at ? 'resolved' : r.acknowledged_at ? 'acknowledged' : 'open');

/** The leads (and above, as the tier policy says) who may take an alert, by name. */
export async function assignableLeads(
  tx: Queryable,
): Promise<{ username: string; name: string }[]> {
  const tiers = TIERS.filter((t) => mayApprove(t));
  const { rows } = await tx.query<{ username: string; name: string }>(
    `select username, name from agents
      where not disabled and not auditor
        and tier in (select jsonb_array_elements_text($1::jsonb))
      order by name, username`,
    [JSON.stringify(tiers)],
  );
  return rows;
}

/**
 * Takes `input` on alert `id` as `lead` at `at`: 404 without the alert, 400 for an assignee who is
 * not a lead, 409 when the policy refuses (resolved already, own alert, fraud procedure not done).
 */
export async function actOnAlert(
  tx: Queryable,
  id: string,
  input: AlertActionInput,
  lead: string,
  at: Date,
): Promise<void> {
  const { rows } = await tx.query<StateRow>(
    `select id, kind, agent_username, acknowledged_at, assigned_to, resolved_at
       from alerts where id = $1 for update`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new AppError('not-found', 'no such alert');
  if (input.action === 'assign') {
    const leads = await assignableLeads(tx);
    if (!leads.some((l) => l.username === input.to))
      throw new AppError('bad-request', `to: ${input.to} is not a lead who may take alerts`);
  }
  const steps = (await emergencyStepsOf(tx, [id])).get(id) ?? [];
  const decision = alertActionDecision(
    {
      kind: row.kind,
      status: statusOf(row),
      assignedTo: row.assigned_to,
      agentUsername: row.agent_username,
      stepsDone: steps.map((s) => s.step),
    },
    input,
    lead,
  );
  if (!decision.ok) throw new AppError(decision.code, decision.reason);
  switch (input.action) {
    case 'acknowledge':
      await tx.query('update alerts set acknowledged_at = $2, acknowledged_by = $3 where id = $1', [
        id,
        at,
        lead,
      ]);
      return append(tx, id, 'acknowledged', at, lead, {});
    case 'assign':
      await tx.query('update alerts set assigned_to = $2 where id = $1', [id, input.to]);
      return append(tx, id, 'assigned', at, lead, { to: input.to });
    case 'resolve':
      // Resolving acknowledges too: a resolved alert is never "unseen".
      await tx.query(
        `update alerts set resolved_at = $2, outcome = $3,
                acknowledged_at = coalesce(acknowledged_at, $2),
                acknowledged_by = coalesce(acknowledged_by, $4)
          where id = $1`,
        [id, at, input.outcome, lead],
      );
      return append(tx, id, 'resolved', at, lead, { outcome: input.outcome, note: input.note });
  }
}

async function append(
  tx: Queryable,
  alertId: string,
  action: AlertActionKind,
  at: Date,
  by: string,
  extra: { to?: string; outcome?: AlertOutcome; note?: string | undefined },
): Promise<void> {
  await tx.query(
    `insert into alert_actions (id, alert_id, action, at, by_username, assigned_to, outcome, note)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      randomUUID(),
      alertId,
      action,
      at,
      by,
      extra.to ?? null,
      extra.outcome ?? null,
      extra.note ?? null,
    ],
  );
}

interface ActionRow {
  alert_id: string;
  action: AlertActionKind;
  at: Date;
  by_username: string;
  assigned_to: string | null;
  outcome: AlertOutcome | null;
  note: string | null;
}

/** The actions taken on each of `alertIds`, oldest first. */
export async function actionsOf(
  tx: Queryable,
  alertIds: readonly string[],
): Promise<Map<string, AlertActionRecord[]>> {
  const actions = new Map<string, AlertActionRecord[]>();
  if (alertIds.length === 0) return actions;
  const { rows } = await tx.query<ActionRow>(
    `select alert_id, action, at, by_username, assigned_to, outcome, note from alert_actions
      where alert_id in (select jsonb_array_elements_text($1::jsonb)::uuid)
      order by at, id`,
    [JSON.stringify(alertIds)],
  );
  for (const r of rows) {
    const list = actions.get(r.alert_id) ?? [];
    list.push({
      action: r.action,
      at: r.at.toISOString(),
      by: r.by_username,
      to: r.assigned_to,
      outcome: r.outcome,
      note: r.note,
    });
    actions.set(r.alert_id, list);
  }
  return actions;
}

/** Display names of `usernames` (people are shown by name, not username). */
export async function namesOf(
  tx: Queryable,
  usernames: Iterable<string>,
): Promise<Record<string, string>> {
  const list = [...new Set(usernames)];
  if (list.length === 0) return {};
  const { rows } = await tx.query<{ username: string; name: string }>(
    `select username, name from agents
      where username in (select jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(list)],
  );
  return Object.fromEntries(rows.map((r) => [r.username, r.name]));
}

/**
 * Art. 6: lifting a lock resolves its unresolved password-locked alerts as handled, with the
 * lift's reason as the note, in the lift's transaction. Answers how many were resolved.
 */
export async function resolveLockAlerts(
  tx: Queryable,
  lift: { customerId: string; kind: string; by: string; at: Date; reason: string },
): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `select id from alerts
      where kind = 'password-locked' and customer_id = $1 and resolved_at is null
        and details ->> 'kind' = $2
      order by raised_at, id`,
    [lift.customerId, lift.kind],
  );
  for (const { id } of rows)
    await actOnAlert(
      tx,
      id,
      { action: 'resolve', outcome: 'handled', note: lift.reason },
      lift.by,
      lift.at,
    );
  return rows.length;
}
