// The journal entry format shared by the desktop journal (main/core) and the records service's
// archive (server/journal-archive/): zod schemas and pure functions, no Node built-ins.
// Every entry carries the hash of the previous entry of its device, so an edited, removed or
// reordered entry is detected on either side (Art. 11: records accurate, complete, archived).
import { z } from 'zod';
import { Username } from './domain.js';

/** prevHash of a device's first entry (seq 1). */
export const GENESIS_HASH = '0'.repeat(64);

/** A batch sent to `POST /api/v1/journal/batches` holds at most this many entries… */
export const JOURNAL_BATCH_MAX_ENTRIES = 1000;
/** …and its JSON body is at most this many bytes (1 MiB); larger → 413, and the desktop halves. */
export const JOURNAL_BATCH_MAX_BYTES = 1024 * 1024;

const HEX64 = /^[0-9a-f]{64}$/;
/** Exactly `Date#toISOString()`: UTC, milliseconds. One spelling per instant, so the archive can
 * store `at` as a timestamp and still rebuild the bytes that were hashed. */
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const Hash = z.string().regex(HEX64, 'a lowercase hex SHA-256 (64 characters)');
export const DeviceId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, '1–128 letters, digits, dot, colon, dash or underscore');
/**
 * e.g. `verify.basic-checked`, `phone.call-started`, `callback.requested`, `complaint.recorded`.
 */
export const EntryType = z
  .string()
  .max(64)
  .regex(
    /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/,
    'dotted lowercase words, e.g. callback.requested',
  );
export const EntryTime = z
  .string()
  .regex(ISO_UTC_MS, 'an ISO time as Date#toISOString() writes it (UTC, milliseconds)')
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s,
    'not a real date',
  );

const DataValue = z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]);
/**
 * Flat: no nesting, so the desktop can encrypt and mask field by field. Masked values only (Art.
 * 11).
 */
export const EntryData = z
  .record(z.string().min(1).max(64), DataValue)
  .refine((data) => Object.keys(data).length <= 64, 'at most 64 fields');
export type EntryData = z.infer<typeof EntryData>;

export const JournalEntry = z
  .object({
    deviceId: DeviceId,
    /** Per-device, rising by exactly one from 1. */
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    id: z.uuid(),
    at: EntryTime,
    /** The signed-in agent, or null for device events before sign-in. */
    agent: Username.nullable(),
    callId: z.string().min(1).max(128).optional(),
    type: EntryType,
    data: EntryData,
    prevHash: Hash,
    hash: Hash,
    /**
     * Keyed chain (format 2, common/devices-api.ts): HMAC-SHA-256 of the hash under the device's
     * sealed chain key. Absent on legacy (format 1) entries. Not part of the hash.
     */
    mac: Hash.optional(),
  })
  .strict();
export type JournalEntry = z.infer<typeof JournalEntry>;
export type UnsealedEntry = Omit<JournalEntry, 'hash' | 'mac'>;

// ---- canonical JSON and hashing ---------------------------------------------------------------
// Hash rule: `hash = hex(SHA-256(UTF-8(canonicalJson(entry without "hash"))))`, where canonical
// JSON sorts object keys recursively (by UTF-16 code units, JavaScript's default sort), writes no
// whitespace, omits keys whose value is `undefined` (as JSON.stringify does) and encodes strings
// and numbers as JSON.stringify does. Both sides must hash the same bytes: change none of it.
// `mac` (keyed chain) is left out like `hash`, so legacy entries hash as they always did.

type Json =
  string | number | boolean | null | undefined | readonly Json[] | { readonly [key: string]: Json };

/**
 * Sorted keys at every depth, no whitespace; `undefined` members are left out like JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  return write(value as Json);
}

/** JSON.stringify of an object key, remembered: entries repeat a few dozen keys (bounded). */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (key.length > 64) return text;
    if (quotedKeys.size >= 1024) quotedKeys.clear();
    quotedKeys.set(key, text);
  }
  return text;
}

