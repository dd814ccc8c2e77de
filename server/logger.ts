// Structured logs (pino) with secrets redacted wherever they might appear: bearer headers,
// passwords, tokens and clear ID numbers never reach a log line (Art. 11).
import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream, type LevelWithSilent } from 'pino';
import { PINO_REDACT, redactLogLine } from '../common/redaction.js';

// The rules are shared with the desk's own loggers (common/redaction.ts): one list, not two.
export { REDACT_PATHS } from '../common/redaction.js';
const redact = PINO_REDACT;

export interface CreateLoggerOptions {
  level?: LevelWithSilent;
  /** Defaults to stderr: the CLI's stdout carries only the `listening:` line. */
  destination?: DestinationStream;
}

/**
 * Loggers that already carry our redaction and `service` binding: wrapping them again is a no-op.
 */
const redacted = new WeakSet<FastifyBaseLogger>();

export function createLogger(options: CreateLoggerOptions = {}): FastifyBaseLogger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      redact,
      base: { service: 'records' },
      // ID numbers and mobiles inside messages and errors, which no field path reaches.
      hooks: { streamWrite: redactLogLine },
    },
    options.destination ?? pino.destination(2),
  );
  redacted.add(logger);
  return logger;
}

/** Adds our redaction to a logger the host passes in (e.g. Electron main's pino). */
export function withRedaction(logger: FastifyBaseLogger): FastifyBaseLogger {
  if (redacted.has(logger)) return logger;
  const child = logger.child({ service: 'records' }, { redact });
  redacted.add(child);
  return child;
}
