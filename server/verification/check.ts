// What every check on a verification session shares (Art. 5–8, 10, 18): one transaction that
// locks the session row first, refuses anyone but the session's agent (recorded, Art. 10), asks
// the policy before and after, runs the fraud rules, saves the state and answers the masked view.
// The step modules in ./steps/ only say what their check compares and records.
import type { FastifyRequest } from 'fastify';
import type { AgentProfile } from '../../common/domain.js';
import {
  mayVerify,
  transition,
  type SessionAction,
  type SessionEvent,
  type SessionState,
} from '../../common/policy.js';
import { CheckResponse, IdParams, type CheckResult } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { BEARER, errorResponses, perAgentRateLimit } from '../http.js';
import { inTransaction, overPermission, Refused } from '../permissions.js';
import { suspendable, suspendFor, suspendIfFraud, type FraudVerdict } from './fraud.js';
import { reviewPolicyOf, type VerificationDeps } from './options.js';
import { lockSession, stateOf, type EventRecord, type SessionRow } from './repository.js';
import { saveStateAndView } from './view.js';

export interface CheckContext {
  tx: Queryable;
  row: SessionRow;
  state: SessionState;
  agent: AgentProfile;
  at: Date;
}

export type CheckOutcome = {
  state: SessionState;
  result: CheckResult;
  attemptsLeft?: number | null;
  extra?: Record<string, unknown>;
  /** The check's event, written in the statement that saves the state (one round trip fewer). */
  event?: EventRecord;
};

/**
 * Applies `event` to the session's state or refuses: confirming without a granted approval is an
 * over-permission attempt (403, recorded); anything else out of policy is a 409, writing nothing.
 */
async function apply(
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
    // Art. 9/10: a trainee confirming early in their own training session is refused just the
    // same (and scored), but no lead is alerted — no real customer was at risk. Anyone acting on
    // another's session, or a tier that does not verify, is still alerted (in run(), below).
    if (row.training)
      return new Refused(
        new AppError('forbidden', `${result.message}; refused (training: no alert)`),
      );
    return overPermission(
      tx,
      at,
      agent,
      'complete-without-approval',
      `${result.message}; the attempt was recorded`,
      {
        sessionId: row.id,
        customerId: row.customer_id,
      },
    );
  }
  throw new AppError('conflict', result.message);
}

export type Checks = ReturnType<typeof createChecks>;

export function createChecks(deps: VerificationDeps) {
  const { db, now } = deps;

  /**
   * Owner-only, and only for a tier that verifies: anything else is an over-permission attempt
   * (Art. 10), refused and recorded once.
   */
  async function run(
    request: FastifyRequest,
    id: string,
    step: SessionAction,
    check: (ctx: CheckContext) => Promise<CheckOutcome | Refused>,
  ) {
    const { agent } = await deps.requireAgent(request);
    const at = now();
    // Counted once committed: a refusal as `refused`, a check by its result (Art. 22 figures
    // stay the database's; this is for operations).
    const answer = await inTransaction(db, async (tx) => {
      const row = await lockSession(tx, id);
      if (!mayVerify(agent.tier))
        return overPermission(
          tx,
          at,
          agent,
          'verify',
          `the ${agent.tier} tier does not verify customers (Art. 10); the attempt was recorded`,
          { sessionId: row.id, customerId: row.customer_id },
        );
      if (row.agent_username !== agent.username) {
        return overPermission(
          tx,
          at,
          agent,
          `${step}-on-another-agents-session`,
          'only the agent who opened this session may run its checks (Art. 10); the attempt was recorded',
          {
            sessionId: row.id,
            customerId: row.customer_id,
          },
        );
      }
      const outcome = await check({ tx, row, state: stateOf(row), agent, at });
      if (outcome instanceof Refused) return outcome;
      const view = await saveStateAndView(tx, row.id, outcome.state, at, reviewPolicyOf(deps), {
        event: outcome.event,
      });
      request.log.info(
        { session: row.id, step, result: outcome.result, status: view.status },
        'verification check',
      );
      return {
        ...view,
        result: outcome.result,
        attemptsLeft: outcome.attemptsLeft ?? null,
        ...outcome.extra,
      };
    }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'forbidden')
        deps.metrics?.check(step, 'refused');
      throw error;
    });
    deps.metrics?.check(step, String(answer.result));
    return answer;
  }

  /** Art. 18 before a check: a hit suspends the session and the check does not run. */
  async function fraudFirst(
    ctx: CheckContext,
    customerId: string | null,
  ): Promise<CheckOutcome | null> {
    const suspended = await suspendIfFraud(
      ctx.tx,
      deps,
      ctx.at,
      ctx.agent,
      ctx.row,
      ctx.state,
      customerId,
    );
    return suspended ? { state: suspended, result: 'suspended' } : null;
  }

  /** Art. 18 before a check, over a verdict the step read with other facts (steps/basic.ts). */
  async function suspendWith(
    ctx: CheckContext,
    customerId: string | null,
    verdict: FraudVerdict,
  ): Promise<CheckOutcome | null> {
    if (!suspendable(ctx.state)) return null;
    const { tx, at, agent, row, state } = ctx;
    const suspended = await suspendFor(tx, deps, { at, agent, row, state, customerId }, verdict);
    return suspended ? { state: suspended, result: 'suspended' } : null;
  }

  /** Art. 18 after a check: its own outcome may be the hit (e.g. a killed passcode). */
  async function fraudAfter(
    ctx: CheckContext,
    outcome: CheckOutcome,
    customerId: string | null,
  ): Promise<CheckOutcome> {
    const suspended = await suspendIfFraud(
      ctx.tx,
      deps,
      ctx.at,
      ctx.agent,
      ctx.row,
      outcome.state,
      customerId,
    );
    return suspended ? { ...outcome, state: suspended, result: 'suspended' } : outcome;
  }

  /** Refuses (409, or 403 recorded) unless the policy allows `event` now; writes nothing itself. */
  function allowed(ctx: CheckContext, event: SessionEvent): Promise<SessionState | Refused> {
    return apply(ctx.tx, ctx.at, ctx.agent, ctx.row, ctx.state, event);
  }

  /** The schema every check route shares; a step adds its summary and body. */
  const schema = {
    security: BEARER,
    tags: ['verification'],
    params: IdParams,
    response: {
      200: CheckResponse,
      ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict', 'rate-limited'),
    },
  };
  // Per signed-in agent (the token, hashed), so a scripted client cannot hammer the checks.
  const limit = deps.verification?.checkRateLimit ?? { max: 60, timeWindowMs: 60_000 };
  const config = perAgentRateLimit(limit, 'checks');

  return { deps, run, allowed, fraudFirst, suspendWith, fraudAfter, schema, config };
}