function write(value: Json): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? 'null' : write(item))).join(',')}]`;
      // One pass over the sorted keys (a thousand entries a batch on the archive): same text.
      const record = value as { readonly [key: string]: Json };
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${out.length > 1 ? ',' : ''}${quoted(key)}:${write(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

// common/ is typed without DOM or Node (tsconfig.common.json): declare the two globals we use.
interface WebCryptoGlobals {
  crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  TextEncoder: new () => { encode(input: string): Uint8Array };
}
const web = globalThis as unknown as WebCryptoGlobals;

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(
    await web.crypto.subtle.digest('SHA-256', new web.TextEncoder().encode(text)),
  );
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The hash an entry must carry: SHA-256 of the canonical JSON of every field except `hash` and
 * `mac`.
 * Works on any JSON object, so the archive can check the hash of an entry it otherwise refuses.
 */
export async function entryHash(entry: Readonly<Record<string, unknown>>): Promise<string> {
  // async: an entry canonicalJson cannot encode rejects rather than throws.
  return sha256Hex(entryHashText(entry));
}

/**
 * The text entryHash hashes: canonicalJson of the entry without `hash` and `mac`, written without
 * copying the entry first (the archive hashes a thousand a batch). Throws as canonicalJson does.
 */
export function entryHashText(entry: Readonly<Record<string, unknown>>): string {
  const record = entry as { readonly [key: string]: Json };
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || key === 'hash' || key === 'mac') continue;
    out += `${out.length > 1 ? ',' : ''}${quoted(key)}:${write(member)}`;
  }
  return `${out}}`;
}

/** Adds `hash` to an entry (the desktop journal does this on append). */
export async function sealEntry(entry: UnsealedEntry): Promise<JournalEntry> {
  return { ...entry, hash: await entryHash(entry) };
}

// ---- chain verification -----------------------------------------------------------------------

export const CHAIN_BREAKS = [
  'gap',
  'reorder',
  'prev-hash-mismatch',
  'hash-mismatch',
  'device-mismatch',
] as const;
export type ChainBreakReason = (typeof CHAIN_BREAKS)[number];

/** What the chain continues from: the last verified entry, or nothing for a fresh device. */
export interface ChainHead {
  seq: number;
  hash: string;
}
export const CHAIN_START: ChainHead = { seq: 0, hash: GENESIS_HASH };

export interface ChainBreak {
  /** Index into the list given to verifyChain. */
  index: number;
  seq: number;
  id: string;
  reason: ChainBreakReason;
  /** The seq the chain expected at this position. */
  expectedSeq: number;
}

type ChainLink = Pick<JournalEntry, 'seq' | 'id' | 'prevHash' | 'hash'> & { deviceId?: string };

/**
 * How `entry` continues the chain from `head`, or null when it does: `gap` (seq jumps ahead),
 * `reorder` (seq at or behind the head: moved, repeated or replayed out of place),
 * `prev-hash-mismatch` (right seq, wrong link: the previous entry was edited or swapped).
 * The entry's own hash is not checked here (see entryHash).
 */
export function linkBreak(
  head: ChainHead,
  entry: Pick<ChainLink, 'seq' | 'prevHash'>,
): 'gap' | 'reorder' | 'prev-hash-mismatch' | null {
  if (entry.seq <= head.seq) return 'reorder';
  if (entry.seq > head.seq + 1) return 'gap';
  if (entry.prevHash !== head.hash) return 'prev-hash-mismatch';
  return null;
}

/**
 * Walks `entries` (one device, in stored order) from `previous` (default: the genesis) and
 * answers the first break, or null when the whole run verifies. Each entry's own hash is
 * recomputed, so an edited entry is `hash-mismatch`; an edited entry whose hash was recomputed
 * breaks the next entry's link instead (`prev-hash-mismatch`); a removed entry is a `gap`; a
 * moved one is a `gap` or `reorder`.
 */
export async function verifyChain(
  entries: readonly ChainLink[],
  previous: ChainHead = CHAIN_START,
): Promise<ChainBreak | null> {
  let head = previous;
  const deviceId = entries[0]?.deviceId;
  for (const [index, entry] of entries.entries()) {
    const at = { index, seq: entry.seq, id: entry.id, expectedSeq: head.seq + 1 };
    if (entry.deviceId !== deviceId) return { ...at, reason: 'device-mismatch' };
    if ((await entryHash(entry)) !== entry.hash) return { ...at, reason: 'hash-mismatch' };
    const broken = linkBreak(head, entry);
    if (broken) return { ...at, reason: broken };
    head = { seq: entry.seq, hash: entry.hash };
  }
  return null;
}

// ---- the batch endpoint's answer --------------------------------------------------------------

export const JOURNAL_ENTRY_STATUSES = ['applied', 'duplicate', 'rejected'] as const;

/**
 * One result per entry, in entry order. `applied` and `duplicate` are acknowledgements (mark the
 * entry synced); `rejected` is permanent for that entry (dead-letter it and carry on).
 */
export const JournalEntryResult = z
  .object({
    seq: z.number().int(),
    id: z.string(),
    status: z.enum(JOURNAL_ENTRY_STATUSES),
    error: z.object({ code: z.string(), message: z.string() }).strict().optional(),
  })
  .strict();
export type JournalEntryResult = z.infer<typeof JournalEntryResult>;

export const JournalBatchResponse = z.object({ results: z.array(JournalEntryResult) }).strict();
export type JournalBatchResponse = z.infer<typeof JournalBatchResponse>;

// ---- entry types with an effect on the records service ------------------------------------------

/**
 * A masked reference to a customer as the agent saw it (`138****5678`, `1***************1X`,
 * `张*`): must contain a `*` and no run of five or more digits, so a clear mobile or ID number
 * cannot reach a queue (Art. 11).
 */
export const MaskedRef = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (s) => s.includes('*') && !/\d{5}/.test(s),
    'must be masked (contain * and no run of 5 digits)',
  );

/** `callback.requested`: the outage procedure's call-back request (Art. 12). */
export const CallbackRequestedData = z
  .object({
    customerRef: MaskedRef,
    /** The records service's customer id, when the caller was identified before the outage. */
    customerId: z.uuid().nullish(),
    reason: z.string().min(1).max(200),
    notes: z.string().max(2000).nullish(),
    /** Art. 9: a training call's entry (skipped when the service knows the call was training). */
    training: z.boolean().nullish(),
    sessionId: z.uuid().nullish(),
  })
  .strict();
export type CallbackRequestedData = z.infer<typeof CallbackRequestedData>;

/**
 * `complaint.recorded`: a complaint heard on a call, to be answered within a set time (Art. 12,
 * 16).
 */
export const ComplaintRecordedData = z
  .object({
    category: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/, 'a lowercase word, e.g. service or wait-time'),
    summary: z.string().min(1).max(2000),
    customerRef: MaskedRef.nullish(),
    customerId: z.uuid().nullish(),
    /** The customer asked to be answered (Art. 16). */
    wantsReply: z.boolean().nullish(),
    /**
     * What older desks promised from a desk setting; ignored: the deadline is the records
     * service's policy, counted from the entry's time (Art. 16).
     */
    dueAt: z.iso.datetime().nullish(),
    /** Context the desk records with it; the entry's own `agent`/`callId` win when both are set. */
    agent: z.string().max(64).nullish(),
    callId: z.string().max(128).nullish(),
    sessionId: z.uuid().nullish(),
    /** Art. 9: a training call's entry (skipped when the service knows the call was training). */
    training: z.boolean().nullish(),
  })
  .strict();
export type ComplaintRecordedData = z.infer<typeof ComplaintRecordedData>;
