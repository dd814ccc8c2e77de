// Art. 18: the session's agent records that they read the customer the suspension script (the
// business is suspended for their account's safety; the company will call the reserved mobile):
// the `customer-informed` step of the session's fraud alert, with who and when, once.
import { IdParams, Verification } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { lockSessionFraudAlert, recordEmergencyStep } from '../alerts/emergency.js';
import { BEARER, errorResponses, type Api } from '../http.js';
import { inTransaction, overPermission } from '../permissions.js';
import type { VerificationDeps } from './options.js';
import { lockSession, recordEvent } from './repository.js';
import { sessionView, trainingInformedAt } from './view.js';

export function customerInformedRoute(api: Api, deps: VerificationDeps): void {
  api.post(
    '/api/v1/verifications/:id/customer-informed',
    {
      schema: {
        summary:
          'Art. 18: the agent read the suspended session’s customer the script (recorded once ' +
          'on the fraud alert’s emergency steps)',
        tags: ['verification'],
        security: BEARER,
        params: IdParams,
        response: {
          200: Verification,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const at = deps.now();
      return inTransaction(deps.db, async (tx) => {
        const row = await lockSession(tx, request.params.id);
        if (row.agent_username !== agent.username)
          return overPermission(
            tx,
            at,
            agent,
            'inform-another-agents-customer',
            'only the session’s agent records that they informed its customer (Art. 10, 18); ' +
              'the attempt was recorded',
            { sessionId: row.id, customerId: row.customer_id },
          );
        const alertId =
          row.status === 'suspended' && !row.training
            ? await lockSessionFraudAlert(tx, row.id)
            : null;
        if (alertId === null && !(row.training && row.status === 'suspended'))
          throw new AppError('conflict', 'the session is not suspended');
        // Art. 9: a training session has no alert: the event alone records it, once.
        const written =
          alertId === null
            ? (await trainingInformedAt(tx, row.id)) === null
            : await recordEmergencyStep(tx, alertId, 'customer-informed', {}, agent.username, at);
        if (written)
          await recordEvent(tx, {
            sessionId: row.id,
            at,
            agent: agent.username,
            customerId: row.customer_id,
            step: 'fraud',
            outcome: 'customer-informed',
          });
        return sessionView(tx, row.id);
      });
    },
  );
}
