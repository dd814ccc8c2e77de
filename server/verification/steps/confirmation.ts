// Art. 8 confirmation: the agent reads the request back and the customer affirms it (or not).
// Verified only when every required step passed and any approval was granted; confirming without
// that approval is an over-permission attempt, refused and recorded (Art. 10).
import { ConfirmationRequest } from '../../../common/records-api.js';
import type { Api } from '../../http.js';
import { Refused } from '../../permissions.js';
import type { Checks } from '../check.js';
import { recordEvent } from '../repository.js';

export function confirmationStep(
  api: Api,
  { run, allowed, fraudFirst, schema, config }: Checks,
): void {
  api.post(
    '/api/v1/verifications/:id/confirmation',
    {
      config,
      schema: {
        ...schema,
        summary:
          'Art. 8: the customer affirmed (or not) the read-back; verified only when every step passed',
        body: ConfirmationRequest,
      },
    },
    async (request) =>
      run(request, request.params.id, 'confirmation', async (ctx) => {
        const permitted = await allowed(ctx, {
          type: 'confirmation',
          confirmed: request.body.confirmed,
        });
        if (permitted instanceof Refused) return permitted;
        const early = await fraudFirst(ctx, ctx.row.customer_id);
        if (early) return early;
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId: ctx.row.customer_id,
          step: 'confirmation',
          outcome: permitted.status,
        });
        return {
          state: permitted,
          result: permitted.status === 'verified' ? 'verified' : 'not-confirmed',
        };
      }),
  );
}
