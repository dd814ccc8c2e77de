// `POST /api/v1/journal/batches`: desktops sync their hash-chained journals here (Art. 11), one
// device's batch at a time, one result per entry (./ingest.ts). The uploader is authenticated
// before the body is read; a batch over 1,000 entries or 1 MiB of JSON (gzipped or not) is a 413
// that writes nothing, and a batch past the instance's ingest queue a 503 that writes nothing.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
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
import { decodedBody, TOO_LARGE, UNSUPPORTED_ENCODING } from './encoding.js';
import { ingestBatch, JournalAhead, JournalBatchRequest } from './ingest.js';
import { IngestLimiter } from './limiter.js';
import { surelyBatch } from './well-formed.js';

export interface JournalArchiveOptions extends EffectOptions {
  /** Replaces the default effects (tests). */
  effects?: EffectRegistry;
  /**
   * Refuse unsigned batches of devices never registered (server/devices/gate.ts). Registered
   * devices are always checked.
   */
  requireRegisteredDevices?: boolean;
  /** Batches ingested at once by this instance (limiter.ts); default DEFAULT_INGEST_CONCURRENCY. */
  ingestConcurrency?: number;
}

/** A refusal; `headSeq` only with `journal-ahead`: the archive's head for that device. */

/** The request header a desk sets on a batch sent while an earlier one is unanswered. */
const PIPELINED = 'journal-pipelined';

const tooLarge = (reply: FastifyReply, message: string) =>
  // 413 tells the desktop to halve the batch; the code stays a contract code (common/result.ts).
  reply
    .status(413)
    .send({ error: { code: 'bad-request', message: `batch too large: ${message}` } });

const busy = (reply: FastifyReply, limiter: IngestLimiter) =>
  reply
    .status(503)
    .header('retry-after', String(limiter.retryAfterSeconds()))
    .send({
      error: {
        code: 'unavailable',
        message:
          'journal ingest is busy on this instance; nothing was stored, send the batch again after Retry-After seconds',
      },
    });

export async function journalArchivePlugin(
  api: Api,
  options: RouteDeps & JournalArchiveOptions,
): Promise<void> {
  const { db, now, requireAgent } = options;
  const effects = options.effects ?? defaultEffects(options);
  const uploaders = new WeakMap<FastifyRequest, Authenticated>();
  const limiter = new IngestLimiter(options.ingestConcurrency);

  api.post(
    '/api/v1/journal/batches',
    {
      schema: {
        summary:
          'Archive a batch of one device’s journal entries (≤ 1,000 entries, ≤ 1 MiB of JSON; `Content-Encoding: gzip` accepted); one result per entry. `Journal-Pipelined: 1` marks a batch sent while an earlier one is unanswered: if it starts past the head, 409 `journal-ahead` with `headSeq`, nothing stored. 503 with Retry-After: ingest busy, nothing stored.',
        tags: ['journal'],
        security: BEARER,
        body: JournalBatchRequest,
        response: {
          200: JournalBatchResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          ...errorResponses('unauthorized', 'device-revoked', 'unavailable'),
          409: ErrorResponse,
        },
      },
      // A well-formed batch (nearly all) is checked once in plain code, not copied entry by entry;
      // anything else gets the schema's verdict and error text, exactly as app-wide.
      validatorCompiler: (route) => {
        // Fastify hands the part's zod schema (its route types name the whole schema object).
        const bySchema = validatorCompiler(
          route as unknown as Parameters<typeof validatorCompiler>[0],
        );
        return (data) =>
          route.httpPart === 'body' && surelyBatch(data) ? { value: data } : bySchema(data);
      },
      // The app-wide 64 KiB limit would refuse a legal batch; a larger body is a clear 413.
      bodyLimit: JOURNAL_BATCH_MAX_BYTES,
      // Before the body is read: an unsigned client cannot make us parse a megabyte.
      onRequest: async (request, reply) => {
        uploaders.set(request, await requireAgent(request));
        // In line before a megabyte is read and parsed; refused at once when the line is full.
        const leave = await limiter.admit();
        if (!leave) {
          options.metrics?.journalBatchRefused('unavailable');
          return busy(reply, limiter);
        }
        // The place is given back when the answer has gone or the desk has hung up.
        reply.raw.once('close', leave);
        if (request.raw.destroyed || reply.raw.destroyed) leave();
      },
      // Every answer, errors too, says what this archive reads: the desk gzips (RFC 7694's
      // Accept-Encoding on a response) and keeps two batches in flight only after seeing these, so
      // a desk newer than its server (or behind a rolling upgrade) never sends what it can't read.
      onSend: async (_request, reply, payload) => {
        reply.header('accept-encoding', 'gzip').header(PIPELINED, '1');
        return payload;
      },
      preParsing: async (request, _reply, payload) =>
        decodedBody(request, payload, JOURNAL_BATCH_MAX_BYTES),
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
        const errorCode = (error as { code?: string }).code;
        const tooBig = errorCode === TOO_LARGE;
        options.metrics?.journalBatchRefused(tooBig ? 'too-large' : body.error.code);
        if (tooBig) {
          request.log.info({ status: 413 }, 'journal batch refused: body too large');
          return tooLarge(
            reply,
            `the body is over ${JOURNAL_BATCH_MAX_BYTES} bytes${request.headers['content-encoding'] ? ' once decompressed' : ''}; send fewer entries`,
          );
        }
        if (errorCode === UNSUPPORTED_ENCODING) {
          request.log.info({ status: 415 }, 'journal batch refused: content encoding');
          return reply.status(415).send({
            error: { code: 'bad-request', message: 'content-encoding must be gzip or identity' },
          });
        }
        if (error instanceof JournalAhead) {
          request.log.info({ headSeq: error.headSeq }, 'journal batch ahead of the archive');
          return reply.status(409).send({ error: { ...body.error, headSeq: error.headSeq } });
        }
        if (status >= 500) request.log.error({ err: error }, 'request failed');
        else request.log.info({ code: body.error.code, status }, 'request refused');
        // Same answer as the app-wide handler (app.ts) for everything else.
        return (reply as FastifyReply).status(status).send(body);
      },
    },
    async (request, reply) => {
      const uploader = uploaders.get(request)!;
      const ran = await limiter.run(async () => {
        // The device first: a refused batch stores nothing (its alert is committed on its own).
        await admitBatch(db, request.body, {
          pepper: options.pepper,
          now: now(),
          receivedBy: uploader.agent.username,
          requireRegistered: options.requireRegisteredDevices ?? false,
        });
        return ingestBatch(db, request.body, {
          receivedBy: uploader.agent.username,
          now: now(),
          effects,
          pipelined: request.headers[PIPELINED] === '1',
        });
      });
      if (!ran) {
        options.metrics?.journalBatchRefused('unavailable');
        return busy(reply, limiter);
      }
      const results = ran.value;
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
