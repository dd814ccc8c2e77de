// `GET /api/v1/alerts`: what supervisors must see (Art. 10, 11, 18), newest first, for leads and
// above only; anyone below lead is refused and the attempt recorded. One alert by id, and the
// Art. 18 emergency steps a lead records on a fraud alert. Listed with the approvals in the API
// document, where a lead works.
import {
  Alert,
  AlertsQuery,
  AlertsResponse,
  EmergencyStepParams,
  EmergencyStepRequest,
  IdParams,
} from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { asLead } from '../permissions.js';
import { lockFraudAlert, recordEmergencyStep } from './emergency.js';
import { listAlerts, readAlert } from './repository.js';
import { alertWorkflowRoutes } from './workflow-plugin.js';

export async function alertsPlugin(api: Api, deps: RouteDeps): Promise<void> {
  await alertWorkflowRoutes(api, deps);
  api.get(
    '/api/v1/alerts',
    {
      schema: {
        summary: 'Alerts for supervisors (lead+): over-permission, fraud, lockouts, exceptions',
        tags: ['approvals'],
        security: BEARER,
        querystring: AlertsQuery,
        response: { 200: AlertsResponse, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) =>
      asLead(deps, request, 'list-alerts', async (tx) => {
        const { kind, open, status, limit } = request.query;
        return {
          alerts: await listAlerts(tx, {
            kind,
            open: open === undefined ? undefined : open === 'true',
            status,
            limit,
          }),
        };
      }),
  );

  api.get(
    '/api/v1/alerts/:id',
    {
      schema: {
        summary: 'One alert (lead+); a fraud alert with its Art. 18 emergency steps',
        tags: ['approvals'],
        security: BEARER,
        params: IdParams,
        response: { 200: Alert, ...errorResponses('unauthorized', 'forbidden', 'not-found') },
      },
    },
    async (request) =>
      asLead(deps, request, 'read-alert', async (tx) => {
        const alert = await readAlert(tx, request.params.id);
        if (!alert) throw new AppError('not-found', 'no such alert');
        return alert;
      }),
  );

  api.post(
    '/api/v1/alerts/:id/emergency-steps/:step',
    {
      schema: {
        summary:
          'Art. 18: a lead records an emergency step of a fraud alert (once; reported-to-police ' +
          'with the case number; business-suspended is recorded by the suspension itself)',
        tags: ['approvals'],
        security: BEARER,
        params: EmergencyStepParams,
        body: EmergencyStepRequest,
        response: {
          200: Alert,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request) => {
      const { id, step } = request.params;
      const answer = await asLead(deps, request, 'record-emergency-step', async (tx, lead, at) => {
        const alertId = await lockFraudAlert(tx, id);
        const written = await recordEmergencyStep(
          tx,
          alertId,
          step,
          request.body,
          lead.username,
          at,
        );
        return { written, alert: (await readAlert(tx, alertId))! };
      });
      if (answer.written) request.log.info({ alert: id, step }, 'fraud emergency step (Art. 18)');
      return answer.alert;
    },
  );
}
