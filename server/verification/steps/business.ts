// Art. 4(2) intent change: the caller's business changed mid-call. The policy re-plans the session
// (common/policy/intent.ts): what passed stays passed, only the missing steps are asked, an
// approval is asked again if the new business needs one. Each change is recorded with its reason.
import {
  intentDirection,
  type BusinessType,
  type IntentChangeReason,
} from '../../../common/policy.js';
import { BusinessChangeRequest, BusinessChangeResponse } from '../../../common/records-api.js';
import type { Api } from '../../http.js';
import { Refused } from '../../permissions.js';
import type { Checks } from '../check.js';
import { recordEvent, saveBusiness } from '../repository.js';

/** The event's note: the change and why, never anything the customer said (Art. 11). */
export const businessChangeNote = (
  from: BusinessType,
  to: BusinessType,
  reason: IntentChangeReason,
  note?: string,
): string => `${from} → ${to} (${intentDirection(from, to)}): ${reason}${note ? `; ${note}` : ''}`;

export function businessStep(api: Api, { run, allowed, schema, config }: Checks): void {
  api.post(
    '/api/v1/verifications/:id/business',
    {
      config,
      schema: {
        ...schema,
        summary:
          'Art. 4(2): the caller’s business changed; re-plan the session (only missing steps asked)',
        body: BusinessChangeRequest,
        response: { ...schema.response, 200: BusinessChangeResponse },
      },
    },
    async (request) => {
      const answer = run(request, request.params.id, 'business', async (ctx) => {
        const from = ctx.state.businessType;
        const to = request.body.businessType;
        const state = await allowed(ctx, { type: 'change-business', to });
        if (state instanceof Refused) return state;
        await saveBusiness(ctx.tx, ctx.row.id, state);
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId: ctx.row.customer_id,
          step: 'business',
          outcome: to,
          note: businessChangeNote(from, to, request.body.reason, request.body.note),
        });
        return {
          state,
          result: 'replanned',
          extra: { change: { from, to, direction: intentDirection(from, to) } },
        };
      });
      // `extra` carries `change` on the one path that answers; a refusal throws.
      return answer as Promise<BusinessChangeResponse>;
    },
  );
}
