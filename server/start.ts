// Starts the records service: open the database, migrate, seed if asked, listen. Used by the CLI
// and, in-process, by the desktop when no records URL is configured (PGlite + demo seed).
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildServer } from './app.js';
import type { IndicatorTargets } from '../common/policy/indicators.js';
import type { ReviewOptions } from './reviews/sampling.js';
import { DEFAULT_RETENTION_YEARS, setRetention } from './archive/seals.js';
import { openDb, type DbKind } from './db.js';
import { createLogger, withRedaction } from './logger.js';
import { createMetrics, serveMetrics } from './metrics.js';
import { migrate } from './migrations.js';

/** New archive rows are sealed into the hash chain this often (server/archive/seals.ts). */
const ARCHIVE_SEAL_EVERY_MS = 60_000;
/** Ended months are closed at start and then this often (server/assessment/close.ts). */
const MONTH_CLOSE_EVERY_MS = 3_600_000;
import type { ScryptCost } from './passwords.js';
import { prepareTraining, seedTraining } from './training/start.js';
import { resolvePepper } from './secrets.js';
import { applySeed, readSeedFile, type SeedSummary } from './seed.js';
import type { SmsGateway } from './sms.js';
import type { VerificationOptions } from './verification/options.js';
import demoSeed from './seed/demo-seed.json' with { type: 'json' };

export interface RecordsServiceOptions {
  /** 0 (the default) picks a free port — what an embedding host wants. The CLI defaults to 8790. */
  port?: number;
  /** Default 127.0.0.1: the service is not exposed to the network unless asked (Art. 15). */
  host?: string;
  /**
   * PostgreSQL when set; otherwise PGlite under `<dataDir>/pgdata`, or in memory without dataDir.
   */
  databaseUrl?: string;
  dataDir?: string;
  /** Key for national ID hashes. Without one the service refuses to start unless `demo` is set. */
  pepper?: string;
  /**
   * A demonstration or development run (the desk's embedded service, `--demo`): the built-in
   * development pepper is allowed, with a warning. Never with real customers (Art. 15).
   */
  demo?: boolean;
  /** Serve HTTPS with these PEM contents (certificate chain, private key). */
  https?: { cert: string | Buffer; key: string | Buffer };
  /** TLS proxies whose X-Forwarded-* headers are believed (server/app.ts). */
  trustProxy?: readonly string[];
  /** Serve `GET /metrics` (Prometheus) on this separate port; none when omitted. */
  metricsPort?: number;
  /** The metrics listener's address (default 127.0.0.1). */
  metricsHost?: string;
  /**
   * On close, how long readiness answers 503 while requests are still served, so a load
   * balancer takes the instance out before it stops listening (default 0).
   */
  drainDelayMs?: number;
  /** A seed file to upsert before listening (server/seed/SEED-FORMAT.md). */
  seedFile?: string;
  /** Upsert the bundled demo seed (demo accounts, synthetic customers) before listening. */
  demoSeed?: boolean;
  /**
   * Where one-time passcodes go (server/sms.ts). Without one, OTP routes answer 503 `unavailable`
   * and a warning is logged at start; the embedded desktop service runs that way.
   */
  sms?: SmsGateway;
  /** Fraud thresholds and the check rate limit (server/verification/options.ts). */
  verification?: VerificationOptions;
  /** Art. 16: days from a complaint to its response deadline (default 5). */
  complaintResponseDays?: number;
  /** Art. 11: years archived records are kept and cannot be deleted (default 5). */
  retentionYears?: number;
  /** Art. 19: the review sample's rate and seed (server/reviews/sampling.ts). */
  review?: ReviewOptions;
  /** Art. 22: the indicators' targets (default 99 % and 90 %). */
  targets?: IndicatorTargets;
  logger?: FastifyBaseLogger | false;
  passwordCost?: ScryptCost;
  tokenTtlSeconds?: number;
  /** Art. 9: scenarios, courses and training customers (default: the repo's assets/training). */
  trainingDir?: string;
  /** Art. 9: a live verification needs this course passed first (403 `training-required`). */
  requireTraining?: string;
  /**
   * Art. 11: refuse journal batches of desks never registered (server/devices/). `npm run server`
   * turns it on unless `--allow-unregistered-devices`; off by default for embedding and tests.
   */
  requireRegisteredDevices?: boolean;
  /** `--ingest-concurrency`: journal batches ingested at once (journal-archive/limiter.ts). */
  ingestConcurrency?: number;
}

export interface RecordsService {
  /** e.g. `http://127.0.0.1:8790`, or `https://…` when serving TLS */
  url: string;
  /** e.g. `http://127.0.0.1:9464/metrics` when a metrics port was asked for */
  metricsUrl?: string;
  dbKind: DbKind;
  server: FastifyInstance;
  /**
   * Readiness answers 503 at once; after the drain delay stops accepting connections, lets
   * in-flight requests finish, closes the database.
   */
  close(): Promise<void>;
}

