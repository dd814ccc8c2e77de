// `GET /api/v1/customers?mobile=`: who is reserved on a caller's number (Art. 5), for any
// signed-in agent, rate-limited per agent and audited like the checks (Art. 11). It answers masked
// customers only, and the number, which travels in the query string, is never kept in clear.
import type { FastifyRequest } from 'fastify';
import { maskMobile, normalizeMobile } from '../../common/phone-number.js';
import { CustomerLookupQuery, CustomerLookupResponse } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, perAgentRateLimit, type Api } from '../http.js';
import type { VerificationDeps } from '../verification/options.js';
import { lookUpCustomers } from './repository.js';

export async function customersPlugin(api: Api, deps: VerificationDeps): Promise<void> {
  const limit = deps.verification?.lookupRateLimit ?? { max: 60, timeWindowMs: 60_000 };
  api.get(
    '/api/v1/customers',
    {
      config: perAgentRateLimit(limit, 'customer look-ups'),
      // The caller number travels in the query string; the access log must not keep it (Art. 11).
      logSerializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: req.url.replace(/([?&]mobile=)[^&]*/g, '$1[redacted]'),
        }),
      },
      schema: {
        summary: 'Customers reserved on a caller number (Art. 5), masked; each look-up audited',
        tags: ['verification'],
        security: BEARER,
        querystring: CustomerLookupQuery,
        response: {
          200: CustomerLookupResponse,
          ...errorResponses('unauthorized', 'rate-limited'),
        },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const mobile = normalizeMobile(request.query.mobile);
      if (mobile === null)
        throw new AppError(
          'bad-request',
          'mobile: must be a mainland mobile number (+86 / 0086, spaces and dashes allowed)',
        );
      // The answer and its audit row commit together: no look-up goes unrecorded.
      const customers = await lookUpCustomers(deps.db, {
        at: deps.now(),
        agent: agent.username,
        mobile,
        training: request.query.namespace === 'training',
      });
      request.log.info(
        { agent: agent.username, mobileMasked: maskMobile(mobile), matches: customers.length },
        'customer look-up',
      );
      return { customers };
    },
  );
}
