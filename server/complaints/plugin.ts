// Complaints (Art. 16): the company's response deadline for a complaint the desk is recording (any
// signed-in agent, so the desk tells the customer the date), the queue earliest deadline first and
// answering and closing one (team leads and above; below is refused and recorded, Art. 10).
import { z } from 'zod';
import {
  ComplaintCloseBody,
  ComplaintDeadline,
  ComplaintDeadlineQuery,
} from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, listQuery, type Api, type RouteDeps } from '../http.js';
import { requireLead } from '../permissions.js';
import { assertResponseDays, DEFAULT_COMPLAINT_RESPONSE_DAYS, respondBy } from './effect.js';
import {
  closeComplaint,
  Complaint,
  complaintStatus,
  ComplaintStatus,
  listComplaints,
} from './repository.js';

export interface ComplaintOptions {
  /** Days from the complaint to its response deadline (Art. 16); the service's policy. */
  complaintResponseDays?: number;
}

export async function complaintsPlugin(
  api: Api,
  deps: RouteDeps & ComplaintOptions,
): Promise<void> {
  const days = deps.complaintResponseDays ?? DEFAULT_COMPLAINT_RESPONSE_DAYS;
  assertResponseDays(days);

  api.get(
    '/api/v1/complaints/deadline',
    {
      schema: {
        summary:
          'The company’s response deadline (Art. 16) for a complaint recorded at `recordedAt`: the same date the queue will show',
        tags: ['journal'],
        security: BEARER,
        querystring: ComplaintDeadlineQuery,
        response: { 200: ComplaintDeadline, ...errorResponses('unauthorized') },
      },
    },
    async (request) => {
      await deps.requireAgent(request);
      const recordedAt = new Date(request.query.recordedAt);
      return {
        recordedAt: recordedAt.toISOString(),
        respondBy: respondBy(recordedAt, days).toISOString(),
        responseDays: days,
      };
    },
  );

  api.get(
    '/api/v1/complaints',
    {
      schema: {
        summary:
          'Complaints with their response deadline (Art. 16), earliest deadline first; masked fields only',
        tags: ['journal'],
        security: BEARER,
        querystring: listQuery(ComplaintStatus),
        response: {
          200: z.object({ complaints: z.array(Complaint) }),
          ...errorResponses('unauthorized', 'forbidden'),
        },
      },
    },
    async (request) => {
      await requireLead(deps, request, 'list-complaints');
      const { status, limit } = request.query;
      return { complaints: await listComplaints(deps.db, status, limit) };
    },
  );

  api.post(
    '/api/v1/complaints/:id/close',
    {
      schema: {
        summary:
          'Answer and close a complaint (Art. 16) with the answer given to the customer; leads only',
        tags: ['journal'],
        security: BEARER,
        params: z.object({ id: z.uuid() }),
        body: ComplaintCloseBody,
        response: {
          200: Complaint,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request) => {
      const lead = await requireLead(deps, request, 'close-complaint');
      const { id } = request.params;
      const closed = await closeComplaint(deps.db, id, {
        at: deps.now(),
        by: lead.username,
        answer: request.body.answer,
      });
      if (closed) {
        // The answer itself may name the customer: the log keeps who and when only (Art. 11).
        request.log.info({ complaint: id, lead: lead.username }, 'complaint answered and closed');
        return closed;
      }
      if (!(await complaintStatus(deps.db, id)))
        throw new AppError('not-found', 'no such complaint');
      throw new AppError('conflict', 'this complaint is already closed');
    },
  );
}