/** A URL a local client can connect to, even when bound to every interface. */
function urlFor(host: string, port: number, tls: boolean): string {
  const connectHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${tls ? 'https' : 'http'}://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}`;
}

export async function startRecordsService(
  options: RecordsServiceOptions = {},
): Promise<RecordsService> {
  const logger =
    options.logger === false
      ? false
      : options.logger
        ? withRedaction(options.logger)
        : createLogger();
  const log = logger === false ? undefined : logger;
  const pepper = resolvePepper(options.pepper, log, { demo: options.demo === true });
  // A bad seed file is refused before the database is even opened (PGlite start-up takes seconds).
  const seedFile =
    options.seedFile === undefined ? undefined : await readSeedFile(options.seedFile);
  // Likewise an outbox that cannot be written: better now than at the first passcode.
  await options.sms?.ready?.();
  if (options.sms)
    log?.info(
      { sms: { kind: options.sms.kind, target: options.sms.target } },
      'SMS gateway configured',
    );
  if (
    options.sms?.kind === 'webhook' &&
    /^http:\/\/(?!127\.|localhost(?::|$)|\[::1\])/.test(options.sms.target ?? '')
  ) {
    log?.warn(
      { sms: { target: options.sms.target } },
      'the SMS webhook is plain http: passcodes cross the network unencrypted (Art. 15); use https',
    );
  }
  if (!options.sms)
    log?.warn(
      'no SMS gateway configured (--sms-outbox or --sms-webhook): one-time passcodes cannot be sent; OTP checks answer 503',
    );
  const training = await prepareTraining(options, log);
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  let server: FastifyInstance | undefined;
  let metricsListener: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  const readiness = { draining: false };
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log?.info({ migrations: applied }, 'database migrated');
    const retentionYears = options.retentionYears ?? DEFAULT_RETENTION_YEARS;
    if (await setRetention(db, retentionYears, new Date()))
      log?.warn(
        { retentionYears },
        'archive retention changed (Art. 11); kept in archive_retention',
      );
    const seedOptions = { pepper, passwordCost: options.passwordCost, logger: log };
    const seeded: SeedSummary[] = [];
    if (options.demoSeed) seeded.push(await applySeed(db, demoSeed, seedOptions, 'demo-seed.json'));
    if (seedFile) seeded.push(await applySeed(db, seedFile, seedOptions, options.seedFile));
    for (const summary of seeded) log?.info({ seed: summary }, 'seed applied');
    const trainees = await seedTraining(db, training, {
      pepper,
      passwordCost: options.passwordCost,
    });
    if (trainees > 0) log?.info({ trainingCustomers: trainees }, 'training customers upserted');

    const metrics = createMetrics(db);
    server = buildServer({
      db,
      logger,
      pepper,
      passwordCost: options.passwordCost,
      tokenTtlSeconds: options.tokenTtlSeconds,
      ...(options.sms ? { sms: options.sms } : {}),
      ...(options.verification ? { verification: options.verification } : {}),
      ...(options.complaintResponseDays
        ? { complaintResponseDays: options.complaintResponseDays }
        : {}),
      archive: { sealEveryMs: ARCHIVE_SEAL_EVERY_MS },
      assessment: {
        closeEveryMs: MONTH_CLOSE_EVERY_MS,
        ...(options.targets ? { targets: options.targets } : {}),
      },
      ...(options.review ? { review: options.review } : {}),
      training,
      readiness,
      metrics,
      ...(options.https ? { https: options.https } : {}),
      ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
      requireRegisteredDevices: options.requireRegisteredDevices ?? false,
      ...(options.ingestConcurrency ? { ingestConcurrency: options.ingestConcurrency } : {}),
    });
    // Graceful close: Node drops idle keep-alive sockets once, when close() is called; a request
    // still in flight then would leave its socket open until the keep-alive timeout (72 s), and
    // the process with it. So once closing, every answer asks the client to close the connection.
    let closing = false;
    server.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
    const host = options.host ?? '127.0.0.1';
    await server.listen({ port: options.port ?? 0, host });
    const address = server.server.address();
    if (address === null || typeof address === 'string')
      throw new Error('the server did not bind a TCP port');
    if (options.metricsPort !== undefined)
      metricsListener = await serveMetrics(metrics.registry, {
        host: options.metricsHost ?? '127.0.0.1',
        port: options.metricsPort,
      });
    const started = server;
    const listener = metricsListener;
    const close = async () => {
      readiness.draining = true;
      closing = true;
      if (options.drainDelayMs) await new Promise((r) => setTimeout(r, options.drainDelayMs));
      await started.close();
      await listener?.close();
    };
    return {
      url: urlFor(host, address.port, options.https !== undefined),
      ...(listener ? { metricsUrl: listener.url } : {}),
      dbKind: db.kind,
      server: started,
      close,
    };
  } catch (error) {
    await metricsListener?.close();
    // server.close() also closes the database (onClose); without a server, close it here.
    if (server) await server.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}
