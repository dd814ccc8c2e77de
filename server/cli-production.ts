// The records service's production flags and guards (Art. 15), kept apart from the general flag
// parsing in cli-args.ts: TLS, proxies, metrics, draining, and the refusals — no development
// pepper without --demo (secrets.ts pepperProblem), no plain HTTP on a network address without a
// TLS proxy in front, and a warning for a proxy whose client addresses are not believed.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isLoopbackHost } from '../common/transport.js';
import { DEFAULT_INGEST_CONCURRENCY } from './journal-archive/limiter.js';
import { pepperProblem } from './secrets.js';

/** Thrown for a flag or combination refused; cli-args.ts re-throws it as a CliUsageError. */
export class ProductionFlagError extends Error {
  override name = 'ProductionFlagError';
}

export interface ProductionConfig {
  /** `--demo`: the development pepper is allowed (never with real customers). */
  demo: boolean;
  /** `--tls-cert` and `--tls-key`, read at start: the service serves HTTPS itself. */
  tls?: { certFile: string; keyFile: string; cert: Buffer; key: Buffer };
  /** `--behind-tls-proxy`: plain HTTP on a network address, TLS ended by a proxy in front. */
  behindTlsProxy: boolean;
  /** `--trust-proxy`: the proxies whose X-Forwarded-For / -Proto are believed. */
  trustProxy?: string[];
  /** `--metrics-port` / `--metrics-host`: where `GET /metrics` is served, if anywhere. */
  metricsPort?: number;
  metricsHost: string;
  /** `--drain-seconds`: readiness answers 503 this long before the listener closes. */
  drainSeconds: number;
  /** `--ingest-concurrency`: journal batches this instance ingests at once (the rest queue). */
  ingestConcurrency?: number;
}

const MAX_INGEST_CONCURRENCY = 64;

export const PRODUCTION_OPTIONS = {
  demo: { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'behind-tls-proxy': { type: 'boolean' },
  'trust-proxy': { type: 'string' },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' },
  'drain-seconds': { type: 'string' },
  'ingest-concurrency': { type: 'string' },
} as const;

export const PRODUCTION_USAGE = `  --demo                a demonstration or development run: without RECORDS_PEPPER the public development pepper
                        is used (never with real customers); without --demo the service refuses to start
  --tls-cert, --tls-key PEM files: serve HTTPS (the listening line says https://…)
  --behind-tls-proxy    allow plain HTTP on a non-loopback --host because a TLS proxy ends TLS in front
  --trust-proxy         comma-separated addresses or CIDRs of those proxies; their X-Forwarded-For is believed
  --metrics-port        serve GET /metrics (Prometheus) on this separate port (default: not served)
  --metrics-host        address of the metrics listener (default 127.0.0.1)
  --drain-seconds       on SIGTERM, readiness answers 503 this long before the listener closes (0–120, default 0)
  --ingest-concurrency  journal batches ingested at once, each holding one database connection (1–${MAX_INGEST_CONCURRENCY},
                        default ${DEFAULT_INGEST_CONCURRENCY}); up to 32 per slot wait, unread, more are answered 503 with Retry-After, so a
                        centre-wide drain leaves the pool to the verification checks`;

function readPem(path: string, flag: string, marker: RegExp): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    throw new ProductionFlagError(
      `${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (!marker.test(content.toString('latin1')))
    throw new ProductionFlagError(`${flag}: ${path} is not a PEM file of the expected kind`);
  return content;
}

function port(raw: string, flag: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535)
    throw new ProductionFlagError(`${flag} must be an integer from 0 to 65535 (got "${raw}")`);
  return Number(raw);
}

/**
 * Parses the production flags and applies the guards that need the host and the pepper; what is
 * allowed but risky goes to `warn` (the CLI prints it before starting).
 */
export function parseProduction(
  values: Record<string, string | boolean | string[] | undefined>,
  { host, pepper }: { host: string; pepper: string | undefined },
  warn: (message: string) => void,
): ProductionConfig {
  const config: ProductionConfig = {
    demo: values.demo === true,
    behindTlsProxy: values['behind-tls-proxy'] === true,
    metricsHost: '127.0.0.1',
    drainSeconds: 0,
  };
  const certFile = values['tls-cert'] as string | undefined;
  const keyFile = values['tls-key'] as string | undefined;
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new ProductionFlagError('--tls-cert and --tls-key go together: give both');
  if (certFile !== undefined && keyFile !== undefined) {
    if (config.behindTlsProxy)
      throw new ProductionFlagError('--behind-tls-proxy and --tls-cert are alternatives');
    config.tls = {
      certFile,
      keyFile,
      cert: readPem(certFile, '--tls-cert', /-----BEGIN CERTIFICATE-----/),
      key: readPem(keyFile, '--tls-key', /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/),
    };
  }
  const trust = values['trust-proxy'] as string | undefined;
  if (trust !== undefined) {
    const list = trust.split(',').map((s) => s.trim());
    for (const entry of list) {
      const [address, bits, extra] = entry.split('/');
      const family = isIP(address ?? '');
      const maxBits = family === 6 ? 128 : 32;
      if (
        family === 0 ||
        extra !== undefined ||
        (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits))
      )
        throw new ProductionFlagError(
          `--trust-proxy must list IP addresses or CIDRs, comma-separated (got "${entry}")`,
        );
    }
    config.trustProxy = list;
  }
  const metricsPort = values['metrics-port'] as string | undefined;
  if (metricsPort !== undefined) config.metricsPort = port(metricsPort, '--metrics-port');
  const metricsHost = values['metrics-host'] as string | undefined;
  if (metricsHost !== undefined) {
    if (metricsPort === undefined)
      throw new ProductionFlagError('--metrics-host only makes sense with --metrics-port');
    if (!/^[A-Za-z0-9.:-]+$/.test(metricsHost))
      throw new ProductionFlagError(`--metrics-host must be an IP address (got "${metricsHost}")`);
    config.metricsHost = metricsHost;
  }
  const drain = values['drain-seconds'] as string | undefined;
  if (drain !== undefined) {
    if (!/^\d{1,3}$/.test(drain) || Number(drain) > 120)
      throw new ProductionFlagError(
        `--drain-seconds must be an integer from 0 to 120 (got "${drain}")`,
      );
    config.drainSeconds = Number(drain);
  }
  const ingest = values['ingest-concurrency'] as string | undefined;
  if (ingest !== undefined) {
    if (!/^\d{1,3}$/.test(ingest) || Number(ingest) < 1 || Number(ingest) > MAX_INGEST_CONCURRENCY)
      throw new ProductionFlagError(
        `--ingest-concurrency must be an integer from 1 to ${MAX_INGEST_CONCURRENCY} (got "${ingest}")`,
      );
    config.ingestConcurrency = Number(ingest);
  }

  // Art. 15: the guards. Each names the way out.
  const problem = pepperProblem(pepper, { demo: config.demo });
  if (problem) throw new ProductionFlagError(problem.message);
  if (!isLoopbackHost(host) && !config.tls && !config.behindTlsProxy)
    throw new ProductionFlagError(
      `--host ${host} is reachable from the network: refusing plain HTTP there; give --tls-cert and --tls-key, or --behind-tls-proxy when a TLS proxy sits in front (docs/deploy.md)`,
    );
  if (config.behindTlsProxy && !config.trustProxy)
    warn(
      "--behind-tls-proxy without --trust-proxy: every client has the proxy's address, so all agents share one rate limit; give --trust-proxy <the proxy's address>",
    );
  return config;
}
