// Hostile journal entries made safe to hash and keep: nesting is bounded (checked iteratively, no
// recursion on hostile input) and U+0000, which PostgreSQL text and jsonb cannot hold, is replaced.
// A refused entry is kept as sent where it can be, or by its identity only.

/** Far beyond a legal entry (depth 2); keeps hashing and storing hostile input off the stack. */
export const MAX_DEPTH = 8;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;
export const clean = (text: string): string => text.replace(NUL, '\uFFFD');

/** True when `value` nests objects/arrays deeper than `limit` (iterative, no recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
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
