// The records service's HTTP surface (Fastify): one plugin per resource, registered here in the
// order /openapi.json lists them. Every body is parsed with a strict zod schema before anything is
// read or written; every failure answers `{error:{code,message}}` with a contract code
// (common/result.ts), bad input is a 400 and never a 5xx, and nothing is written on a bad request
// (style.md §3). This function builds the instance; start.ts listens.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { alertsPlugin } from './alerts/plugin.js';
import { auditorsReadOnly } from './archive/access.js';
import { archivePlugin, type ArchiveOptions } from './archive/plugin.js';
import { assessmentPlugin, type AssessmentOptions as CloseOptions } from './assessment/plugin.js';
import { approvalsPlugin } from './approvals/plugin.js';
import { authPlugin } from './auth/plugin.js';
import { bearerGuard, createAuth, DEFAULT_TOKEN_TTL_SECONDS } from './auth/tokens.js';
import { callbacksPlugin } from './callbacks/plugin.js';
import { complaintsPlugin } from './complaints/plugin.js';
import { queueStatsPlugin } from './queue-stats/plugin.js';
import { passwordLocksPlugin } from './customers/password-locks.js';
import { customersPlugin } from './customers/plugin.js';
import type { Db } from './db.js';
import { createEventBus } from './events/bus.js';
import { eventsPlugin, type EventsOptions } from './events/plugin.js';
import { floorPlugin, type FloorOptions } from './floor/plugin.js';
import { INDICATOR_TARGETS } from '../common/policy/indicators.js';
import { monthIndicators } from './indicators/compute.js';
import { indicatorsPlugin, type AssessmentOptions } from './indicators/plugin.js';
import { rollUpMonth } from './indicators/rollup.js';
import { healthPlugin, type Readiness } from './health.js';
import { BODY_LIMIT_BYTES, toErrorResponse, type Api } from './http.js';
import { devicesPlugin } from './devices/plugin.js';
import { journalArchivePlugin } from './journal-archive/plugin.js';
import { createLogger, withRedaction } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import { assertScryptCost, DEFAULT_SCRYPT_COST, type ScryptCost } from './passwords.js';
import { resolvePepper } from './secrets.js';
import type { SmsGateway } from './sms.js';
import type { VerificationDeps, VerificationOptions } from './verification/options.js';
import { verificationPlugin } from './verification/plugin.js';
import { databaseRateLimitStore } from './rate-limits/store.js';
import { surveysPlugin } from './surveys/plugin.js';
import { reviewsPlugin } from './reviews/plugin.js';
import { reviewPolicy, type ReviewOptions } from './reviews/sampling.js';
import { SERVICE_VERSION } from './version.js';
import type { TrainingOptions } from './training/options.js';
import { trainingPlugin } from './training/plugin.js';

export { BODY_LIMIT_BYTES } from './http.js';

export interface BuildServerOptions {
  db: Db;
  /** A pino-compatible logger (our redaction is added), or false for none. Default: pino, stderr */
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
  /** Art. 16: days from a complaint to its response deadline, the company's policy. Default 5. */
  complaintResponseDays?: number;
  /** Art. 11: retention of archived records (default 5 years) and how often new rows are sealed. */
  archive?: ArchiveOptions;
  /** The push stream's keep-alive and token re-check (server/events/). */
  events?: EventsOptions;
  /** Floor policy overrides, e.g. a shorter offline sweep in tests (common/policy/floor.ts). */
  floor?: FloorOptions['floor'];
  /** Art. 19: the review sample's rate (default 5 %) and seed (default: keyed by the pepper). */
  review?: ReviewOptions;
  /**
   * The monthly assessment's policy: targets (Art. 22), the rollup timer (server/indicators/), the
   * month close's commendation rule and how often it runs (server/assessment/; tests: never).
   */
  assessment?: AssessmentOptions & Omit<CloseOptions, 'targets' | 'prepare'>;
  /** Art. 9: the training catalog and `--require-training` (server/training/). */
  training?: TrainingOptions;
  /** Whether `GET /health/ready` says draining (start.ts sets it on shutdown). */
  readiness?: Readiness;
  /** Prometheus metrics (server/metrics.ts); none are recorded without. */
  metrics?: ServiceMetrics;
  /** Serve HTTPS with this PEM certificate chain and key (Art. 15: no ID data in clear). */
  https?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Addresses of TLS proxies whose X-Forwarded-For / -Proto are believed (Fastify trustProxy),
   * so rate limits key on the client, not the proxy. Default: none.
   */
  trustProxy?: readonly string[];
  /**
   * Art. 11: refuse journal batches of devices never registered (server/devices/). `npm run
   * server` turns it on unless `--allow-unregistered-devices`; off here for embedding and tests.
   */
  requireRegisteredDevices?: boolean;
  /** Journal batches ingested at once (server/journal-archive/limiter.ts); the rest wait or 503. */
  ingestConcurrency?: number;
}

