// The records service's HTTP surface (Fastify). Every body is parsed with a strict zod schema before
// anything is read or written; every failure answers `{error:{code,message}}` with a contract code
// (common/result.ts), bad input is a 400 and never a 5xx, and nothing is written on a bad request
// (style.md §3). This function builds the instance; start.ts listens.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SignInRequest } from '../common/contract.js';
import { AgentProfile } from '../common/domain.js';
import { AppError } from '../common/result.js';
import { createAuth, DEFAULT_TOKEN_TTL_SECONDS, type Authenticated } from './auth.js';
import type { Db } from './db.js';
import { createLogger, withRedaction } from './logger.js';
import { assertScryptCost, DEFAULT_SCRYPT_COST, type ScryptCost } from './passwords.js';
import { resolvePepper } from './secrets.js';
import { BEARER, BODY_LIMIT_BYTES, errorResponses, toErrorResponse, type Api, type RouteDeps } from './http.js';
import { journalArchiveRoutes } from './journal-archive.js';
import type { SmsGateway } from './sms.js';
import { approvalRoutes, verificationRoutes, type VerificationOptions } from './verification/index.js';
import { SERVICE_VERSION } from './version.js';

export { BODY_LIMIT_BYTES } from './http.js';

/** A route module: declares its routes, with zod schemas, on the API it is given (server/http.ts). */
export type RouteModule = (api: Api, deps: RouteDeps) => void;

/** Every route module beyond health and auth, in the order they register. */
const ROUTE_MODULES: readonly RouteModule[] = [verificationRoutes, approvalRoutes, journalArchiveRoutes()];

const SignInResponse = z.object({ token: z.string(), expiresAt: z.string(), agent: AgentProfile });
const Health = z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() });
const HealthDown = z.object({ status: z.literal('unavailable'), error: z.object({ code: z.literal('unavailable'), message: z.string() }) });

export interface BuildServerOptions {
  db: Db;
  /** A pino-compatible logger (our redaction is added), or false for none. Default: pino on stderr. */
  logger?: FastifyBaseLogger | false;
  tokenTtlSeconds?: number;
  passwordCost?: ScryptCost;
  /** Key for national ID hashes. Dev default + warning. */
  pepper?: string;
  now?: () => Date;
  /** Sign-in attempts allowed per client IP and username per window. Default 10 per minute. */
  signInRateLimit?: { max: number; timeWindowMs: number };
  version?: string;
  /** The SMS gateway for one-time passcodes (server/sms.ts). */
  sms?: SmsGateway;
  /** Verification options, e.g. Art. 18 fraud thresholds (server/verification/). */
  verification?: VerificationOptions;
}

export function buildServer(options: BuildServerOptions): FastifyInstance {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const passwordCost = options.passwordCost ?? DEFAULT_SCRYPT_COST;
  assertScryptCost(passwordCost);
  const logger = options.logger === false ? undefined : options.logger ? withRedaction(options.logger) : createLogger();
  // The pepper is resolved now so a missing one is reported at start-up, not on the first ID lookup.
  const auth = createAuth({ db, now, tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS, passwordCost });
  const limit = options.signInRateLimit ?? { max: 10, timeWindowMs: 60_000 };
  const pepper = resolvePepper(options.pepper, logger);

  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    // The service sits behind nothing by default; a proxy deployment must opt in explicitly,
    // or X-Forwarded-For would let a client pick its own rate-limit key.
    trustProxy: false,
    // Refusals Fastify makes before routing (a URL that is not valid percent-encoding, a path
    // parameter over the length limit) answer in our error shape too, never in Fastify's own.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = toErrorResponse(error);
      void (reply as unknown as FastifyReply).header('cache-control', 'no-store').status(status).send(body);
    },
    // Refusals Node's HTTP parser makes before Fastify sees a request (headers or URL over the
    // size limit, malformed HTTP): the same shape, then the connection closes.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return socket.destroy();
      const tooLarge = (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify({ error: { code: 'bad-request', message: tooLarge ? 'request headers or URL too large' : 'malformed HTTP request' } });
      const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(
        `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    },
  }).withTypeProvider<ZodTypeProvider>() as unknown as Api;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

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
  app.register(swagger, {
    openapi: {
      info: { title: 'Agent Desk records service', version: options.version ?? SERVICE_VERSION, description: 'The authority for every verification check (server/README.md).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  async function requireAgent(request: FastifyRequest): Promise<Authenticated> {
    const header = request.headers.authorization;
    const match = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match) throw new AppError('unauthorized', 'sign in first: send Authorization: Bearer <token>');
    const authenticated = await auth.authenticate(match[1]!);
    if (!authenticated) throw new AppError('unauthorized', 'the token is invalid, expired or revoked; sign in again');
    return authenticated;
  }

  const deps: RouteDeps = { db, now, requireAgent, pepper, passwordCost, ...(options.sms ? { sms: options.sms } : {}), ...(logger ? { logger } : {}), ...(options.verification ? { verification: options.verification } : {}) };

  // Registered after the rate-limit and swagger plugins so their onRoute hooks see every route.
  app.register(async (api: Api) => {
    api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    api.get(
      '/health',
      { schema: { summary: 'Liveness and database reachability', tags: ['service'], response: { 200: Health, 503: HealthDown } } },
      async (request, reply) => {
        try {
          await db.query('select 1');
          return { status: 'ok' as const, db: db.kind, version: options.version ?? SERVICE_VERSION };
        } catch (error) {
          request.log.warn({ err: error }, 'health check: database unreachable');
          // `status` for monitors, `error` for the desktop's records client (Art. 12 outage path).
          return reply.status(503).send({ status: 'unavailable', error: { code: 'unavailable', message: 'the records database is unreachable' } });
        }
      },
    );

    api.post(
      '/api/v1/auth/sign-in',
      {
        schema: {
          summary: 'Sign an agent in; answers a bearer token',
          tags: ['auth'],
          body: SignInRequest,
          response: { 200: SignInResponse, ...errorResponses('invalid-credentials', 'rate-limited') },
        },
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
        const { username, password } = request.body;
        const signedIn = await auth.signIn(username, password);
        // One answer for unknown user, wrong password and disabled account: no account enumeration.
        if (!signedIn) throw new AppError('invalid-credentials', 'username or password is incorrect');
        request.log.info({ agent: signedIn.agent.username, tier: signedIn.agent.tier }, 'agent signed in');
        return { token: signedIn.token, expiresAt: signedIn.expiresAt.toISOString(), agent: signedIn.agent };
      },
    );

    api.post(
      '/api/v1/auth/sign-out',
      { schema: { summary: 'Revoke the bearer token', tags: ['auth'], security: BEARER, response: { 204: z.null(), ...errorResponses('unauthorized') } } },
      async (request, reply: FastifyReply) => {
        const { agent, tokenHash } = await requireAgent(request);
        await auth.revoke(tokenHash);
        request.log.info({ agent: agent.username }, 'agent signed out');
        return reply.status(204).send();
      },
    );

    api.get(
      '/api/v1/agents/me',
      { schema: { summary: 'The signed-in agent', tags: ['auth'], security: BEARER, response: { 200: AgentProfile, ...errorResponses('unauthorized') } } },
      async (request) => (await requireAgent(request)).agent,
    );

    for (const register of ROUTE_MODULES) register(api, deps);
  });

  return app as unknown as FastifyInstance;
}
