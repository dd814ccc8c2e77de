// Personal data at rest (Art. 11: customer information never disclosed to anyone not involved):
// the personal `data` fields of journal entries are stored AES-256-GCM encrypted; seq, id, time,
// type, agent, call id and outcome codes stay readable for support and for the chain. The chain
// covers the plaintext (common/journal-chain.ts), so the records service verifies it without the
// key; on the desk, a ciphertext that fails to decrypt is itself a detected break.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EntryData, JournalEntry } from '../../../common/journal-chain.js';

// A `data` field is personal when its name is in PERSONAL_FIELDS, or is camelCase ending in one of
// PERSONAL_SUFFIXES (`callerNumber`, `customerRef`, `closingNotes`…). Numbers and names are masked
// before they reach the journal anyway; this keeps even the masked forms and the free text
// (summaries, notes, reasons) off the disk in clear.
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  'number',
  'target',
  'mobile',
  'phone',
  'name',
  'nationalId',
  'address',
  'email',
  'customerRef',
  'callerNumber',
  'summary',
  'notes',
  'note',
  'text',
  'reason',
]);
export const PERSONAL_SUFFIXES = [
  'Number',
  'Mobile',
  'Phone',
  'Name',
  'Ref',
  'Address',
  'Email',
  'Summary',
  'Notes',
  'Note',
  'Text',
  'Reason',
] as const;
const SUFFIX = new RegExp(`[a-z0-9](?:${PERSONAL_SUFFIXES.join('|')})$`);

export const isPersonalField = (key: string): boolean =>
  PERSONAL_FIELDS.has(key) || SUFFIX.test(key);

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const aad = (deviceId: string, seq: number, field: string) =>
  Buffer.from(`agent-desk-journal/v1|${deviceId}|${seq}|${field}`, 'utf8');

/**
 * `enc:v1:<base64(iv ‖ tag ‖ ciphertext)>`: AES-256-GCM of the value's JSON (a number stays a
 * number), a fresh 96-bit IV per field, and the device, seq and field name as associated data (a
 * ciphertext moved to another field or entry does not decrypt).
 */
export function encryptValue(
  key: Buffer,
  deviceId: string,
  seq: number,
  field: string,
  value: EntryData[string],
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(deviceId, seq, field));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export class FieldDecryptError extends Error {
  constructor(readonly field: string) {
    super(`journal field ${field} does not decrypt (wrong key or altered ciphertext)`);
    this.name = 'FieldDecryptError';
  }
}

export function decryptValue(
  key: Buffer,
  deviceId: string,
  seq: number,
  field: string,
  stored: unknown,
): EntryData[string] {
  if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) throw new FieldDecryptError(field);
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new FieldDecryptError(field);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad(deviceId, seq, field));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
    return JSON.parse(text) as EntryData[string];
  } catch {
    throw new FieldDecryptError(field);
  }
}

/** The data as stored: personal fields encrypted. */
export function sealData(key: Buffer, deviceId: string, seq: number, data: EntryData): EntryData {
  const out: EntryData = {};
  for (const [field, value] of Object.entries(data))
    out[field] = isPersonalField(field) ? encryptValue(key, deviceId, seq, field, value) : value;
  return out;
}

/** The data as appended: personal fields decrypted. Throws FieldDecryptError naming the field. */
export function openData(key: Buffer, deviceId: string, seq: number, stored: EntryData): EntryData {
  const out: EntryData = {};
  for (const [field, value] of Object.entries(stored))
    out[field] = isPersonalField(field) ? decryptValue(key, deviceId, seq, field, value) : value;
  return out;
}

/** Opens an entry's sealed data: `entry` names it (device, seq), `sealed` is its data as stored. */
export type DataOpener = (entry: JournalEntry, sealed: EntryData) => EntryData;

/**
 * Decrypts stored data on demand, keeping the last `limit` results: a large journal opens without
 * decrypting what nobody reads, and memory holds the sealed form plus a bounded window of clear.
 */
export function createDataOpener(
  key: Buffer,
  limit = 4096,
  onError?: (entry: JournalEntry, error: FieldDecryptError) => void,
): DataOpener {
  const cache = new Map<JournalEntry, EntryData>();
  return (entry, sealed) => {
    let data = cache.get(entry);
    if (data) {
      cache.delete(entry);
    } else {
      try {
        data = openData(key, entry.deviceId, entry.seq, sealed);
      } catch (error) {
        if (!(error instanceof FieldDecryptError)) throw error;
        // Cannot happen for an entry a checkpoint vouched for; as at open, kept as stored.
        onError?.(entry, error);
        return sealed;
      }
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    }
    cache.set(entry, data);
    return data;
  };
}

/**
 * The entry with its `data` decrypted when read (an own enumerable getter, so spreads, JSON and
 * the chain hash see the clear data). `inPlace` turns `stored` itself into it (no copy of a large
 * journal's objects); otherwise `stored` is left as it is (the last segment as stored is rewritten
 * from it).
 */
export function sealedEntry(stored: JournalEntry, open: DataOpener, inPlace = false): JournalEntry {
  const sealed = stored.data;
  const entry = inPlace ? stored : { ...stored };
  return Object.defineProperty(entry, 'data', {
    enumerable: true,
    configurable: true,
    get: () => open(entry, sealed),
  });
}
