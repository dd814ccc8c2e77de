// The desk's own log (both hosts): pino with the product's redaction rules (common/redaction.ts,
// Art. 11) to the console and to `<dataDir>/logs/desk.log`, which IT's diagnostics export picks
// up. The file is size-capped and rotated here (desk.log → desk.log.1 … .3) in the writing thread:
// pino's worker-thread transports do not survive Electron's bundling, and this is a few lines.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { PINO_REDACT, redactLogLine } from '../../common/redaction.js';

export const DESK_LOG_DIR = 'logs';
export const DESK_LOG_FILE = 'desk.log';
/** Past the cap the file is rotated; `keep` old files stay (5 MB × 4 at most on disk). */
export const DESK_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DESK_LOG_KEEP = 3;

export const deskLogPath = (dataDir: string): string =>
  path.join(dataDir, DESK_LOG_DIR, DESK_LOG_FILE);

/** Appends lines to `file` (0600), rotating it once it passes `maxBytes`. */
export function rotatingFile(
  file: string,
  maxBytes = DESK_LOG_MAX_BYTES,
  keep = DESK_LOG_KEEP,
): DestinationStream & { close(): void } {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd = openSync(file, 'a', 0o600);
  let size = statSync(file).size;
  const rotate = () => {
    closeSync(fd);
    rmSync(`${file}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n -= 1) {
      try {
        renameSync(`${file}.${n}`, `${file}.${n + 1}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    renameSync(file, `${file}.1`);
    fd = openSync(file, 'a', 0o600);
    size = 0;
  };
  return {
    write(line: string) {
      if (size > 0 && size + Buffer.byteLength(line) > maxBytes) rotate();
      size += writeSync(fd, line);
    },
    close: () => closeSync(fd),
  };
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
