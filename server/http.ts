// The plumbing every resource plugin shares: the error shape and its status codes, how a request's
// zod validation failure becomes one clear 400, and the dependencies a plugin receives. Routes
// declare body, params, query and responses as zod schemas (fastify-type-provider-zod): the same
// schemas validate requests, strip anything undeclared from responses, and produce the OpenAPI
// document served at /openapi.json (@fastify/swagger).
import { createHash } from 'node:crypto';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ERROR_CODES, type AppErrorBody, type ErrorCode } from '../common/result.js';
import type { Authenticated } from './auth/tokens.js';
import type { Db } from './db.js';
import type { ScryptCost } from './passwords.js';
import type { ServiceMetrics } from './metrics.js';
import type { SmsGateway } from './sms.js';
import { formatPath } from './validation.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

/** Fastify with zod schemas as its type provider: handlers see parsed, typed bodies. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What a resource plugin gets from app.ts: the world as parameters (style.md §4). */
export interface RouteDeps {
  db: Db;
  now: () => Date;
  /** 401 `unauthorized` unless the request carries a live bearer token. */
  requireAgent(request: FastifyRequest): Promise<Authenticated>;
  /** Key for national ID hashes (server/secrets.ts). */
  pepper: string;
  passwordCost: ScryptCost;
  /** Where passcodes go (Art. 7); absent when none is configured: OTP routes then answer 503. */
  sms?: SmsGateway;
  /** Absent when the server runs without logs (tests). */
  logger?: FastifyBaseLogger;
  /** Prometheus counters (server/metrics.ts); absent when the server is built without. */
  metrics?: ServiceMetrics;
}

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  'bad-request': 400,
  'unknown-channel': 404,
  'bad-sender': 403,
  unauthorized: 401,
  'invalid-credentials': 401,
  forbidden: 403,
  'locked-by-policy': 403,
  unavailable: 503,
  'rate-limited': 429,
  'not-found': 404,
  conflict: 409,
  internal: 500,
  'training-required': 403,
  'device-unknown': 403,
  'device-revoked': 403,
  'device-signature-invalid': 403,
  'journal-rewritten': 409,
  'journal-ahead': 409,
};

/** `{"error":{"code","message"}}`: the one error shape of every route (common/result.ts). */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      headSeq: z.number().int().optional().meta({
        description:
          '`journal-ahead` only: the seq of the archive’s head for that device (send from there)',
      }),
    }),
  })
  .meta({
    id: 'Error',
    description: 'Every refusal and failure; `code` is one of the contract error codes',
  });

/**
 * Response schemas for a route's documented refusals, keyed by status, for `schema.response`.
 * Every route may also answer 400 (bad input), 429 and 500; those are added here too.
 */
export function errorResponses(...codes: ErrorCode[]): Record<number, typeof ErrorResponse> {
  const statuses = new Set<number>([400, 500, ...codes.map((code) => STATUS_BY_CODE[code])]);
  return Object.fromEntries([...statuses].map((status) => [status, ErrorResponse]));
}

/**
 * A route's `config` limiting it per signed-in agent (the bearer token, hashed; the address
 * without one), so a scripted client cannot hammer it: over `max` per window → 429 `rate-limited`
 * saying what was limited and when to try again.
 */
export function perAgentRateLimit(limit: { max: number; timeWindowMs: number }, what: string) {
  return {
    rateLimit: {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: (request: FastifyRequest) =>
        createHash('sha256')
          .update(request.headers.authorization ?? request.ip)
          .digest('hex'),
      errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) =>
        new AppError('rate-limited', `too many ${what}; try again in ${context.after}`),
    },
  };
}

/** Bearer-token routes, for OpenAPI. */
export const BEARER = [{ bearer: [] as string[] }];

/** The query of a lead's queue: an optional status filter and a page size (default 200). */
export const listQuery = <S extends z.ZodType>(status: S) =>
  z
    .object({
      status: status.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    })
    .strict();

/** Fastify's body-parsing errors, reworded; none quotes the body (it may hold a password). */
const BODY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'content-type must be application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: `body is larger than ${BODY_LIMIT_BYTES / 1024} KiB`,
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body is empty; send a JSON object',
  FST_ERR_CTP_INVALID_JSON_BODY:
    'body is not valid JSON (or has a forbidden __proto__ / constructor key)',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length does not match the body',
};

/** One item of a zod validation failure as fastify-type-provider-zod reports it. */
interface ValidationItem {
  keyword: string;
  instancePath: string;
  message: string;
  params: { keys?: string[]; expected?: string };
}

/** One line per problem, naming where it is; never the rejected value (it may be a secret). */
function describeIssue(item: ValidationItem, context: string): string[] {
  const path = item.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const where = (at: readonly PropertyKey[]) =>
    formatPath(at) || (context === 'body' ? '(body)' : context);
  if (item.keyword === 'unrecognized_keys')
    return (item.params.keys ?? []).map((key) => `${where([...path, key])}: unknown key`);
  if (item.keyword === 'invalid_type' && path.length === 0 && context === 'body')
    return ['body must be a JSON object'];
  return [`${where(path)}: ${item.message}`];
}

export function toErrorResponse(error: unknown): { status: number; body: { error: AppErrorBody } } {
  if (error instanceof AppError)
    return {
      status: STATUS_BY_CODE[error.code],
      body: { error: { code: error.code, message: error.message } },
    };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const lines = error.validation.flatMap((item) =>
      describeIssue(item as unknown as ValidationItem, context),
    );
    return { status: 400, body: { error: { code: 'bad-request', message: lines.join('; ') } } };
  }
  if (isResponseSerializationError(error))
    return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
  const { code, statusCode, message } = error as {
    code?: string;
    statusCode?: number;
    message?: string;
  };
  const bodyMessage = code ? BODY_ERRORS[code] : undefined;
  if (bodyMessage)
    return { status: 400, body: { error: { code: 'bad-request', message: bodyMessage } } };
  if (statusCode === 429)
    return {
      status: 429,
      body: { error: { code: 'rate-limited', message: message || 'too many requests' } },
    };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      status: 400,
      body: { error: { code: 'bad-request', message: message || 'bad request' } },
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}
