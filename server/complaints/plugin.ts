// `GET /api/v1/complaints`: complaints with their response deadline (Art. 16), earliest deadline
// first, for team leads and above; anyone below is refused and the attempt recorded (Art. 10).
// Masked references only.
import { z } from 'zod';
import { BEARER, errorResponses, listQuery, type Api, type RouteDeps } from '../http.js';
import { requireLead } from '../permissions.js';
import { Complaint, ComplaintStatus, listComplaints } from './repository.js';

export async function complaintsPlugin(api: Api, deps: RouteDeps): Promise<void> {
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
}
