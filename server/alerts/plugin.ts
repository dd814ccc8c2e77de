// `GET /api/v1/alerts`: what supervisors must see (Art. 10, 11, 18), newest first, for leads and
// above only; anyone below lead is refused and the attempt recorded. Listed with the approvals in
// the API document, where a lead works.
import { AlertsQuery, AlertsResponse } from '../../common/records-api.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { asLead } from '../permissions.js';
import { listAlerts } from './repository.js';

export async function alertsPlugin(api: Api, deps: RouteDeps): Promise<void> {
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
        const { kind, open, limit } = request.query;
        return {
          alerts: await listAlerts(tx, {
            kind,
            open: open === undefined ? undefined : open === 'true',
            limit,
          }),
        };
      }),
  );
}
