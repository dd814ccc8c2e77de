// Command-line and environment parsing for `npm run server`, kept pure so it is unit-tested.
// A usage error is a CliUsageError: the CLI prints it on stderr and exits with code 2.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_COMPLAINT_RESPONSE_DAYS,
  MAX_COMPLAINT_RESPONSE_DAYS,
} from './complaints/effect.js';
import { DEFAULT_RETENTION_YEARS, MAX_RETENTION_YEARS } from './archive/seals.js';
import { DEFAULT_REVIEW_SAMPLE_RATE } from '../common/policy.js';
import { INDICATOR_TARGETS } from '../common/policy/indicators.js';
import {
  parseProduction,
  PRODUCTION_OPTIONS,
  PRODUCTION_USAGE,
  ProductionFlagError,
  type ProductionConfig,
} from './cli-production.js';
import { isLoopbackHost } from '../common/transport.js';
import { CliUsageError, integerFlag, type FlagValues } from './cli-flags.js';
import { parseSms, SMS_OPTIONS, type SmsConfig } from './cli-sms.js';
import { MIN_PEPPER_LENGTH } from './secrets.js';
import { DEFAULT_SMS_RETRIES, DEFAULT_SMS_TIMEOUT_MS } from './sms.js';

export { CliUsageError } from './cli-flags.js';
export type { SmsConfig } from './cli-sms.js';

export const DEFAULT_PORT = 8790;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = './.data/records';
/** A person checks a handful of details a minute; a script checks thousands. */
export const DEFAULT_CHECKS_PER_MINUTE = 60;

export const USAGE = `usage: npm run server -- [--port <n>] [--host <addr>] [--data-dir <dir>] [--seed <file>] [--checks-per-minute <n>]
                             [--lookups-per-minute <n>]
                             [--complaint-response-days <n>] [--retention-years <n>] [--review-sample-rate <r>]
                             [--target-accuracy <r>] [--target-satisfaction <r>]
                             [--training-dir <dir>] [--require-training <courseId>]
                             [--demo] [--tls-cert <pem> --tls-key <pem> | --behind-tls-proxy] [--trust-proxy <addrs>]
                             [--metrics-port <n> [--metrics-host <addr>]] [--drain-seconds <n>]
                             [--training-dir <dir>] [--require-training <courseId>] [--allow-unregistered-devices]
                             [--sms-outbox <file> | --sms-webhook <url> [--sms-webhook-header 'Name: value']…
                              [--sms-timeout-ms <n>] [--sms-retries <n>] [--allow-http-sms-webhook]]
  --port                TCP port, 0 for any free port (default ${DEFAULT_PORT})
  --host                address to bind (default ${DEFAULT_HOST})
  --data-dir            PGlite data directory, used when DATABASE_URL is not set (default ${DEFAULT_DATA_DIR})
  --seed                JSON seed file to upsert before listening (server/seed/SEED-FORMAT.md)
  --checks-per-minute   verification checks allowed per agent token per minute (default ${DEFAULT_CHECKS_PER_MINUTE})
  --lookups-per-minute  customer look-ups by caller number allowed per agent token per minute (default ${DEFAULT_CHECKS_PER_MINUTE})
  --complaint-response-days
                        days to answer a complaint, Art. 16 (1–${MAX_COMPLAINT_RESPONSE_DAYS}, default ${DEFAULT_COMPLAINT_RESPONSE_DAYS}); the desk tells the customer this deadline
  --retention-years     years archived records are kept and cannot be deleted, Art. 11 (1–${MAX_RETENTION_YEARS}, default ${DEFAULT_RETENTION_YEARS})
  --review-sample-rate  share of completed sessions drawn for quality review, Art. 19 (0–1, default ${DEFAULT_REVIEW_SAMPLE_RATE});
                        sessions with an approval, exception, fraud or business change are always reviewed
  --target-accuracy     verification accuracy target, Art. 22 (0–1, default ${INDICATOR_TARGETS.accuracy}); a figure below it is marked
  --target-satisfaction customer satisfaction target, Art. 22 (0–1, default ${INDICATOR_TARGETS.satisfaction})
  --training-dir        training scenarios, courses and customers, Art. 9 (default: the repo's assets/training)
  --require-training    a live verification needs this training course passed first (403 training-required)
  --allow-unregistered-devices
                        accept unsigned journal batches of desks never registered (only while older desks are being
                        upgraded); registered desks are always checked, revoked ones always refused (docs/deploy.md)
  --sms-outbox          send one-time passcodes to this file, one JSON line each (development and tests)
  --sms-webhook         send one-time passcodes by POSTing {"to","text"} as JSON to this URL: https://, or http:// on
                        this machine (localhost, 127.0.0.0/8, ::1)
  --allow-http-sms-webhook
                        allow an http:// --sms-webhook on another machine (a closed network only: passcodes in clear)
  --sms-webhook-header  a header for every webhook request, 'Name: value'; repeatable
  --sms-timeout-ms      per webhook attempt (default ${DEFAULT_SMS_TIMEOUT_MS})
  --sms-retries         webhook retries after a network error, timeout, 5xx or 429 (default ${DEFAULT_SMS_RETRIES})
  Without --sms-outbox or --sms-webhook no passcode can be sent: OTP checks answer 503 unavailable.
${PRODUCTION_USAGE}
environment:
  DATABASE_URL          postgres://… — use PostgreSQL instead of PGlite
  RECORDS_PEPPER        secret key for national ID hashes (at least ${MIN_PEPPER_LENGTH} characters; required unless --demo)
  REVIEW_SAMPLE_SEED    key of the review sample's draw (default: derived from RECORDS_PEPPER); every instance must share it
  SMS_WEBHOOK_HEADERS   webhook headers as a JSON object, e.g. {"Authorization":"Bearer …"}, so API keys stay off the
                        command line; read only with --sms-webhook; a --sms-webhook-header of the same name wins`;

