// `POST /api/v1/journal/batches`: desktops sync their hash-chained journals here (Art. 11), one
// device's batch at a time, one result per entry (./ingest.ts). The uploader is authenticated
// before the body is read; a batch over 100 entries or 1 MiB is a 413 that writes nothing.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  JOURNAL_BATCH_MAX_BYTES,
  JOURNAL_BATCH_MAX_ENTRIES,
  JournalBatchResponse,
  type JournalEntryResult,
} from '../../common/journal-chain.js';
import type { Authenticated } from '../auth/tokens.js';
import {
  BEARER,
  ErrorResponse,
  errorResponses,
  toErrorResponse,
  type Api,
  type RouteDeps,
} from '../http.js';
import { admitBatch } from '../devices/gate.js';
import { defaultEffects, type EffectOptions, type EffectRegistry } from './effects.js';
import { ingestBatch, JournalBatchRequest } from './ingest.js';

export interface JournalArchiveOptions extends EffectOptions {
  /** Replaces the default effects (tests). */
  effects?: EffectRegistry;
  /**
   * Refuse unsigned batches of devices never registered (server/devices/gate.ts). Registered
   * devices are always checked.
   */
  requireRegisteredDevices?: boolean;
}

const tooLarge = (reply: FastifyReply, message: string) =>
  // 413 tells the desktop to halve the batch; the code stays a contract code (common/result.ts).
  reply
    .status(413)
    .send({ error: { code: 'bad-request', message: `batch too large: ${message}` } });

export async function journalArchivePlugin(
  api: Api,
  options: RouteDeps & JournalArchiveOptions,
): Promise<void> {
  const { db, now, requireAgent } = options;
  const effects = options.effects ?? defaultEffects(options);
  const uploaders = new WeakMap<FastifyRequest, Authenticated>();

  api.post(
    '/api/v1/journal/batches',
    {
      schema: {
        summary:
          'Archive a batch of one device’s journal entries (≤ 100 entries, ≤ 1 MiB); one result per entry',
        tags: ['journal'],
        security: BEARER,
        body: JournalBatchRequest,
        response: {
          200: JournalBatchResponse,
          413: ErrorResponse,
          ...errorResponses('unauthorized', 'device-revoked', 'journal-rewritten'),
        },
      },
      // The app-wide 64 KiB limit would refuse a legal batch; a larger body is a clear 413.
      bodyLimit: JOURNAL_BATCH_MAX_BYTES,
      // Before the body is read: an unsigned client cannot make us parse a megabyte.
      onRequest: async (request) => {
        uploaders.set(request, await requireAgent(request));
      },
      preValidation: async (request, reply) => {
        const entries = (request.body as { entries?: unknown } | undefined)?.entries;
        if (Array.isArray(entries) && entries.length > JOURNAL_BATCH_MAX_ENTRIES) {
          options.metrics?.journalBatchRefused('too-large');
          return tooLarge(
            reply,
            `${entries.length} entries (at most ${JOURNAL_BATCH_MAX_ENTRIES}); send fewer`,
          );
        }
      },
      errorHandler: (error, request, reply) => {
        const { status, body } = toErrorResponse(error);
        const tooBig = (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE';
        options.metrics?.journalBatchRefused(tooBig ? 'too-large' : body.error.code);
        if (tooBig) {
          request.log.info({ status: 413 }, 'journal batch refused: body too large');
          return tooLarge(
            reply,
            `the body is over ${JOURNAL_BATCH_MAX_BYTES} bytes; send fewer entries`,
          );
        }
        if (status >= 500) request.log.error({ err: error }, 'request failed');
        else request.log.info({ code: body.error.code, status }, 'request refused');
        // Same answer as the app-wide handler (app.ts) for everything else.
        return (reply as FastifyReply).status(status).send(body);
      },
    },
    async (request) => {
      const uploader = uploaders.get(request)!;
      // The device first: a refused batch stores nothing (its alert is committed on its own).
      await admitBatch(db, request.body, {
        pepper: options.pepper,
        now: now(),
        receivedBy: uploader.agent.username,
        requireRegistered: options.requireRegisteredDevices ?? false,
      });
      const results = await ingestBatch(db, request.body, {
        receivedBy: uploader.agent.username,
        now: now(),
        effects,
      });
      const count = (status: JournalEntryResult['status']) =>
        results.filter((r) => r.status === status).length;
      options.metrics?.journalBatch({
        applied: count('applied'),
        duplicate: count('duplicate'),
        rejected: count('rejected'),
      });
      request.log.info(
        {
          agent: uploader.agent.username,
          deviceId: request.body.deviceId,
          applied: count('applied'),
          duplicate: count('duplicate'),
          rejected: count('rejected'),
        },
        'journal batch ingested',
      );
      return { results };
    },
  );
}
