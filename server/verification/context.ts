// What every verification route shares: its options, the over-permission refusal that is recorded
// (Art. 10), the policy refusal that is not (409), and the Art. 18 suspension.
import { AppError } from '../../common/result.js';
import {
  DEFAULT_FRAUD_THRESHOLDS,
  isFraudThresholds,
  transition,
  type FraudThresholds,
  type SessionEvent,
  type SessionState,
} from '../../common/policy.js';
import type { AgentProfile } from '../../common/domain.js';
import { raiseAlert } from '../alerts.js';
import type { Db, Queryable } from '../db.js';
import type { RouteDeps } from '../http.js';
import { evaluateFraud } from './fraud.js';
import { maskCaller } from './mask.js';
import { recordEvent, saveState, type SessionRow } from './sessions.js';

export interface VerificationOptions {
  /** Art. 18 thresholds; each defaults to DEFAULT_FRAUD_THRESHOLDS in common/policy.ts. */
  fraud?: Partial<FraudThresholds>;
  /** Checks allowed per bearer token per window (issue 4 item 10). Default 60 per minute. */
  checkRateLimit?: { max: number; timeWindowMs: number };
}

/** RouteDeps plus the verification options app.ts passes through. */
export interface VerificationDeps extends RouteDeps {
  verification?: VerificationOptions;
}

export function fraudThresholds(deps: VerificationDeps): FraudThresholds {
  const thresholds = { ...DEFAULT_FRAUD_THRESHOLDS, ...deps.verification?.fraud };
  if (!isFraudThresholds(thresholds)) throw new RangeError('fraud thresholds must be positive integers');
  return thresholds;
}

/** A refusal whose record must survive: the transaction commits, then the error is thrown. */
export class Refused {
  constructor(readonly error: AppError) {}
}

/** Runs `fn` in one transaction; a Refused result commits (its alert stays) and then throws. */
export async function inTransaction<T>(db: Db, fn: (tx: Queryable) => Promise<T | Refused>): Promise<T> {
  const result = await db.transaction(fn);
  if (result instanceof Refused) throw result.error;
  return result;
}

/** Art. 10: refuses (403) and records an `over-permission` alert in the same transaction. */
export async function overPermission(
  tx: Queryable,
  at: Date,
  agent: AgentProfile,
  action: string,
  message: string,
  ids: { sessionId?: string | null; customerId?: string | null } = {},
): Promise<Refused> {
  await raiseAlert(tx, {
    kind: 'over-permission',
    at,
    agentUsername: agent.username,
    sessionId: ids.sessionId ?? null,
    customerId: ids.customerId ?? null,
    reasons: [action],
    details: { tier: agent.tier, action },
  });
  return new Refused(new AppError('forbidden', message));
}

/**
 * Applies `event` to the session's state or refuses: confirming without a granted approval is an
 * over-permission attempt (403, recorded); anything else out of policy is a 409 that writes nothing.
 */
export async function apply(
  tx: Queryable,
  at: Date,
  agent: AgentProfile,
  row: SessionRow,
  state: SessionState,
  event: SessionEvent,
): Promise<SessionState | Refused> {
  const result = transition(state, event);
  if (result.ok) return result.state;
  if (result.reason === 'approval-required') {
    return overPermission(tx, at, agent, 'complete-without-approval', `${result.message}; the attempt was recorded`, {
      sessionId: row.id,
      customerId: row.customer_id,
    });
  }
  throw new AppError('conflict', result.message);
}

/**
 * Art. 18: if the rules hit for this session (and `customerId`, the customer concerned), suspends
 * it, records why, and raises a `fraud-suspected` alert; returns the suspended state, or null.
 */
export async function suspendIfFraud(
  tx: Queryable,
  deps: VerificationDeps,
  at: Date,
  agent: AgentProfile,
  row: SessionRow,
  state: SessionState,
  customerId: string | null,
): Promise<SessionState | null> {
  if (state.status !== 'in-progress' && state.status !== 'awaiting-approval') return null;
  const { reasons, facts } = await evaluateFraud(tx, { callerNumber: row.caller_number, customerId, now: at }, fraudThresholds(deps));
  if (reasons.length === 0) return null;
  const result = transition(state, { type: 'suspend', reasons });
  if (!result.ok) return null;
  await saveState(tx, row.id, result.state, at);
  await recordEvent(tx, { sessionId: row.id, at, agent: agent.username, customerId, step: 'fraud', outcome: 'suspended' });
  await raiseAlert(tx, {
    kind: 'fraud-suspected',
    at,
    agentUsername: agent.username,
    sessionId: row.id,
    customerId,
    reasons,
    details: { businessType: row.business_type, callerNumber: maskCaller(row.caller_number), ...facts },
  });
  deps.logger?.warn({ session: row.id, reasons }, 'verification suspended: suspected fraud (Art. 18)');
  return result.state;
}
