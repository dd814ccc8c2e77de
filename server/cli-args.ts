// Command-line and environment parsing for `npm run server`, kept pure so it is unit-tested.
// A usage error is a CliUsageError: the CLI prints it on stderr and exits with code 2.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MIN_PEPPER_LENGTH } from './secrets.js';

export const DEFAULT_PORT = 8790;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = './.data/records';

export const USAGE = `usage: npm run server -- [--port <n>] [--host <addr>] [--data-dir <dir>] [--seed <file>]
  --port      TCP port, 0 for any free port (default ${DEFAULT_PORT})
  --host      address to bind (default ${DEFAULT_HOST})
  --data-dir  PGlite data directory, used when DATABASE_URL is not set (default ${DEFAULT_DATA_DIR})
  --seed      JSON seed file to upsert before listening (server/seed/SEED-FORMAT.md)
environment:
  DATABASE_URL    postgres://… — use PostgreSQL instead of PGlite
  RECORDS_PEPPER  secret key for national ID hashes (at least ${MIN_PEPPER_LENGTH} characters; a dev default is used, with a warning, when unset)`;

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export interface CliConfig {
  help: boolean;
  port: number;
  host: string;
  dataDir: string;
  seedFile?: string;
  databaseUrl?: string;
  pepper?: string;
}

export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const config: CliConfig = { help: values.help === true, port: DEFAULT_PORT, host: DEFAULT_HOST, dataDir: DEFAULT_DATA_DIR };
  if (config.help) return config;

  const port = values.port as string | undefined;
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new CliUsageError(`--port must be an integer from 0 to 65535 (got "${port}")`);
    config.port = Number(port);
  }
  const host = values.host as string | undefined;
  if (host !== undefined) {
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new CliUsageError(`--host must be a host name or IP address (got "${host}")`);
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

  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl) {
    let protocol = '';
    try {
      protocol = new URL(databaseUrl).protocol;
    } catch {
      // reported below; the URL may hold a password, so it is never echoed
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new CliUsageError('DATABASE_URL must be a postgres:// or postgresql:// URL');
    config.databaseUrl = databaseUrl;
  }
  const pepper = env.RECORDS_PEPPER;
  if (pepper) {
    if (pepper.length < MIN_PEPPER_LENGTH) throw new CliUsageError(`RECORDS_PEPPER must be at least ${MIN_PEPPER_LENGTH} characters`);
    config.pepper = pepper;
  }
  return config;
}
