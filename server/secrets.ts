// Keyed and plain digests for values the records service must recognise but never keep in clear:
// national ID numbers (keyed with a server pepper) and bearer tokens (plain SHA-256 — a token is
// 256 random bits, so it needs no key). Art. 11 confidentiality, Art. 15 nothing sensitive at rest.
import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Development-only pepper. With it, anyone holding the database can recompute every ID hash by
 * brute force over the (small) space of valid ID numbers; production must set RECORDS_PEPPER.
 */
export const DEV_PEPPER = 'agent-desk-dev-pepper-NOT-FOR-PRODUCTION';
export const MIN_PEPPER_LENGTH = 16;

export interface WarnLogger {
  warn(obj: object | string, msg?: string): void;
}

/** Starting without a pepper outside demo mode: the CLI turns this into exit code 2 (Art. 15). */
export class DevPepperRefused extends Error {
  override name = 'DevPepperRefused';
}

/**
 * Why `pepper` must not key national ID hashes, or null when it may: none or the published
 * development pepper outside demo mode (Art. 15: a production service must never hash real ID
 * numbers with a key anyone can read), or one too short. The one rule the CLI (exit code 2) and
 * the service's start both apply.
 */
export function pepperProblem(
  pepper: string | undefined,
  { demo }: { demo: boolean },
): { kind: 'development' | 'short'; message: string } | null {
  if (pepper === undefined || pepper === '') {
    if (demo) return null;
    return {
      kind: 'development',
      message: `RECORDS_PEPPER is not set: refusing to start with the public development pepper, which does not protect national ID hashes; set RECORDS_PEPPER (at least ${MIN_PEPPER_LENGTH} characters), or pass --demo for a demonstration or development run`,
    };
  }
  if (pepper === DEV_PEPPER && !demo)
    return {
      kind: 'development',
      message: `RECORDS_PEPPER is the public development pepper, which does not protect national ID hashes: refusing to start; set a random RECORDS_PEPPER of your own (e.g. openssl rand -base64 32), or pass --demo for a demonstration or development run`,
    };
  if (pepper.length < MIN_PEPPER_LENGTH)
    return {
      kind: 'short',
      message: `RECORDS_PEPPER must be at least ${MIN_PEPPER_LENGTH} characters`,
    };
  return null;
}

/**
 * The configured pepper; without one, the development pepper with a warning in demo mode only.
 * Whatever pepperProblem refuses throws: DevPepperRefused, or a RangeError for a short one.
 */
export function resolvePepper(
  pepper: string | undefined,
  logger: WarnLogger | undefined,
  { demo }: { demo: boolean },
): string {
  const problem = pepperProblem(pepper, { demo });
  if (problem?.kind === 'development') throw new DevPepperRefused(problem.message);
  if (problem) throw new RangeError(problem.message);
  if (pepper === undefined || pepper === '') {
    logger?.warn(
      { pepper: 'development default' },
      'RECORDS_PEPPER is not set (demo mode): national ID hashes use the built-in development pepper and are NOT protected; never run a demo with real customers',
    );
    return DEV_PEPPER;
  }
  return pepper;
}

/**
 * HMAC-SHA256 of a normalized (validated) national ID number, hex. Deterministic, so an ID the
 * customer states can be matched exactly (Art. 5); the `national-id:v1:` prefix keeps it distinct
 * from any other use of the pepper. The pepper must stay the same for the life of the database.
 */
export const nationalIdHash = (pepper: string, normalizedId: string): string =>
  createHmac('sha256', pepper).update(`national-id:v1:${normalizedId}`).digest('hex');

/** 32 random bytes, base64url (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex');