export interface CliConfig extends ProductionConfig {
  help: boolean;
  port: number;
  host: string;
  dataDir: string;
  seedFile?: string;
  databaseUrl?: string;
  pepper?: string;
  sms?: SmsConfig;
  checksPerMinute: number;
  /** Customer look-ups by caller number per agent token per minute. */
  lookupsPerMinute: number;
  /** Art. 16: days from a complaint to its response deadline. */
  complaintResponseDays: number;
  /** Art. 11: years archived records are kept and cannot be deleted. */
  retentionYears: number;
  /** Art. 19: the review sample's rate and (from REVIEW_SAMPLE_SEED) its seed. */
  review: { sampleRate: number; seed?: string };
  /** Art. 22: the indicators' targets (the records service's policy). */
  targets: { accuracy: number; satisfaction: number };
  /** Art. 9: where the training catalog is read from (default: the repo's assets/training). */
  trainingDir?: string;
  /** Art. 9: the course a live verification needs passed first. */
  requireTraining?: string;
  /** Art. 11: accept unsigned batches of unregistered desks (an upgrade window only). */
  allowUnregisteredDevices?: boolean;
  /** Allowed but risky settings, printed by the CLI before it starts; absent when none. */
  warnings?: string[];
}

const RATE = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

/** The regulated figures: check rate, complaint deadline, retention, review sample, targets. */
function parsePolicyFlags(values: FlagValues, env: Readonly<Record<string, string | undefined>>) {
  const review: CliConfig['review'] = { sampleRate: DEFAULT_REVIEW_SAMPLE_RATE };
  const rate = values['review-sample-rate'] as string | undefined;
  if (rate !== undefined) {
    if (!RATE.test(rate))
      throw new CliUsageError(`--review-sample-rate must be a number from 0 to 1 (got "${rate}")`);
    review.sampleRate = Number(rate);
  }
  if (env.REVIEW_SAMPLE_SEED) review.seed = env.REVIEW_SAMPLE_SEED;
  const targets: CliConfig['targets'] = { ...INDICATOR_TARGETS };
  for (const name of ['accuracy', 'satisfaction'] as const) {
    const target = values[`target-${name}`] as string | undefined;
    if (target === undefined) continue;
    if (!RATE.test(target))
      throw new CliUsageError(`--target-${name} must be a number from 0 to 1 (got "${target}")`);
    targets[name] = Number(target);
  }
  return {
    checksPerMinute: integerFlag(
      values['checks-per-minute'] as string | undefined,
      '--checks-per-minute',
      1,
      1_000_000,
      DEFAULT_CHECKS_PER_MINUTE,
    ),
    lookupsPerMinute: integerFlag(
      values['lookups-per-minute'] as string | undefined,
      '--lookups-per-minute',
      1,
      1_000_000,
      DEFAULT_CHECKS_PER_MINUTE,
    ),
    complaintResponseDays: integerFlag(
      values['complaint-response-days'] as string | undefined,
      '--complaint-response-days',
      1,
      MAX_COMPLAINT_RESPONSE_DAYS,
      DEFAULT_COMPLAINT_RESPONSE_DAYS,
    ),
    retentionYears: integerFlag(
      values['retention-years'] as string | undefined,
      '--retention-years',
      1,
      MAX_RETENTION_YEARS,
      DEFAULT_RETENTION_YEARS,
    ),
    review,
    targets,
  };
}

