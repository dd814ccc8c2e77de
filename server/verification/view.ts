// A verification session as the API answers it (Art. 8, 11): masked caller and customer (the
// full name only for the read-back), the steps and which passed, what comes next, the approval and
// any fraud suspicion — what the panel needs for the next step, never a value the customer gave.
import {
  availableAlternatives,
  isTerminal,
  LIMITS,
  nextStep,
  passwordKindFor,
  riskOf,
  SUSPECTED_FRAUD_SCRIPT,
  type FraudReason,
  type SessionState,
} from '../../common/policy.js';
import { maskCaller } from '../../common/phone-number.js';
import type { Verification } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { customerInformedAt } from '../alerts/emergency.js';
import { maskCustomer, readBackOf } from '../customers/mask.js';
import type { Queryable } from '../db.js';
import { sampleIfEnded, type ReviewPolicy } from '../reviews/sampling.js';
import {
  eventParams,
  INSERT_SESSION_SQL,
  insertEventSql,
  newSessionParams,
  SAVE_STATE_SQL,
  SESSION_COLUMNS,
  sessionColumnsOf,
  stateOf,
  stateParams,
  type EventRecord,
  type NewSession,
  type SessionRow,
} from './repository.js';

type ViewRow = SessionRow & {
  decided_by: string | null;
  decided_by_name: string | null;
  decision_reason: string | null;
  customer_name: string | null;
  customer_mobile: string | null;
  customer_masked: string | null;
};

/** The view's columns over a session row `s`: its latest approval decision and its customer. */
const VIEW_FROM = `${sessionColumnsOf('s')}, d.decided_by, d.decision_reason,
            (select name from agents where username = d.decided_by) as decided_by_name,
            c.name as customer_name, c.mobile as customer_mobile,
            c.national_id_masked as customer_masked
       from s
       left join lateral (
         select decided_by, decision_reason from verification_approvals where session_id = s.id
          order by requested_at desc, decided_at desc nulls first limit 1) d on true
       left join customers c on c.id = s.customer_id`;

/**
 * The session, its latest approval decision (a session asks again after its business changed,
 * Art. 4(2)) and its customer, in one statement.
 */
async function readView(tx: Queryable, id: string): Promise<ViewRow | undefined> {
  const { rows } = await tx.query<ViewRow>(
    `with s as (select ${SESSION_COLUMNS} from verification_sessions where id = $1)
     select ${VIEW_FROM}`,
    [id],
  );
  return rows[0];
}

/**
 * Writes the session's state (and the check's event, if any) and answers its view in one
 * statement (every check ends so); a session that ends here is then offered to the review sample
 * (Art. 19).
 */
export async function saveStateAndView(
  tx: Queryable,
  id: string,
  state: SessionState,
  at: Date,
  review: ReviewPolicy,
  { event }: { event?: EventRecord | undefined } = {},
): Promise<Verification> {
  const params = stateParams(id, state, at);
  const recorded = event ? `e as (${insertEventSql(params.length)}), ` : '';
  const { rows } = await tx.query<ViewRow>(
    `with ${recorded}s as (${SAVE_STATE_SQL} returning ${SESSION_COLUMNS})
     select ${VIEW_FROM}`,
    event ? [...params, ...eventParams(event)] : params,
  );
  if (isTerminal(state.status)) await sampleIfEnded(tx, review, id, at);
  return viewOf(tx, rows[0]);
}

/** Inserts a new session and answers its view in one statement. */
export async function insertSessionView(tx: Queryable, session: NewSession): Promise<Verification> {
  const { rows } = await tx.query<ViewRow>(
    `with s as (${INSERT_SESSION_SQL}) select ${VIEW_FROM}`,
    newSessionParams(session),
  );
  return viewOf(tx, rows[0]);
}

export async function sessionView(tx: Queryable, id: string): Promise<Verification> {
  return viewOf(tx, await readView(tx, id));
}

async function viewOf(tx: Queryable, row: ViewRow | undefined): Promise<Verification> {
  if (!row) throw new AppError('not-found', 'no such verification session');
  const state = stateOf(row);
  const kind = state.steps.includes('password') ? passwordKindFor(row.business_type) : null;
  const next = nextStep(state);
  // Art. 8: the full name goes out for the confirmation only (also while a lead is asked to
  // approve it); everywhere else the customer stays masked.
  const confirmationDue =
    !isTerminal(state.status) &&
    state.steps.find((step) => !state.passed.includes(step)) === 'confirmation';
  // From the view's own row: the customer's name and masked ID are read with the session.
  const readBack =
    confirmationDue && row.customer_name !== null
      ? readBackOf({ name: row.customer_name, national_id_masked: row.customer_masked! })
      : undefined;
  return {
    id: row.id,
    callId: row.call_id,
    agent: row.agent_username,
    businessType: row.business_type,
    risk: riskOf(row.business_type),
    status: row.status,
    callerNumber: maskCaller(row.caller_number),
    callerIdSource: row.caller_id_source,
    customer:
      row.customer_id !== null && row.customer_name !== null
        ? maskCustomer({
            id: row.customer_id,
            name: row.customer_name,
            mobile: row.customer_mobile!,
            national_id_masked: row.customer_masked!,
          })
        : null,
    ...(readBack ? { readBack } : {}),
    passwordKind: kind,
    steps: state.steps.map((step) => ({ step, passed: state.passed.includes(step) })),
    nextStep: next,
    alternatives: { applied: state.alternatives, available: availableAlternatives(state) },
    basic: { failures: state.basicFailures, limit: LIMITS.basic.maxFailures },
    approval: {
      state: state.approval,
      reasons: state.approvalReasons,
      decidedBy: row.decided_by,
      decidedByName: row.decided_by_name,
      reason: row.decision_reason,
    },
    fraud:
      row.status === 'suspended'
        ? await fraudNotice(tx, row.id, state.fraudReasons, row.training)
        : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    training: row.training,
  };
}

async function fraudNotice(
  tx: Queryable,
  sessionId: string,
  reasons: FraudReason[],
  training: boolean,
): Promise<NonNullable<Verification['fraud']>> {
  const informed = training
    ? await trainingInformedAt(tx, sessionId)
    : await customerInformedAt(tx, sessionId);
  return {
    reasons,
    script: SUSPECTED_FRAUD_SCRIPT,
    customerInformedAt: informed ? informed.toISOString() : null,
  };
}

/** A training session's "customer informed" (Art. 9: no alert, so its event records it). */
export async function trainingInformedAt(tx: Queryable, sessionId: string): Promise<Date | null> {
  const { rows } = await tx.query<{ at: Date }>(
    `select at from verification_events
      where session_id = $1 and step = 'fraud' and outcome = 'customer-informed'
      order by at limit 1`,
    [sessionId],
  );
  return rows[0]?.at ?? null;
}
