// The desks' signing identities as the records service knows them (Art. 11: a journal is trusted
// for the device that wrote it, not only for the agent's token): registration, the lead's list
// and revocation, and the exact bytes a desk MACs and signs. zod and strings only, no crypto
// here: the desk (main/core/journal/device-key.ts) and the service (server/devices/) both use
// node:crypto over these bytes.
import { z } from 'zod';
import { Timestamp } from './api-primitives.js';
import { DeviceId } from './journal-chain.js';

/** Why the archive refuses a whole batch for its device (server/devices/gate.ts); error codes. */
export const DEVICE_REFUSALS = [
  'device-unknown',
  'device-revoked',
  'device-signature-invalid',
  'journal-rewritten',
] as const;
export type DeviceRefusal = (typeof DEVICE_REFUSALS)[number];

/** Entries from this version carry `mac`; older ones (format 1) have none and stay legacy. */
export const KEYED_CHAIN_FORMAT = 2;

/** What the chain key MACs for one entry: its hash, which already commits to prevHash. */
export const macInput = (hash: string): string => `agent-desk/journal-mac/v2\n${hash}`;

/** The bytes a desk signs for one batch: its device, and every entry's seq, hash and MAC. */
export function batchSigningText(
  deviceId: string,
  entries: readonly { seq: unknown; hash?: unknown; mac?: unknown }[],
): string {
  const line = (e: { seq: unknown; hash?: unknown; mac?: unknown }) =>
    `${String(e.seq)} ${typeof e.hash === 'string' ? e.hash : '-'} ${typeof e.mac === 'string' ? e.mac : '-'}`;
  return `agent-desk/journal-batch/v1\n${deviceId}\n${entries.map(line).join('\n')}`;
}

const Base64 = (what: string, min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, `${what}: base64`);

/** An Ed25519 public key, SPKI DER in base64 (44 bytes → 60 characters). */
export const DevicePublicKey = Base64('publicKey', 60, 60);
/** The 32-byte chain key, base64 (44 characters). */
export const DeviceChainKey = Base64('chainKey', 44, 44);
/** An Ed25519 signature (64 bytes), base64 (88 characters). */
export const BatchSignature = Base64('signature', 88, 88);

export const DeviceRegistration = z
  .object({
    deviceId: DeviceId,
    publicKey: DevicePublicKey,
    chainKey: DeviceChainKey,
    /** The first seq written keyed (with `mac`); entries before it are legacy (format 1). */
    keyedFrom: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  })
  .strict()
  .meta({ id: 'DeviceRegistration' });
export type DeviceRegistration = z.infer<typeof DeviceRegistration>;

export const DEVICE_STATUSES = ['active', 'revoked'] as const;

export const DeviceView = z
  .object({
    deviceId: z.string(),
    status: z.enum(DEVICE_STATUSES),
    /** SHA-256 of the public key, first 16 hex characters: what IT compares by eye. */
    fingerprint: z.string(),
    keyedFrom: z.number().int(),
    registeredAt: Timestamp,
    registeredBy: z.string(),
    /** The last batch the archive took from it, if any. */
    lastSyncAt: Timestamp.nullable(),
    lastSeq: z.number().int(),
    revokedAt: Timestamp.nullable(),
    revokedBy: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'Device' });
export type DeviceView = z.infer<typeof DeviceView>;

export const DeviceList = z.object({ devices: z.array(DeviceView) }).strict();
export type DeviceList = z.infer<typeof DeviceList>;

export const DeviceIdParams = z.object({ id: DeviceId }).strict();

/** The lead console's devices room, renderer ↔ main (main asks the records service). */
export const devicesContract = {
  /** The registered desks (lead or admin; the service refuses and records anyone else). */
  'devices:list': { request: z.object({}).strict(), response: DeviceList },
  /** Revoke one: its batches are refused from now on; its unsynced entries stay on the desk. */
  'devices:revoke': { request: z.object({ deviceId: DeviceId }).strict(), response: DeviceView },
} as const;
