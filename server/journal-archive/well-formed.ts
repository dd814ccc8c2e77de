// A fast yes for the common case: a journal entry that common/journal-chain.ts JournalEntry
// accepts, checked in plain code (a batch holds up to a thousand of them). It only ever says yes
// when the schema would; anything else — including what it is unsure of — goes to the schema,
// whose answer (and error text) stands.
import { z } from 'zod';
import type { JournalEntry } from '../../common/journal-chain.js';
import { USERNAME_MAX_LENGTH, USERNAME_PATTERN } from '../../common/values.js';

const HEX64 = /^[0-9a-f]{64}$/;
const DEVICE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ENTRY_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The pattern z.uuid() checks. */
const UUID = z.regexes.uuid();
const KEYS = new Set([
  'deviceId',
  'seq',
  'id',
  'at',
  'agent',
  'callId',
  'type',
  'data',
  'prevHash',
  'hash',
  'mac',
]);

const hex64 = (value: unknown): boolean => typeof value === 'string' && HEX64.test(value);

function plainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** EntryData: flat, ≤ 64 fields, keys 1–64 long, values short strings, numbers, booleans, null. */
function goodData(data: unknown): boolean {
  if (!plainRecord(data)) return false;
  let fields = 0;
  for (const key in data) {
    if (!Object.hasOwn(data, key)) return false;
    if (++fields > 64 || key.length < 1 || key.length > 64) return false;
    const value = data[key];
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'string') {
      if (value.length > 4000) return false;
    } else if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  }
  return Object.getOwnPropertySymbols(data).length === 0;
}

/**
 * True only when JournalEntry.safeParse(raw) succeeds; then `raw` is the entry (the schema's output
 * is a field-for-field copy of it). False means "ask the schema".
 */
export function surelyWellFormed(raw: Record<string, unknown>): raw is JournalEntry {
  if (!plainRecord(raw)) return false;
  for (const key in raw) if (!KEYS.has(key) || !Object.hasOwn(raw, key)) return false;
  const { deviceId, seq, id, at, agent, callId, type } = raw;
  if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) return false;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return false;
  if (typeof id !== 'string' || !UUID.test(id)) return false;
  if (typeof at !== 'string' || !ISO_UTC_MS.test(at)) return false;
  const time = Date.parse(at);
  if (Number.isNaN(time) || new Date(time).toISOString() !== at) return false;
  if (agent !== null) {
    if (typeof agent !== 'string' || agent.length < 1 || agent.length > USERNAME_MAX_LENGTH)
      return false;
    if (!USERNAME_PATTERN.test(agent)) return false;
  }
  if ('callId' in raw && (typeof callId !== 'string' || callId.length < 1 || callId.length > 128))
    return false;
  if (typeof type !== 'string' || type.length > 64 || !ENTRY_TYPE.test(type)) return false;
  if (!goodData(raw.data)) return false;
  if (!hex64(raw.prevHash) || !hex64(raw.hash)) return false;
  return !('mac' in raw) || hex64(raw.mac);
}

const BATCH_KEYS = new Set(['deviceId', 'entries', 'signature']);

/**
 * True only when ingest.ts JournalBatchRequest.safeParse(body) succeeds (its output is then a
 * field-for-field copy of `body`: the entries' other fields are kept as sent). False: ask it.
 */
export function surelyBatch(body: unknown): boolean {
  if (!plainRecord(body)) return false;
  for (const key in body) if (!BATCH_KEYS.has(key) || !Object.hasOwn(body, key)) return false;
  const { deviceId, entries, signature } = body;
  if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) return false;
  if ('signature' in body && (typeof signature !== 'string' || signature.length > 256))
    return false;
  if (!Array.isArray(entries) || entries.length < 1) return false;
  for (const entry of entries as unknown[]) {
    if (!plainRecord(entry)) return false;
    const { seq, id } = entry;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return false;
    if (typeof id !== 'string' || !UUID.test(id)) return false;
  }
  return true;
}