export function buildServer(options: BuildServerOptions): FastifyInstance {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const passwordCost = options.passwordCost ?? DEFAULT_SCRYPT_COST;
  assertScryptCost(passwordCost);
  const logger =
    options.logger === false
      ? undefined
      : options.logger
        ? withRedaction(options.logger)
        : createLogger();
  const auth = createAuth({
    db,
    now,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    passwordCost,
    onCacheError: (error) =>
      logger?.warn({ err: error }, 'token changes unheard: tokens read from the database'),
  });
  // The pepper is resolved now: a missing one is reported at start-up, not at the first ID lookup.
  // buildServer is a building block (tests build it directly); the production guard on a missing
  // pepper is the entry point's, start.ts.
  const pepper = resolvePepper(options.pepper, logger, { demo: true });
  const version = options.version ?? SERVICE_VERSION;

  const app = createInstance(logger, options);
  options.metrics?.instrument(app as unknown as FastifyInstance);
  app.addHook('onClose', async () => {
    await auth.close();
    await db.close();
  });
  // Counted in the database, not this process: instances share every client's budget.
  app.register(rateLimit, { global: false, store: databaseRateLimitStore(db, now) });
  app.register(swagger, {
    openapi: {
      info: {
        title: 'Agent Desk records service',
        version,
        description: 'The authority for every verification check (server/README.md).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  const signedIn = bearerGuard(auth);
  // An auditor's account works on the archive's routes only (server/archive/access.ts).
  const requireAgent = auditorsReadOnly(signedIn, { db, now });
  const deps: VerificationDeps = {
    db,
    now,
    requireAgent,
    pepper,
    passwordCost,
    ...(options.sms ? { sms: options.sms } : {}),
    ...(logger ? { logger } : {}),
    ...(options.verification ? { verification: options.verification } : {}),
    review: reviewPolicy(options.review, pepper, options.floor?.timeZone),
    ...(options.training ? { training: options.training } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };

  // Registered after the rate-limit and swagger plugins so their onRoute hooks see every route.
  app.register(async (api: Api) => {
    api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await api.register(healthPlugin, {
      db,
      version,
      readiness: options.readiness ?? { draining: false },
    });
    await api.register(authPlugin, {
      auth,
      requireAgent: signedIn,
      signInRateLimit: options.signInRateLimit ?? { max: 10, timeWindowMs: 60_000 },
    });
    await api.register(customersPlugin, deps);
    await api.register(passwordLocksPlugin, deps);
    await api.register(verificationPlugin, deps);
    await api.register(approvalsPlugin, deps);
    await api.register(alertsPlugin, deps);
    const complaints = { complaintResponseDays: options.complaintResponseDays };
    await api.register(devicesPlugin, deps);
    await api.register(journalArchivePlugin, {
      ...deps,
      ...complaints,
      requireRegisteredDevices: options.requireRegisteredDevices ?? false,
      ...(options.ingestConcurrency ? { ingestConcurrency: options.ingestConcurrency } : {}),
    });
    await api.register(callbacksPlugin, deps);
    await api.register(complaintsPlugin, { ...deps, ...complaints });
    await api.register(archivePlugin, { ...deps, ...options.archive });
    const floor = options.floor ? { floor: options.floor } : {};
    await api.register(floorPlugin, { ...deps, ...floor });
    await api.register(queueStatsPlugin, { ...deps, ...floor });
    await api.register(surveysPlugin, deps);
    await api.register(reviewsPlugin, deps);
    await api.register(indicatorsPlugin, { ...deps, ...floor, assessment: options.assessment });
    await api.register(eventsPlugin, {
      ...deps,
      ...options.events,
      bus: createEventBus(db, logger),
    });
    const { targets, ...close } = options.assessment ?? {};
    await api.register(assessmentPlugin, {
      ...deps,
      indicators: monthIndicators,
      prepare: rollUpMonth,
      ...(options.floor?.timeZone ? { timeZone: options.floor.timeZone } : {}),
      ...close,
      targets: { ...INDICATOR_TARGETS, ...targets },
    });
    await api.register(trainingPlugin, deps);
  });

  return app as unknown as FastifyInstance;
}

/** The bare instance: JSON only, our error shape for every refusal (even pre-routing), no-store. */
/**
 * One access-log line per request, when it completes (method, URL, status, time), instead of
 * Fastify's two: at hundreds of checks a second the log is a measurable share of the service's
 * CPU, and the second line said nothing the first did not. A request whose client hangs up before
 * the answer logs `request aborted` instead (createInstance's onRequestAbort hook).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error)
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    else
      reply.log.info(
        { req: request, res: reply, responseTime: reply.elapsedTime },
        'request completed',
      );
  }
}

function createInstance(
  logger: FastifyBaseLogger | undefined,
  { https, trustProxy }: Pick<BuildServerOptions, 'https' | 'trustProxy'>,
): Api {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    logController: new OneLinePerRequest(),
    ...(https ? { https: { cert: https.cert, key: https.key } } : {}),
    bodyLimit: BODY_LIMIT_BYTES,
    // The service sits behind nothing by default; a proxy deployment must name its proxies,
    // or X-Forwarded-For would let any client pick its own rate-limit key.
    trustProxy: trustProxy && trustProxy.length > 0 ? [...trustProxy] : false,
    // Refusals Fastify makes before routing (a URL that is not valid percent-encoding, a path
    // parameter over the length limit) answer in our error shape too, never in Fastify's own.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = toErrorResponse(error);
      void (reply as unknown as FastifyReply)
        .header('cache-control', 'no-store')
        .status(status)
        .send(body);
    },
    // Refusals Node's HTTP parser makes before Fastify sees a request (headers or URL over the
    // size limit, malformed HTTP): the same shape, then the connection closes.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return socket.destroy();
      const tooLarge = (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify({
        error: {
          code: 'bad-request',
          message: tooLarge ? 'request headers or URL too large' : 'malformed HTTP request',
        },
      });
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
    reply.status(404).send({
      error: {
        code: 'not-found',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      },
    }),
  );
  // Without Fastify's `incoming request` line, a request the client gave up on would leave none.
  app.addHook('onRequestAbort', async (request) => {
    request.log.info({ req: request }, 'request aborted');
  });
  // Tokens and profiles must not linger in HTTP caches.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  return app;
}
