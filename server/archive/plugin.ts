// The archive look-up (Art. 11) for team leads and auditors: search calls, open one call's
// timeline, and the integrity proof that nothing archived inside the retention was removed
// (./seals.ts). Every look-up is audited in the transaction that answers it; seals are made on a
// timer and before each proof. The retention in force is written by start.ts, after migrating.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ArchiveIntegrity,
  ArchiveIntegrityQuery,
  ArchiveSearchQuery,
  ArchiveSearchResponse,
  CallId,
  CallTimeline,
} from '../../common/archive-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { asArchiveReader, auditLookup } from './access.js';
import { proveIntegrity, sealPending } from './seals.js';
import { findCall, searchCalls } from './search.js';
import { namesOf } from '../alerts/workflow.js';
import { callTimeline, timelinePeople } from './timeline.js';

export interface ArchiveOptions {
  /** Seal new archive rows this often (start.ts: every minute); none when absent (tests). */
  sealEveryMs?: number;
}

const ordered = (from: string | undefined, to: string | undefined) => {
  if (from && to && Date.parse(from) > Date.parse(to))
    throw new AppError('bad-request', 'from: must not be after to');
};

export async function archivePlugin(api: Api, deps: RouteDeps & ArchiveOptions): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  api.addHook('onReady', async () => {
    if (deps.sealEveryMs) {
      timer = setInterval(() => {
        sealPending(deps.db, deps.now()).catch((err: unknown) =>
          deps.logger?.error({ err }, 'archive seal failed; retried on the next tick'),
        );
      }, deps.sealEveryMs);
      timer.unref();
    }
  });
  api.addHook('onClose', async () => clearInterval(timer));

  api.get(
    '/api/v1/archive/calls',
    {
      // A full number typed by mistake is refused (400), but would sit in the access log: the
      // customer criterion never reaches it (Art. 11).
      logSerializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: req.url.replace(/([?&]customer=)[^&]*/g, '$1[redacted]'),
        }),
      },
      schema: {
        summary:
          'Search archived calls by agent, customer (id or masked), call, start time and ' +
          'outcome, newest first (Art. 11); leads and auditors; audited',
        tags: ['archive'],
        security: BEARER,
        querystring: ArchiveSearchQuery,
        response: { 200: ArchiveSearchResponse, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      const query = request.query;
      ordered(query.from, query.to);
      return asArchiveReader(deps, request, 'search-archive', async (tx, reader, at) => {
        const page = await searchCalls(tx, query);
        const { limit: _limit, ...criteria } = query;
        await auditLookup(tx, {
          at,
          by: reader.username,
          action: 'search',
          criteria,
          results: page.calls.length,
        });
        request.log.info(
          { reader: reader.username, criteria: Object.keys(criteria), calls: page.calls.length },
          'archive searched',
        );
        return page;
      });
    },
  );

  api.get(
    '/api/v1/archive/calls/:callId/timeline',
    {
      schema: {
        summary:
          'One archived call, whole: sessions, checks, approvals, alerts, journal entries, ' +
          'call-backs and complaints, oldest first (Art. 11); audited',
        tags: ['archive'],
        security: BEARER,
        params: z.object({ callId: CallId }).strict(),
        response: {
          200: CallTimeline,
          ...errorResponses('unauthorized', 'forbidden', 'not-found'),
        },
      },
    },
    async (request) => {
      const { callId } = request.params;
      return asArchiveReader(deps, request, 'open-archived-call', async (tx, reader, at) => {
        const call = await findCall(tx, callId);
        const items = call ? await callTimeline(tx, callId) : [];
        await auditLookup(tx, {
          at,
          by: reader.username,
          action: 'timeline',
          criteria: { call: callId },
          results: items.length,
        });
        // Audited even when nothing is found: looking is what is recorded.
        if (!call) return null;
        const names = await namesOf(tx, timelinePeople(items));
        return { call, items, names };
      }).then((found) => {
        if (!found) throw new AppError('not-found', 'no archived record carries this call id');
        return found;
      });
    },
  );

  api.get(
    '/api/v1/archive/integrity',
    {
      schema: {
        summary:
          'Proof that nothing archived was removed or altered: seals the rows not sealed yet, ' +
          're-walks the seal chain and re-digests every row sealed in [from, to]; audited',
        tags: ['archive'],
        security: BEARER,
        querystring: ArchiveIntegrityQuery,
        response: { 200: ArchiveIntegrity, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      ordered(from, to);
      const reader = await asArchiveReader(deps, request, 'prove-archive', async (_tx, r) => r);
      const at = deps.now();
      await sealPending(deps.db, at);
      const proof = await proveIntegrity(
        deps.db,
        { ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) },
        at,
      );
      await deps.db.transaction((tx) =>
        auditLookup(tx, {
          at,
          by: reader.username,
          action: 'integrity',
          criteria: { from: from ?? null, to: to ?? null, ok: proof.ok },
          results: proof.range.rows,
        }),
      );
      request.log[proof.ok ? 'info' : 'error'](
        { reader: reader.username, ok: proof.ok, problems: proof.problemCount },
        'archive integrity proved',
      );
      return proof;
    },
  );
}
