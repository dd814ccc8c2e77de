// A lead's work on a complaint (Art. 16): assign it to a lead, answer it (what the customer was
// told and how), close it, and the month's counts by category for the review. Lead-only: below is
// refused and recorded (Art. 10). Each action commits with its NOTIFY (`complaint.updated`).
import {
  ComplaintAnswerBody,
  ComplaintAssignBody,
  ComplaintAssignees,
  ComplaintCounts,
  ComplaintCountsQuery,
  ComplaintIdParams,
  ComplaintItem,
  ComplaintLeadCloseBody,
} from '../../common/complaints-api.js';
import { TIERS } from '../../common/domain.js';
import { mayApprove, monthOf, monthRange } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { notifyEvent } from '../events/bus.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { asLead, requireLead } from '../permissions.js';
import {
  assignableLeads,
  complaintItem,
  countsByCategory,
  latestResponse,
  lockComplaint,
  recordAction,
  setStatus,
} from './actions.js';

const LEAD_TIERS = TIERS.filter((t) => mayApprove(t));
const ACTION_ERRORS = errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict');

/** Locks the complaint; 404 for none, 409 when closed already. */
async function openOne(tx: Queryable, id: string): Promise<'open' | 'answered'> {
  const status = await lockComplaint(tx, id);
  if (!status) throw new AppError('not-found', 'no such complaint');
  if (status === 'closed') throw new AppError('conflict', 'this complaint is already closed');
  return status;
}

async function done(tx: Queryable, id: string, at: Date): Promise<ComplaintItem> {
  await notifyEvent(tx, 'complaint.updated', id, null);
  return (await complaintItem(tx, id, at))!;
}

export async function complaintLeadRoutes(api: Api, deps: RouteDeps): Promise<void> {
  api.get(
    '/api/v1/complaints/assignees',
    {
      schema: {
        summary: 'The leads a complaint can be assigned to, by name; leads only',
        tags: ['journal'],
        security: BEARER,
        response: { 200: ComplaintAssignees, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      await requireLead(deps, request, 'list-complaints');
      return { leads: await assignableLeads(deps.db, LEAD_TIERS) };
    },
  );

  api.get(
    '/api/v1/complaints/counts',
    {
      schema: {
        summary:
          'Complaints made in a month (call centre’s time zone; default this month) by category, with open, answered, closed and overdue (Art. 16 review); leads only',
        tags: ['journal'],
        security: BEARER,
        querystring: ComplaintCountsQuery,
        response: { 200: ComplaintCounts, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      await requireLead(deps, request, 'count-complaints');
      const now = deps.now();
      const month = request.query.month ?? monthOf(now.getTime());
      const { from, to } = monthRange(month);
      const counts = await countsByCategory(deps.db, new Date(from), new Date(to), now);
      return {
        month,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ...counts,
      };
    },
  );

  api.post(
    '/api/v1/complaints/:id/assign',
    {
      schema: {
        summary: 'Give a complaint to a lead (Art. 16); leads only',
        tags: ['journal'],
        security: BEARER,
        params: ComplaintIdParams,
        body: ComplaintAssignBody,
        response: { 200: ComplaintItem, ...ACTION_ERRORS },
      },
    },
    async (request) =>
      asLead(deps, request, 'assign-complaint', async (tx, lead, at) => {
        const { id } = request.params;
        await openOne(tx, id);
        const { assignee } = request.body;
        const leads = await assignableLeads(tx, LEAD_TIERS);
        if (!leads.some((l) => l.username === assignee))
          throw new AppError('bad-request', 'assignee must be an active team lead');
        await recordAction(tx, {
          complaintId: id,
          action: 'assign',
          at,
          by: lead.username,
          assignee,
        });
        request.log.info({ complaint: id, lead: lead.username }, 'complaint assigned');
        return done(tx, id, at);
      }),
  );

  api.post(
    '/api/v1/complaints/:id/answer',
    {
      schema: {
        summary:
          'Record the answer given to the customer and how they were told (Art. 16); leads only',
        tags: ['journal'],
        security: BEARER,
        params: ComplaintIdParams,
        body: ComplaintAnswerBody,
        response: { 200: ComplaintItem, ...ACTION_ERRORS },
      },
    },
    async (request) =>
      asLead(deps, request, 'answer-complaint', async (tx, lead, at) => {
        const { id } = request.params;
        const status = await openOne(tx, id);
        const { response, toldBy } = request.body;
        await recordAction(tx, {
          complaintId: id,
          action: 'answer',
          at,
          by: lead.username,
          response,
          toldBy,
        });
        if (status === 'open') await setStatus(tx, id, 'answered');
        // The answer may name the customer: the log keeps who, when and how only (Art. 11).
        request.log.info({ complaint: id, lead: lead.username, toldBy }, 'complaint answered');
        return done(tx, id, at);
      }),
  );

  api.post(
    '/api/v1/complaints/:id/close',
    {
      schema: {
        summary:
          'Close a complaint (Art. 16): answered before, or with the answer given now; leads only',
        tags: ['journal'],
        security: BEARER,
        params: ComplaintIdParams,
        body: ComplaintLeadCloseBody,
        response: { 200: ComplaintItem, ...ACTION_ERRORS },
      },
    },
    async (request) =>
      asLead(deps, request, 'close-complaint', async (tx, lead, at) => {
        const { id } = request.params;
        const { answer, toldBy } = request.body;
        if (toldBy && !answer) throw new AppError('bad-request', 'toldBy comes with an answer');
        await openOne(tx, id);
        const by = lead.username;
        if (answer)
          await recordAction(tx, {
            complaintId: id,
            action: 'answer',
            at,
            by,
            response: answer,
            toldBy,
          });
        const text = answer ?? (await latestResponse(tx, id));
        if (!text) throw new AppError('conflict', 'answer the complaint before closing it');
        await recordAction(tx, { complaintId: id, action: 'close', at, by });
        await setStatus(tx, id, 'closed', { at, by, answer: text });
        request.log.info({ complaint: id, lead: by }, 'complaint closed');
        return done(tx, id, at);
      }),
  );
}
