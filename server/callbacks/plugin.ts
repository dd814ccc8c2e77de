// The call-back queue (Art. 12): customers to call back after an outage, oldest first, and closing
// one (called back, or no longer needed). Team leads and above only; anyone below is refused and
// the attempt recorded (Art. 10). Masked references only.
import { z } from 'zod';
import { CallbackListQuery, CallbackPage } from '../../common/complaints-api.js';
import { CallbackCloseBody, CallbackRecord } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { requireLead } from '../permissions.js';
import { callbackStatus, closeCallback, listCallbacks } from './repository.js';

export async function callbacksPlugin(api: Api, deps: RouteDeps): Promise<void> {
  api.get(
    '/api/v1/callbacks',
    {
      schema: {
        summary:
          'The call-back queue (Art. 12): open ones oldest first; `closed` (done or cancelled) the history, newest closed first; paged with limit and offset; masked fields only',
        tags: ['journal'],
        security: BEARER,
        querystring: CallbackListQuery,
        response: {
          200: CallbackPage,
          ...errorResponses('unauthorized', 'forbidden'),
        },
      },
    },
    async (request) => {
      await requireLead(deps, request, 'list-callbacks');
      const { status, limit, offset } = request.query;
      return listCallbacks(deps.db, status, limit, offset);
    },
  );

  api.post(
    '/api/v1/callbacks/:id/close',
    {
      schema: {
        summary:
          'Close a call-back (Art. 12): the customer was called back (done) or it is no longer needed (cancelled); leads only',
        tags: ['journal'],
        security: BEARER,
        params: z.object({ id: z.uuid() }),
        body: CallbackCloseBody,
        response: {
          200: CallbackRecord,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request) => {
      const lead = await requireLead(deps, request, 'close-callback');
      const { outcome, note } = request.body;
      const closed = await closeCallback(deps.db, request.params.id, {
        outcome,
        at: deps.now(),
        by: lead.username,
        note: note ? note : null,
      });
      if (closed) {
        request.log.info(
          { callback: request.params.id, outcome, lead: lead.username },
          'call-back closed',
        );
        return closed;
      }
      const status = await callbackStatus(deps.db, request.params.id);
      if (!status) throw new AppError('not-found', 'no such call-back');
      throw new AppError('conflict', `this call-back is already ${status}`);
    },
  );
}
