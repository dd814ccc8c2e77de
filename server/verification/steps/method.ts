// Art. 14 alternative method: when the customer cannot use the usual one (e.g. declines the
// password), the agent switches to an alternative the policy allows for that business type; the
// reason is recorded with the step. Anything the policy does not allow is a 409.
import { MethodRequest } from '../../../common/records-api.js';
import type { Api } from '../../http.js';
import { Refused } from '../../permissions.js';
import type { Checks } from '../check.js';
import { recordEvent } from '../repository.js';

export function methodStep(api: Api, { run, allowed, schema, config }: Checks): void {
  api.post(
    '/api/v1/verifications/:id/method',
    {
      config,
      schema: {
        ...schema,
        summary: 'Art. 14: switch to an allowed alternative method, with the reason',
        body: MethodRequest,
      },
    },
    async (request) =>
      run(request, request.params.id, 'method', async (ctx) => {
        const state = await allowed(ctx, {
          type: 'switch-method',
          alternative: request.body.alternative,
        });
        if (state instanceof Refused) return state;
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId: ctx.row.customer_id,
          step: 'method',
          outcome: request.body.alternative,
          note: request.body.reason,
        });
        return { state, result: 'switched' };
      }),
  );
}
