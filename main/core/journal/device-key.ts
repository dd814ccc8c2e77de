// The desk's device identity (Art. 11: the archive trusts a journal for the device that wrote it):
// one 32-byte secret, sealed like the journal's field key (a KeyProvider: safeStorage under the
// shell, a 0600 key file under the web host), from which HKDF derives the Ed25519 signing key
// (batches) and the chain key (each entry's MAC). Registered with the records service (uploader).
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  sign,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { batchSigningText, macInput } from '../../../common/devices-api.js';
import type { JournalEntry } from '../../../common/journal-chain.js';
import type { KeyProvider } from './keys.js';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface DeviceIdentity {
  readonly deviceId: string;
  /** Ed25519 public key, SPKI DER, base64 (what the records service registers). */
  readonly publicKey: string;
  /** First 16 hex characters of SHA-256 of the public key (shown to IT). */
  readonly fingerprint: string;
  /** The 32-byte chain key, base64, for registration only (sent over TLS, never logged). */
  readonly chainKey: string;
  /** The first seq written keyed; entries before it are legacy (format 1). */
  keyedFrom(): number;
  /** The entry's MAC (hex) under the chain key. */
  mac(hash: string): string;
  /** The batch's signature (base64). */
  signBatch(deviceId: string, entries: readonly JournalEntry[]): string;
}

const derive = (secret: Buffer, info: string) =>
  Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));

/** The MAC of an entry's hash under a chain key (hex HMAC-SHA-256). */
export const entryMac = (chainKey: Buffer, hash: string): string =>
  createHmac('sha256', chainKey).update(macInput(hash)).digest('hex');

/** Keys derived from the device secret; the same secret always gives the same keys. */
export function deriveDeviceKeys(secret: Buffer): {
  privateKey: KeyObject;
  publicKey: KeyObject;
  chainKey: Buffer;
} {
  const seed = derive(secret, 'agent-desk/device-signing/v1');
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    privateKey,
    publicKey: createPublicKey(privateKey),
    chainKey: derive(secret, 'agent-desk/journal-chain/v1'),
  };
}

/**
 * Opens the device identity from its sealed secret. `keyedFrom` answers the first keyed seq of the
 * journal (the store knows it from its entries).
 */
export async function openDeviceIdentity(
  deviceId: string,
  provider: KeyProvider,
  keyedFrom: () => number,
): Promise<DeviceIdentity> {
  const { privateKey, publicKey, chainKey } = deriveDeviceKeys(await provider.getKey());
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    deviceId,
    publicKey: spki.toString('base64'),
    fingerprint: createHash('sha256').update(spki).digest('hex').slice(0, 16),
    chainKey: chainKey.toString('base64'),
    keyedFrom,
    mac: (hash) => entryMac(chainKey, hash),
    signBatch: (id, entries) =>
      sign(null, Buffer.from(batchSigningText(id, entries), 'utf8'), privateKey).toString('base64'),
  };
}
