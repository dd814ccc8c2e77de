// Art. 18 fraud rules across agents and sessions: the repository counts, common/policy.ts decides,
// this suspends. Evaluated inside the transaction of every check, before it runs (a hit means the
// check does not run at all) and after it (its own outcome may be the hit, e.g. a killed passcode).
import { maskCaller } from '../../common/phone-number.js';
import type { AgentProfile } from '../../common/domain.js';
import {
  fraudReasons,
  transition,
  type FraudFacts,
  type FraudReason,
  type FraudThresholds,
  type SessionState,
} from '../../common/policy.js';
import { FRAUD_ALERT_KIND, insertEmergencyStep } from '../alerts/emergency.js';
import { raiseAlert } from '../alerts/repository.js';
import type { Queryable } from '../db.js';
import { fraudFacts, type FraudContext } from './fraud-facts.js';
import { fraudThresholds, reviewPolicyOf, type VerificationDeps } from './options.js';
import { recordEvent, saveState, type SessionRow } from './repository.js';

export interface FraudVerdict {
  reasons: FraudReason[];
  facts: FraudFacts;
}

/** The rules' verdict over counts already read (fraudFacts, or a larger read that holds them). */
export const verdictOf = (facts: FraudFacts, thresholds: FraudThresholds): FraudVerdict => ({
  reasons: fraudReasons(facts, thresholds),
  facts,
});

export async function evaluateFraud(
  tx: Queryable,
  context: FraudContext,
  thresholds: FraudThresholds,
): Promise<FraudVerdict> {
  return verdictOf(await fraudFacts(tx, context, thresholds), thresholds);
}

/** Only a session still running can be suspended: the rules are not read for any other. */
export const suspendable = (state: SessionState): boolean =>
  state.status === 'in-progress' || state.status === 'awaiting-approval';

/**
 * If the rules hit for this session (and `customerId`, the customer concerned), suspends it,
 * records why, and raises a `fraud-suspected` alert; returns the suspended state, or null.
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
  if (!suspendable(state)) return null;
  const verdict = await evaluateFraud(
    tx,
    {
      callerNumber: row.caller_number,
      customerId,
      now: at,
      trainingSession: row.training ? row.id : null,
    },
    fraudThresholds(deps),
  );
  return suspendFor(tx, deps, { at, agent, row, state, customerId }, verdict);
}

/**
 * Suspends the session for the rules' `verdict` (evaluateFraud), recording why and alerting;
 * returns the suspended state, or null when no rule hit.
 */
export async function suspendFor(
  tx: Queryable,
  deps: VerificationDeps,
  session: {
    at: Date;
    agent: AgentProfile;
    row: SessionRow;
    state: SessionState;
    customerId: string | null;
  },
  { reasons, facts }: FraudVerdict,
): Promise<SessionState | null> {
  const { at, agent, row, state, customerId } = session;
  if (reasons.length === 0) return null;
  const result = transition(state, { type: 'suspend', reasons });
  if (!result.ok) return null;
  await saveState(tx, row.id, result.state, at, reviewPolicyOf(deps));
  await recordEvent(tx, {
    sessionId: row.id,
    at,
    agent: agent.username,
    customerId,
    step: 'fraud',
    outcome: 'suspended',
  });
  // Art. 9: a training session is suspended like a live one, but no lead is alerted.
  if (row.training) return result.state;
  const alertId = await raiseAlert(tx, {
    kind: FRAUD_ALERT_KIND,
    at,
    agentUsername: agent.username,
    sessionId: row.id,
    customerId,
    reasons,
    details: {
      businessType: row.business_type,
      callerNumber: maskCaller(row.caller_number),
      ...facts,
    },
  });
  // The first step of the emergency procedure is this suspension: the lead sees it done.
  await insertEmergencyStep(tx, { alertId, step: 'business-suspended', at, by: null });
  deps.logger?.warn(
    { session: row.id, reasons },
    'verification suspended: suspected fraud (Art. 18)',
  );
  return result.state;
}
