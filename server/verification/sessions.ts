// Verification sessions in the database: the common/policy.ts SessionState column by column, the
// event log (Art. 11), and the masked view the API answers with (Art. 8, 11).
import {
  availableAlternatives,
  LIMITS,
  nextStep,
  passwordKindFor,
  riskOf,
  SUSPECTED_FRAUD_SCRIPT,
  type AlternativeId,
  type ApprovalReason,
  type ApprovalState,
  type BusinessType,
  type FraudReason,
  type SessionState,
  type SessionStatus,
  type Step,
} from '../../common/policy.js';
import type { MaskedCustomer, Verification } from '../../common/records-api.js';
import type { Tier } from '../../common/values.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { maskMobile } from '../../common/national-id.js';
import { maskCaller, maskName } from './mask.js';

export interface SessionRow {
  id: string;
  call_id: string;
  agent_username: string;
  agent_tier: Tier;
  caller_number: string;
  business_type: BusinessType;
  customer_id: string | null;
  customer_fixed: boolean;
  status: SessionStatus;
  steps: Step[];
  passed: Step[];
  alternatives: AlternativeId[];
  basic_failures: number;
  approval_reasons: ApprovalReason[];
  approval: ApprovalState;
  caller_is_reserved: boolean | null;
  fraud_reasons: FraudReason[];
  created_at: Date;
  updated_at: Date;
}

export const stateOf = (row: SessionRow): SessionState => ({
  businessType: row.business_type,
  tier: row.agent_tier,
  status: row.status,
  steps: row.steps,
  passed: row.passed,
  alternatives: row.alternatives,
  basicFailures: row.basic_failures,
  approvalReasons: row.approval_reasons,
  approval: row.approval,
  callerIsReservedMobile: row.caller_is_reserved,
  fraudReasons: row.fraud_reasons,
});

export interface NewSession {
  id: string;
  callId: string;
  agent: { username: string; tier: Tier };
  callerNumber: string;
  customerId: string | null;
  state: SessionState;
  at: Date;
}

export async function insertSession(tx: Queryable, s: NewSession): Promise<void> {
  await tx.query(
    `insert into verification_sessions (id, call_id, agent_username, agent_tier, caller_number, business_type, customer_id, customer_fixed,
        status, steps, passed, alternatives, basic_failures, approval_reasons, approval, caller_is_reserved, fraud_reasons, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13, $14::jsonb, $15, $16, $17::jsonb, $18, $18)`,
    [
      s.id,
      s.callId,
      s.agent.username,
      s.agent.tier,
      s.callerNumber,
      s.state.businessType,
      s.customerId,
      s.customerId !== null,
      s.state.status,
      JSON.stringify(s.state.steps),
      JSON.stringify(s.state.passed),
      JSON.stringify(s.state.alternatives),
      s.state.basicFailures,
      JSON.stringify(s.state.approvalReasons),
      s.state.approval,
      s.state.callerIsReservedMobile,
      JSON.stringify(s.state.fraudReasons),
      s.at,
    ],
  );
}

/** Locks the session row for the rest of the transaction: concurrent checks on it queue here. */
export async function lockSession(tx: Queryable, id: string): Promise<SessionRow> {
  const { rows } = await tx.query<SessionRow>('select * from verification_sessions where id = $1 for update', [id]);
  const row = rows[0];
  if (!row) throw new AppError('not-found', 'no such verification session');
  return row;
}

export async function saveState(tx: Queryable, id: string, state: SessionState, at: Date): Promise<void> {
  await tx.query(
    `update verification_sessions set status = $2, steps = $3::jsonb, passed = $4::jsonb, alternatives = $5::jsonb, basic_failures = $6,
        approval_reasons = $7::jsonb, approval = $8, caller_is_reserved = $9, fraud_reasons = $10::jsonb, updated_at = $11
      where id = $1`,
    [
      id,
      state.status,
      JSON.stringify(state.steps),
      JSON.stringify(state.passed),
      JSON.stringify(state.alternatives),
      state.basicFailures,
      JSON.stringify(state.approvalReasons),
      state.approval,
      state.callerIsReservedMobile,
      JSON.stringify(state.fraudReasons),
      at,
    ],
  );
}

export interface EventRecord {
  sessionId: string;
  at: Date;
  agent: string;
  customerId: string | null;
  step: string;
  outcome: string;
  note?: string | null;
}

export async function recordEvent(tx: Queryable, e: EventRecord): Promise<void> {
  await tx.query('insert into verification_events (session_id, at, agent_username, customer_id, step, outcome, note) values ($1, $2, $3, $4, $5, $6, $7)', [
    e.sessionId,
    e.at,
    e.agent,
    e.customerId,
    e.step,
    e.outcome,
    e.note ?? null,
  ]);
}

interface CustomerRow {
  id: string;
  name: string;
  mobile: string;
  national_id_masked: string;
}

export const maskCustomer = (c: CustomerRow): MaskedCustomer => ({ id: c.id, name: maskName(c.name), mobile: maskMobile(c.mobile), nationalId: c.national_id_masked });

export async function maskedCustomer(tx: Queryable, id: string | null): Promise<MaskedCustomer | null> {
  if (id === null) return null;
  const { rows } = await tx.query<CustomerRow>('select id, name, mobile, national_id_masked from customers where id = $1', [id]);
  return rows[0] ? maskCustomer(rows[0]) : null;
}

/** The API view of a session: masked, with what the panel needs to show the next step. */
export async function sessionView(tx: Queryable, id: string): Promise<Verification> {
  const { rows } = await tx.query<SessionRow>('select * from verification_sessions where id = $1', [id]);
  const row = rows[0];
  if (!row) throw new AppError('not-found', 'no such verification session');
  const state = stateOf(row);
  const decision = await tx.query<{ decided_by: string | null; decision_reason: string | null }>(
    'select decided_by, decision_reason from verification_approvals where session_id = $1',
    [id],
  );
  const kind = state.steps.includes('password') ? passwordKindFor(row.business_type) : null;
  return {
    id: row.id,
    callId: row.call_id,
    agent: row.agent_username,
    businessType: row.business_type,
    risk: riskOf(row.business_type),
    status: row.status,
    callerNumber: maskCaller(row.caller_number),
    customer: await maskedCustomer(tx, row.customer_id),
    passwordKind: kind,
    steps: state.steps.map((step) => ({ step, passed: state.passed.includes(step) })),
    nextStep: nextStep(state),
    alternatives: { applied: state.alternatives, available: availableAlternatives(state) },
    basic: { failures: state.basicFailures, limit: LIMITS.basicAttemptsPerSession },
    approval: {
      state: state.approval,
      reasons: state.approvalReasons,
      decidedBy: decision.rows[0]?.decided_by ?? null,
      reason: decision.rows[0]?.decision_reason ?? null,
    },
    fraud: row.status === 'suspended' ? { reasons: state.fraudReasons, script: SUSPECTED_FRAUD_SCRIPT } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
