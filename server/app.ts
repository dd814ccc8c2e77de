// The records service's HTTP surface (Fastify). Every body is parsed with a strict zod schema before
// anything is read or written; every failure answers `{error:{code,message}}` with a contract code
// (common/result.ts), bad input is a 400 and never a 5xx, and nothing is written on a bad request
// (style.md §3). This function builds the instance; start.ts listens.
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { SignInRequest } from '../common/contract.js';
import { AppError, type AppErrorBody, type ErrorCode } from '../common/result.js';
import { createAuth, DEFAULT_TOKEN_TTL_SECONDS, type Authenticated } from './auth.js';
import type { Db } from './db.js';
import { createLogger, withRedaction } from './logger.js';
import { assertScryptCost, DEFAULT_SCRYPT_COST, type ScryptCost } from './passwords.js';
import { resolvePepper } from './secrets.js';
import { formatIssues } from './validation.js';
import { SERVICE_VERSION } from './version.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface BuildServerOptions {
  db: Db;
  /** A pino-compatible logger (our redaction is added), or false for none. Default: pino on stderr. */
  logger?: FastifyBaseLogger | false;
  tokenTtlSeconds?: number;
  passwordCost?: ScryptCost;
  /** Key for national ID hashes; routes that match ID numbers will need it. Dev default + warning. */
  pepper?: string;
  now?: () => Date;
  /** Sign-in attempts allowed per client IP and username per window. Default 10 per minute. */
  signInRateLimit?: { max: number; timeWindowMs: number };
  version?: string;
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
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
};

/** Fastify's body-parsing errors, reworded for the client; none quotes the body (it may hold a password). */
const BODY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'content-type must be application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: `body is larger than ${BODY_LIMIT_BYTES / 1024} KiB`,
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body is empty; send a JSON object',
  FST_ERR_CTP_INVALID_JSON_BODY: 'body is not valid JSON (or has a forbidden __proto__ / constructor key)',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length does not match the body',
};

function toErrorResponse(error: unknown): { status: number; body: { error: AppErrorBody } } {
  if (error instanceof AppError) return { status: STATUS_BY_CODE[error.code], body: { error: { code: error.code, message: error.message } } };
  const { code, statusCode, message } = error as { code?: string; statusCode?: number; message?: string };
  const bodyMessage = code ? BODY_ERRORS[code] : undefined;
  if (bodyMessage) return { status: 400, body: { error: { code: 'bad-request', message: bodyMessage } } };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: 400, body: { error: { code: 'bad-request', message: message || 'bad request' } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('bad-request', 'body must be a JSON object');
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('bad-request', formatIssues(parsed.error).join('; '));
  return parsed.data;
}

export function buildServer(options: BuildServerOptions): FastifyInstance {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const passwordCost = options.passwordCost ?? DEFAULT_SCRYPT_COST;
  assertScryptCost(passwordCost);
  const logger = options.logger === false ? undefined : options.logger ? withRedaction(options.logger) : createLogger();
  // Resolved now so a missing pepper is reported at start-up, not on the first ID lookup.
  resolvePepper(options.pepper, logger);
  const auth = createAuth({ db, now, tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS, passwordCost });
  const limit = options.signInRateLimit ?? { max: 10, timeWindowMs: 60_000 };

  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    // The service sits behind nothing by default; a proxy deployment must opt in explicitly,
    // or X-Forwarded-For would let a client pick its own rate-limit key.
    trustProxy: false,
  }) as unknown as FastifyInstance;

  // JSON only: without this, text/plain bodies would reach handlers as strings.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
  // Tokens and profiles must not linger in HTTP caches.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.addHook('onClose', async () => {
    await db.close();
  });

  app.register(rateLimit, { global: false });

  async function requireAgent(request: FastifyRequest): Promise<Authenticated> {
    const header = request.headers.authorization;
    const match = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match) throw new AppError('unauthorized', 'sign in first: send Authorization: Bearer <token>');
    const authenticated = await auth.authenticate(match[1]!);
    if (!authenticated) throw new AppError('unauthorized', 'the token is invalid, expired or revoked; sign in again');
    return authenticated;
  }

  // Registered after the rate-limit plugin so its onRoute hook sees the per-route config.
  app.register(async (api) => {
    api.get('/health', async (request, reply) => {
      try {
        await db.query('select 1');
        return { status: 'ok', db: db.kind, version: options.version ?? SERVICE_VERSION };
      } catch (error) {
        request.log.warn({ err: error }, 'health check: database unreachable');
        // `status` for monitors, `error` for the desktop's records client (Art. 12 outage path).
        return reply.status(503).send({ status: 'unavailable', error: { code: 'unavailable', message: 'the records database is unreachable' } });
      }
    });

    api.post(
      '/api/v1/auth/sign-in',
      {
        config: {
          rateLimit: {
            max: limit.max,
            timeWindow: limit.timeWindowMs,
            // After body parsing, so the key can include the username: one noisy user cannot lock
            // out a whole call-centre floor behind one NAT address, and guessing stays slow.
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => {
              const body = request.body as { username?: unknown } | undefined;
              const username = typeof body?.username === 'string' ? body.username.toLowerCase().slice(0, 64) : '';
              return `${request.ip}|${username}`;
            },
            errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) =>
              new AppError('rate-limited', `too many sign-in attempts; try again in ${context.after}`),
          },
        },
      },
      async (request) => {
        const { username, password } = parseBody(SignInRequest, request.body);
        const signedIn = await auth.signIn(username, password);
        // One answer for unknown user, wrong password and disabled account: no account enumeration.
        if (!signedIn) throw new AppError('invalid-credentials', 'username or password is incorrect');
        request.log.info({ agent: signedIn.agent.username, tier: signedIn.agent.tier }, 'agent signed in');
        return { token: signedIn.token, expiresAt: signedIn.expiresAt.toISOString(), agent: signedIn.agent };
      },
    );

    api.post('/api/v1/auth/sign-out', async (request, reply: FastifyReply) => {
      const { agent, tokenHash } = await requireAgent(request);
      await auth.revoke(tokenHash);
      request.log.info({ agent: agent.username }, 'agent signed out');
      return reply.status(204).send();
    });

    api.get('/api/v1/agents/me', async (request) => (await requireAgent(request)).agent);
  });

  return app;
}
