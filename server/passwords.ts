// Salted, deliberately slow password hashes with Node's built-in scrypt (no native dependency).
// Stored as `scrypt$N$r$p$saltB64$hashB64`, so the cost can be raised later without breaking the
// hashes already stored: verification reads the parameters from the string (Art. 15 at rest).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * Production default (brief): ~32 MiB and tens of milliseconds per hash. OWASP's cheat sheet asks
 * for more (N=2^17 r=8 p=1, or N=2^15 r=8 p=3); `passwordCost` raises it without a migration.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds on what verify accepts from a stored string, so a corrupt row cannot exhaust memory. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** Throws RangeError for a cost outside the accepted bounds. */
export function assertScryptCost({ N, r, p }: ScryptCost): void {
  const powerOfTwo = Number.isInteger(N) && N >= 2 && N <= MAX_N && (N & (N - 1)) === 0;
  if (
    !powerOfTwo ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > MAX_R ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > MAX_P
  ) {
    throw new RangeError(
      `scrypt cost out of range: N must be a power of two in [2, 2^20], r in [1, ${MAX_R}], p in [1, ${MAX_P}]`,
    );
  }
}

function derive(
  password: string,
  salt: Buffer,
  keyLength: number,
  { N, r, p }: ScryptCost,
): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is exactly what N=2^15 r=8 needs and scrypt refuses at the
  // limit; give it twice the working set (128·N·r bytes).
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  // NFKC so the same password typed on different keyboards/IMEs hashes the same.
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  assertScryptCost(cost);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong password and for a malformed stored string; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const cost: ScryptCost = { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) };
  try {
    assertScryptCost(cost);
  } catch {
    return false;
  }
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || expected.length < 16) return false;
  const actual = await derive(password, salt, expected.length, cost);
  return timingSafeEqual(actual, expected);
}
