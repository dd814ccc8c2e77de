// The lead's alert workflow over HTTP (Art. 10, 11, 18): acknowledge, assign to a lead, resolve
// with an outcome, and the leads one may assign to. Lead-only through asLead: anyone below is
// refused (403) and the attempt raises an over-permission alert. Bad input changes nothing.
import {
  Alert,
  AlertAssignBody,
  AlertAssignees,
  AlertResolveBody,
  IdParams,
} from '../../common/records-api.js';
import type { AlertActionInput } from '../../common/policy.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { asLead } from '../permissions.js';
import { readAlert } from './repository.js';
import { actOnAlert, assignableLeads } from './workflow.js';

const ACTION_ERRORS = errorResponses(
  'bad-request',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
);

export async function alertWorkflowRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const act = (request: Parameters<typeof asLead>[1], id: string, input: AlertActionInput) =>
    asLead(deps, request, `${input.action}-alert`, async (tx, lead, at) => {
      await actOnAlert(tx, id, input, lead.username, at);
      return (await readAlert(tx, id))!;
    });

  api.get(
    '/api/v1/alerts/assignees',
    {
      schema: {
        summary: 'The leads an alert may be assigned to, by name (lead+)',
        tags: ['approvals'],
        security: BEARER,
        response: { 200: AlertAssignees, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) =>
      asLead(deps, request, 'list-alert-assignees', async (tx) => ({
        leads: await assignableLeads(tx),
      })),
  );

  api.post(
    '/api/v1/alerts/:id/acknowledge',
    {
      schema: {
        summary: 'A lead acknowledges an open alert (once; who and when recorded)',
        tags: ['approvals'],
        security: BEARER,
        params: IdParams,
        response: { 200: Alert, ...ACTION_ERRORS },
      },
    },
    async (request) => act(request, request.params.id, { action: 'acknowledge' }),
  );

  api.post(
    '/api/v1/alerts/:id/assign',
    {
      schema: {
        summary: 'A lead assigns an unresolved alert to a lead (who, to whom and when recorded)',
        tags: ['approvals'],
        security: BEARER,
        params: IdParams,
        body: AlertAssignBody,
        response: { 200: Alert, ...ACTION_ERRORS },
      },
    },
    async (request) => act(request, request.params.id, { action: 'assign', to: request.body.to }),
  );

  api.post(
    '/api/v1/alerts/:id/resolve',
    {
      schema: {
        summary:
          'A lead resolves an alert with an outcome and note (false-alarm and escalated need ' +
          'the note; a fraud alert is handled only after its Art. 18 steps)',
        tags: ['approvals'],
        security: BEARER,
        params: IdParams,
        body: AlertResolveBody,
        response: { 200: Alert, ...ACTION_ERRORS },
      },
    },
    async (request) => {
      const alert = await act(request, request.params.id, {
        action: 'resolve',
        outcome: request.body.outcome,
        note: request.body.note,
      });
      request.log.info({ alert: alert.id, outcome: alert.outcome }, 'alert resolved');
      return alert;
    },
  );
}
