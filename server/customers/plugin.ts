// `GET /api/v1/customers?mobile=`: who is reserved on a caller's number (Art. 5), for any
// signed-in agent. It answers masked customers only, and the number, which travels in the query
// string, never reaches the access log in clear (Art. 11).
import type { FastifyRequest } from 'fastify';
import { normalizeMobile } from '../../common/phone-number.js';
import { CustomerLookupQuery, CustomerLookupResponse } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { customersByMobile } from './repository.js';

export async function customersPlugin(api: Api, deps: RouteDeps): Promise<void> {
  api.get(
    '/api/v1/customers',
    {
      // The caller number travels in the query string; the access log must not keep it (Art. 11).
      logSerializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: req.url.replace(/([?&]mobile=)[^&]*/g, '$1[redacted]'),
        }),
      },
      schema: {
        summary: 'Customers reserved on a caller number (Art. 5), masked',
        tags: ['verification'],
        security: BEARER,
        querystring: CustomerLookupQuery,
        response: { 200: CustomerLookupResponse, ...errorResponses('unauthorized') },
      },
    },
    async (request) => {
      await deps.requireAgent(request);
      const mobile = normalizeMobile(request.query.mobile);
      if (mobile === null)
        throw new AppError(
          'bad-request',
          'mobile: must be a mainland mobile number (+86 / 0086, spaces and dashes allowed)',
        );
      return { customers: await customersByMobile(deps.db, mobile) };
    },
  );
}
