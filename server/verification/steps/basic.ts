// Art. 5 basic check: the reserved mobile and the ID number the customer states, compared
// server-side with the records (the ID by its keyed hash). Both are always compared and the answer
// never says which failed. Art. 5(2): failures count per customer over the policy's window, across
// calls; reaching the limit, or starting a check already at it, is the exception procedure.
import { checkNationalId } from '../../../common/national-id.js';
import { normalizeMobile } from '../../../common/phone-number.js';
import {
  basicAttemptsLeft,
  basicLimitReached,
  callerCountsAsReservedMobile,
} from '../../../common/policy.js';
import { BasicCheckRequest, type CheckResult } from '../../../common/records-api.js';
import { AppError } from '../../../common/result.js';
import { lockBasicCredentials } from '../../customers/repository.js';
import type { Api } from '../../http.js';
import { Refused } from '../../permissions.js';
import { nationalIdHash } from '../../secrets.js';
import type { CheckContext, CheckOutcome, Checks } from '../check.js';
import { sameHex } from '../crypto.js';
import { startExceptionProcedure } from '../exception.js';
import { basicCheckFacts } from '../basic-failures.js';
import { verdictOf } from '../fraud.js';
import { fraudThresholds } from '../options.js';
import { setSessionCustomer } from '../repository.js';

type Customer = { id: string; mobile: string; national_id_hash: string };
type Body = { mobile: string; nationalId: string };

/** Art. 18: only a number a trusted proxy asserted can be the reserved mobile. */
const callerOnReservedMobile = (ctx: CheckContext, customer: Customer): boolean =>
  callerCountsAsReservedMobile(ctx.row.caller_number, ctx.row.caller_id_source, customer.mobile);

export function basicStep(api: Api, checks: Checks): void {
  const { deps, run, allowed, suspendWith, schema, config } = checks;

  /** Compares both fields, always, and answers one bit: never which one failed (Art. 5). */
  function matches(body: Body, customer: Customer, at: Date): boolean {
    const id = checkNationalId(body.nationalId, at);
    const idMatches = sameHex(
      id.ok ? nationalIdHash(deps.pepper, id.value) : '0'.repeat(64),
      customer.national_id_hash,
    );
    return idMatches && normalizeMobile(body.mobile) === customer.mobile;
  }

  /**
   * `prior`: the customer's failed basic checks in the window ending now, every session counted
   * (basicCheckFacts). The customer's row is locked (lockBasicCredentials) to the end of the
   * transaction, so two calls cannot both slip under the limit (the service runs as several
   * instances: the count lives in the database only).
   */
  async function check(
    ctx: CheckContext,
    body: Body,
    customer: Customer,
    prior: number,
  ): Promise<CheckOutcome | Refused> {
    // Already at the limit (earlier calls count): the exception at once, nothing compared.
    const overLimit = basicLimitReached(prior);
    const passed = !overLimit && matches(body, customer, ctx.at);
    const state = await allowed(ctx, {
      type: 'basic',
      passed,
      failuresInWindow: prior,
      ...(passed ? { callerIsReservedMobile: callerOnReservedMobile(ctx, customer) } : {}),
    });
    if (state instanceof Refused) return state;
    if (!ctx.row.customer_fixed) await setSessionCustomer(ctx.tx, ctx.row.id, customer.id, passed);
    if (state.status === 'exception')
      await startExceptionProcedure(ctx, customer, state.basicFailures);
    const result: CheckResult = passed
      ? 'passed'
      : state.status === 'exception'
        ? 'exception'
        : 'failed';
    // No second look at the Art. 18 rules (fraudAfter) here: nothing this check writes can raise
    // their counts. Its event names the customer the first look already counted ($3 in
    // fraud-facts.ts), naming that customer on the session can only narrow the caller's set, and
    // the session's new status is written after any second look would read it. The counts it
    // would read are the first look's.
    return {
      state,
      result,
      attemptsLeft: basicAttemptsLeft(passed ? prior : state.basicFailures),
      // Written with the state (one statement): nothing above reads it.
      event: {
        sessionId: ctx.row.id,
        at: ctx.at,
        agent: ctx.agent.username,
        customerId: customer.id,
        step: 'basic',
        outcome: overLimit ? 'exception' : passed ? 'passed' : 'failed',
      },
    };
  }

  api.post(
    '/api/v1/verifications/:id/basic',
    {
      config,
      schema: {
        ...schema,
        summary:
          'Art. 5 basic check: reserved mobile + ID number, compared server-side; Art. 5(2) ' +
          'failures count per customer over a window, across calls',
        body: BasicCheckRequest,
      },
    },
    async (request) =>
      run(request, request.params.id, 'basic', async (ctx) => {
        const { customerId } = request.body;
        if (ctx.row.customer_fixed && ctx.row.customer_id !== customerId)
          throw new AppError('conflict', 'this session is for another customer');
        const customer = await lockBasicCredentials(ctx.tx, customerId);
        // Art. 9: a live session never names a training customer, nor a training one a live one.
        if (!customer || customer.training !== ctx.row.training)
          throw new AppError('not-found', 'no such customer');
        const permitted = await allowed(ctx, { type: 'basic', passed: true });
        if (permitted instanceof Refused) return permitted;
        // Art. 18 before the check, and Art. 5(2)'s count, in one read after the lock.
        const thresholds = fraudThresholds(deps);
        const { facts, basicFailures } = await basicCheckFacts(
          ctx.tx,
          {
            callerNumber: ctx.row.caller_number,
            customerId,
            at: ctx.at,
            trainingSession: ctx.row.training ? ctx.row.id : null,
          },
          thresholds,
        );
        const early = await suspendWith(ctx, customerId, verdictOf(facts, thresholds));
        if (early) return early;
        return check(ctx, request.body, customer, basicFailures);
      }),
  );
}
