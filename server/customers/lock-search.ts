// `POST /api/v1/password-locks/search` (Art. 6): a lead finds a customer's password lock by the
// reserved mobile or the ID number, typed in the body (never a URL, never a log). The answer is
// masked (Art. 11) and says which locks are from the lead's own calls (four eyes, Art. 10).
import { checkNationalId } from '../../common/national-id.js';
import { maskMobile, normalizeMobile } from '../../common/phone-number.js';
import { PasswordLockSearchBody, PasswordLockSearchResponse } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { asLead } from '../permissions.js';
import { nationalIdHash } from '../secrets.js';
import { maskCustomer, type CustomerRow } from './mask.js';
import { lockingAgents } from './password-lock-repository.js';
import { recordLookup } from './repository.js';

type Found = PasswordLockSearchResponse['customers'][number];

async function withLocks(tx: Queryable, c: CustomerRow, lead: string): Promise<Found> {
  const { rows } = await tx.query<{ kind: 'query' | 'transaction'; locked_at: Date }>(
    `select kind, locked_at from password_failures
      where customer_id = $1 and locked_at is not null order by kind`,
    [c.id],
  );
  const locks = [];
  for (const r of rows)
    locks.push({
      kind: r.kind,
      lockedAt: r.locked_at.toISOString(),
      own: (await lockingAgents(tx, c.id, r.locked_at)).includes(lead),
    });
  const masked = maskCustomer(c);
  return {
    customerId: c.id,
    name: masked.name,
    mobile: masked.mobile,
    nationalId: masked.nationalId,
    locks,
  };
}

/** What to look a customer up by: a normalized mobile, or the ID's keyed hash. 400 if bad. */
function criteria(
  body: { mobile?: string | undefined; nationalId?: string | undefined },
  pepper: string,
  at: Date,
): { sql: string; value: string; mobile: string | null } {
  if (body.mobile !== undefined) {
    const mobile = normalizeMobile(body.mobile);
    if (mobile === null) throw new AppError('bad-request', 'mobile: not a mainland mobile number');
    return { sql: 'mobile = $1', value: mobile, mobile };
  }
  const id = checkNationalId(body.nationalId ?? '', at);
  if (!id.ok) throw new AppError('bad-request', 'nationalId: not a valid ID number');
  return { sql: 'national_id_hash = $1', value: nationalIdHash(pepper, id.value), mobile: null };
}

export async function lockSearchRoutes(api: Api, deps: RouteDeps): Promise<void> {
  api.post(
    '/api/v1/password-locks/search',
    {
      schema: {
        summary:
          'A lead finds customers and their password locks by reserved mobile or ID number ' +
          '(Art. 6), masked; each mobile search audited',
        tags: ['verification'],
        security: BEARER,
        body: PasswordLockSearchBody,
        response: {
          200: PasswordLockSearchResponse,
          ...errorResponses('bad-request', 'unauthorized', 'forbidden'),
        },
      },
    },
    async (request) => {
      const at = deps.now();
      let masked = 'national-id';
      const customers = await asLead(deps, request, 'search-password-locks', async (tx, lead) => {
        const where = criteria(request.body, deps.pepper, at);
        const { rows } = await tx.query<CustomerRow>(
          `select id, name, mobile, national_id_masked from customers
            where not training and ${where.sql} order by created_at, id limit 50`,
          [where.value],
        );
        if (where.mobile) {
          masked = maskMobile(where.mobile);
          const lookup = { at, agent: lead.username, mobile: where.mobile, matches: rows.length };
          await recordLookup(tx, lookup);
        }
        const found = [];
        for (const c of rows) found.push(await withLocks(tx, c, lead.username));
        return found;
      });
      request.log.info({ by: masked, matches: customers.length }, 'password-lock search');
      return { customers };
    },
  );
}