/** Where the service listens and what it loads: port, host, data folder, seed, training. */
function parsePlaceFlags(values: FlagValues, config: CliConfig): void {
  const port = values.port as string | undefined;
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
      throw new CliUsageError(`--port must be an integer from 0 to 65535 (got "${port}")`);
    config.port = Number(port);
  }
  const host = values.host as string | undefined;
  if (host !== undefined) {
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
      throw new CliUsageError(`--host must be a host name or IP address (got "${host}")`);
    config.host = host.replace(/^\[(.*)\]$/, '$1');
  }
  const dataDir = values['data-dir'] as string | undefined;
  if (dataDir !== undefined) {
    if (dataDir.trim() === '') throw new CliUsageError('--data-dir must not be empty');
    config.dataDir = dataDir;
  }
  const seed = values.seed as string | undefined;
  if (seed !== undefined) {
    let isFile = false;
    try {
      isFile = statSync(seed).isFile();
    } catch {
      // reported below
    }
    if (!isFile) throw new CliUsageError(`--seed: no such file: ${seed}`);
    config.seedFile = seed;
  }
  const trainingDir = values['training-dir'] as string | undefined;
  if (trainingDir !== undefined) {
    if (trainingDir.trim() === '') throw new CliUsageError('--training-dir must not be empty');
    config.trainingDir = trainingDir;
  }
  const course = values['require-training'] as string | undefined;
  if (course !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(course))
      throw new CliUsageError(`--require-training must be a course id (got "${course}")`);
    config.requireTraining = course;
  }
}

/** sslmode values under which node-postgres encrypts the connection (and checks the server). */
const ENCRYPTED_SSLMODES = new Set(['require', 'verify-ca', 'verify-full', 'no-verify']);

/**
 * DATABASE_URL: a postgres URL, never echoed (it may hold a password). Everything the service
 * stores crosses that connection, so one to another machine without TLS is warned about (Art. 15).
 */
function parseDatabaseUrl(databaseUrl: string, warn: (message: string) => void): string {
  let url: URL | undefined;
  try {
    url = new URL(databaseUrl);
  } catch {
    // reported below
  }
  if (url?.protocol !== 'postgres:' && url?.protocol !== 'postgresql:')
    throw new CliUsageError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  const socket = url.searchParams.get('host')?.startsWith('/') === true;
  const local = socket || url.hostname === '' || isLoopbackHost(url.hostname);
  const sslmode = url.searchParams.get('sslmode');
  const ssl = url.searchParams.get('ssl');
  if (!local && !ENCRYPTED_SSLMODES.has(sslmode ?? '') && ssl !== 'true' && ssl !== '1')
    warn(
      'DATABASE_URL names another machine without sslmode=verify-full: customer records would cross the network unencrypted; add ?sslmode=verify-full&sslrootcert=<the CA file> (docs/deploy.md)',
    );
  return databaseUrl;
}

export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliConfig {
  let values: FlagValues;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        seed: { type: 'string' },
        'checks-per-minute': { type: 'string' },
        'lookups-per-minute': { type: 'string' },
        'complaint-response-days': { type: 'string' },
        'retention-years': { type: 'string' },
        'review-sample-rate': { type: 'string' },
        'target-accuracy': { type: 'string' },
        'target-satisfaction': { type: 'string' },
        ...SMS_OPTIONS,
        'training-dir': { type: 'string' },
        'require-training': { type: 'string' },
        ...PRODUCTION_OPTIONS,
        'allow-unregistered-devices': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const config: CliConfig = {
    help: values.help === true,
    port: DEFAULT_PORT,
    host: DEFAULT_HOST,
    dataDir: DEFAULT_DATA_DIR,
    checksPerMinute: DEFAULT_CHECKS_PER_MINUTE,
    lookupsPerMinute: DEFAULT_CHECKS_PER_MINUTE,
    complaintResponseDays: DEFAULT_COMPLAINT_RESPONSE_DAYS,
    retentionYears: DEFAULT_RETENTION_YEARS,
    review: { sampleRate: DEFAULT_REVIEW_SAMPLE_RATE },
    targets: { ...INDICATOR_TARGETS },
    demo: false,
    behindTlsProxy: false,
    metricsHost: '127.0.0.1',
    drainSeconds: 0,
    ...(values['allow-unregistered-devices'] === true ? { allowUnregisteredDevices: true } : {}),
  };
  if (config.help) return config;
  Object.assign(config, parsePolicyFlags(values, env));
  parsePlaceFlags(values, config);
  const sms = parseSms(values, env);
  if (sms) config.sms = sms;

  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  if (env.DATABASE_URL) config.databaseUrl = parseDatabaseUrl(env.DATABASE_URL, warn);
  if (env.RECORDS_PEPPER) config.pepper = env.RECORDS_PEPPER;
  try {
    Object.assign(
      config,
      parseProduction(values, { host: config.host, pepper: config.pepper }, warn),
    );
  } catch (error) {
    if (error instanceof ProductionFlagError) throw new CliUsageError(error.message);
    throw error;
  }
  if (warnings.length > 0) config.warnings = warnings;
  return config;
}
