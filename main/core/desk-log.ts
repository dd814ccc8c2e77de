// The desk's own log (both hosts): pino with the product's redaction rules (common/redaction.ts,
// Art. 11) to the console and to `<dataDir>/logs/desk.log`, which IT's diagnostics export picks
// up; an older version's unredacted main.log is retired. The file is size-capped and rotated here
// (desk.log → .1 … .3) in the writing thread: pino's worker-thread transports do not survive
// Electron's bundling.
import {
  chmodSync,
  closeSync,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { PINO_REDACT, redactLog, redactLogLine } from '../../common/redaction.js';
import type { Logger } from './logger.js';

export const DESK_LOG_DIR = 'logs';
export const DESK_LOG_FILE = 'desk.log';
/** Past the cap the file is rotated; `keep` old files stay (5 MB × 4 at most on disk). */
export const DESK_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DESK_LOG_KEEP = 3;

export const deskLogPath = (dataDir: string): string =>
  path.join(dataDir, DESK_LOG_DIR, DESK_LOG_FILE);

/** A failed rotation (the file held by an antivirus or a log collector) is retried this late. */
export const DESK_LOG_ROTATE_RETRY_MS = 60_000;

/** Opens `file` for appending; the folder 0700 and the file 0600 even when they already existed. */
function openLog(file: string): number {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'a', 0o600);
  // An older version (or an admin) may have left them 0755/0644; Windows has no such modes.
  if (process.platform !== 'win32') {
    chmodSync(dir, 0o700);
    fchmodSync(fd, 0o600);
  }
  return fd;
}

const closeQuietly = (fd: number | null) => {
  try {
    if (fd !== null) closeSync(fd);
  } catch {
    // Already closed or gone: nothing to keep.
  }
};

/**
 * Appends lines to `file` (0600), rotating it once it passes `maxBytes`. Never throws: pino
 * writes synchronously inside whatever logged (an IPC handler mid-call), so a failed rotation or
 * write is reported once on stderr, the line dropped at worst, and the file reopened on the next.
 */
export function rotatingFile(
  file: string,
  maxBytes = DESK_LOG_MAX_BYTES,
  keep = DESK_LOG_KEEP,
  retryMs = DESK_LOG_ROTATE_RETRY_MS,
): DestinationStream & { close(): void } {
  let fd: number | null = null;
  let size = 0;
  let rotateAfter = 0;
  let reported = false;
  const report = (what: string, error: unknown) => {
    if (reported) return;
    reported = true;
    process.stderr.write(`desk log: ${what} ${file}: ${(error as Error).message}\n`);
  };
  const open = () => {
    fd = openLog(file);
    size = fstatSync(fd).size;
  };
  const rotate = () => {
    closeQuietly(fd);
    fd = null;
    try {
      rmSync(`${file}.${keep}`, { force: true });
      for (let n = keep - 1; n >= 1; n -= 1) {
        try {
          renameSync(`${file}.${n}`, `${file}.${n + 1}`);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      renameSync(file, `${file}.1`);
    } catch (error) {
      // Keep writing to the same file, over the cap, and try again later.
      rotateAfter = Date.now() + retryMs;
      report('cannot rotate', error);
    }
    open();
  };
  try {
    open();
  } catch (error) {
    report('cannot open', error);
  }
  return {
    write(line: string) {
      try {
        if (fd === null) open();
        const length = Buffer.byteLength(line);
        if (size > 0 && size + length > maxBytes && Date.now() >= rotateAfter) rotate();
        if (fd !== null) size += writeSync(fd, line);
      } catch (error) {
        closeQuietly(fd);
        fd = null;
        report('cannot write', error);
      }
    },
    close: () => {
      closeQuietly(fd);
      fd = null;
    },
  };
}

/** What versions before the shared redaction wrote, unredacted, to the OS log folder. */
const LEGACY_LOG = /^main\.log(\.\d+)?$/;

/**
 * Older versions logged unredacted to `<OS log folder>/main.log`. Its last `DESK_LOG_MAX_BYTES`
 * are kept redacted as `legacy-main.log` (0600) for IT, and the original removed — once: the
 * next start finds nothing. A file that cannot be rewritten is removed all the same.
 */
export async function retireLegacyLogs(dir: string, logger: Logger): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => LEGACY_LOG.test(name));
  } catch {
    return; // no such folder: nothing was ever logged there
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const bytes = await readFile(file);
      const kept = bytes.subarray(Math.max(0, bytes.length - DESK_LOG_MAX_BYTES)).toString('utf8');
      // A cut first line could hold half a secret the rules would miss: dropped.
      const whole = bytes.length > DESK_LOG_MAX_BYTES ? kept.slice(kept.indexOf('\n') + 1) : kept;
      await writeFile(path.join(dir, `legacy-${name}`), redactLog(whole), { mode: 0o600 });
      await chmod(path.join(dir, `legacy-${name}`), 0o600);
    } catch (error) {
      logger.warn({ file, err: (error as Error).message }, 'legacy log not kept');
    }
    await rm(file, { force: true }).catch((error: Error) =>
      logger.error({ file, err: error.message }, 'cannot remove the unredacted legacy log'),
    );
    logger.info({ file }, 'unredacted legacy log replaced by its redacted copy');
  }
}

export interface DeskLoggerOptions {
  name: string;
  level?: string;
  /** The log file goes under `<dataDir>/logs/`; none = console only (before userData is known). */
  dataDir?: string;
  /** Also write to stderr (a checkout, the web host); an installed app has no console. */
  console?: boolean;
}

export function createDeskLogger(options: DeskLoggerOptions): PinoLogger & { flush(): void } {
  const streams: DestinationStream[] = [];
  if (options.dataDir) streams.push(rotatingFile(deskLogPath(options.dataDir)));
  if (options.console !== false) streams.push(pino.destination({ dest: 2, sync: true }));
  const level = options.level ?? 'info';
  return pino(
    {
      name: options.name,
      level,
      redact: PINO_REDACT,
      // ID numbers and mobiles inside messages and errors, which no field path reaches.
      hooks: { streamWrite: redactLogLine },
    },
    pino.multistream(streams.map((stream) => ({ stream, level: level as pino.Level }))),
  );
}
