// Art. 5 basic check: the reserved mobile and the ID number the customer states, compared
// server-side with the records (the ID by its keyed hash). Both are always compared and the answer
// never says which failed; the third failure starts the exception procedure with an alert.
import { checkNationalId } from '../../../common/national-id.js';
import { normalizeMobile } from '../../../common/phone-number.js';
import { LIMITS } from '../../../common/policy.js';
import { BasicCheckRequest, type CheckResult } from '../../../common/records-api.js';
import { AppError } from '../../../common/result.js';
import { raiseAlert } from '../../alerts/repository.js';
import { basicCredentials } from '../../customers/repository.js';
import type { Api } from '../../http.js';
import { Refused } from '../../permissions.js';
import { nationalIdHash } from '../../secrets.js';
import type { Checks } from '../check.js';
import { sameHex } from '../crypto.js';
import { recordEvent, setSessionCustomer } from '../repository.js';

export function basicStep(
  api: Api,
  { deps, run, allowed, fraudFirst, fraudAfter, schema, config }: Checks,
): void {
  api.post(
    '/api/v1/verifications/:id/basic',
    {
      config,
      schema: {
        ...schema,
        summary: 'Art. 5 basic check: reserved mobile + ID number, compared server-side',
        body: BasicCheckRequest,
      },
    },
    async (request) =>
      run(request, request.params.id, 'basic', async (ctx) => {
        const { customerId } = request.body;
        if (ctx.row.customer_fixed && ctx.row.customer_id !== customerId)
          throw new AppError('conflict', 'this session is for another customer');
        const customer = await basicCredentials(ctx.tx, customerId);
        if (!customer) throw new AppError('not-found', 'no such customer');
        const permitted = await allowed(ctx, { type: 'basic', passed: true });
        if (permitted instanceof Refused) return permitted;
        const early = await fraudFirst(ctx, customerId);
        if (early) return early;

        // Both compared, always, and one answer: it never says which field failed (Art. 5).
        const id = checkNationalId(request.body.nationalId, ctx.at);
        const idMatches = sameHex(
          id.ok ? nationalIdHash(deps.pepper, id.value) : '0'.repeat(64),
          customer.national_id_hash,
        );
        const mobileMatches = normalizeMobile(request.body.mobile) === customer.mobile;
        const passed = idMatches && mobileMatches;
        const event = passed
          ? {
              type: 'basic' as const,
              passed,
              callerIsReservedMobile: ctx.row.caller_number === customer.mobile,
            }
          : { type: 'basic' as const, passed };
        const state = await allowed(ctx, event);
        if (state instanceof Refused) return state;
        if (!ctx.row.customer_fixed)
          await setSessionCustomer(ctx.tx, ctx.row.id, customerId, passed);
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId,
          step: 'basic',
          outcome: passed ? 'passed' : 'failed',
        });
        if (state.status === 'exception') {
          // Art. 5(2): repeated failures → the exception procedure, which a supervisor reviews.
          await raiseAlert(ctx.tx, {
            kind: 'verification-exception',
            at: ctx.at,
            agentUsername: ctx.agent.username,
            sessionId: ctx.row.id,
            customerId,
            reasons: ['basic-attempts-exhausted'],
          });
        }
        const result: CheckResult = passed
          ? 'passed'
          : state.status === 'exception'
            ? 'exception'
            : 'failed';
        return fraudAfter(
          ctx,
          { state, result, attemptsLeft: LIMITS.basicAttemptsPerSession - state.basicFailures },
          customerId,
        );
      }),
  );
}
