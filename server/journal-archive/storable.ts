// Hostile journal entries made safe to hash and keep: nesting is bounded (checked iteratively, no
// recursion on hostile input) and U+0000, which PostgreSQL text and jsonb cannot hold, is replaced.
// A refused entry is kept as sent where it can be, or by its identity only.
import { hash } from 'node:crypto';
import { entryHashText } from '../../common/journal-chain.js';

/** Far beyond a legal entry (depth 2); keeps hashing and storing hostile input off the stack. */
export const MAX_DEPTH = 8;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;
export const clean = (text: string): string => text.replace(NUL, '\uFFFD');

/** True when `value` nests objects/arrays deeper than `limit` (iterative, no recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  // Objects and arrays only, with their depths beside them (no pair allocated per value).
  const items: object[] = [value];
  const depths: number[] = [0];
  while (items.length > 0) {
    const item = items.pop()!;
    const depth = depths.pop()!;
    if (depth >= limit) return true;
    for (const child of Object.values(item))
      if (child !== null && typeof child === 'object') {
        items.push(child as object);
        depths.push(depth + 1);
      }
  }
  return false;
}

/** A copy PostgreSQL can store: U+0000 replaced in keys and strings (depth already bounded). */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), storable(v)]));
  return value;
}

/** The refused entry as sent, or only its identity when it nests too deeply to keep. */
export function entryToKeep(raw: { seq: number; id: string; [key: string]: unknown }): unknown {
  if (!nestsDeeperThan(raw, MAX_DEPTH)) return storable(raw);
  const pick = (key: string) =>
    typeof raw[key] === 'string' ? clean(raw[key]).slice(0, 128) : null;
  return {
    seq: raw.seq,
    id: raw.id,
    hash: pick('hash'),
    prevHash: pick('prevHash'),
    type: pick('type'),
    note: 'nested too deeply to keep',
  };
}

/** An entry's hashes: as claimed (if well-formed), as computed from its content (if it can be). */
export interface Hashes {
  claimed: string | null;
  computed: string | null;
  ok: boolean;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * common/journal-chain.ts entryHash, synchronously (node:crypto: no promise per entry on a batch
 * of a thousand). Checked on the entry as sent, well-formed or not: tampering is reported as such.
 * Null when it cannot be computed (absurd nesting, a number JSON cannot hold): never a match.
 */
export function hashesOf(raw: Readonly<Record<string, unknown>>): Hashes {
  const claimed = typeof raw.hash === 'string' && HEX64.test(raw.hash) ? raw.hash : null;
  let computed: string | null = null;
  if (!nestsDeeperThan(raw, MAX_DEPTH)) {
    try {
      computed = hash('sha256', entryHashText(raw), 'hex');
    } catch {
      computed = null;
    }
  }
  return { claimed, computed, ok: claimed !== null && claimed === computed };
}
