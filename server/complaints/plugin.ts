// Complaints (Art. 16): the company's response deadline for a complaint the desk is recording (any
// signed-in agent, so the desk tells the customer the date), the lead's queue overdue first, and
// (lead-routes.ts) assigning, answering and closing one (leads; below refused and recorded).
import { ComplaintListQuery, ComplaintPage } from '../../common/complaints-api.js';
import { ComplaintDeadline, ComplaintDeadlineQuery } from '../../common/records-api.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { requireLead } from '../permissions.js';
import { listComplaintItems } from './actions.js';
import { assertResponseDays, DEFAULT_COMPLAINT_RESPONSE_DAYS, respondBy } from './effect.js';
import { complaintLeadRoutes } from './lead-routes.js';

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
          'Complaints with their response deadline (Art. 16): not closed ones overdue first then earliest deadline, closed ones newest first; paged; masked fields, people by name',
        tags: ['journal'],
        security: BEARER,
        querystring: ComplaintListQuery,
        response: { 200: ComplaintPage, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      await requireLead(deps, request, 'list-complaints');
      const now = deps.now();
      const page = await listComplaintItems(deps.db, { ...request.query, now });
      return { ...page, now: now.toISOString() };
    },
  );

  await complaintLeadRoutes(api, deps);
}
