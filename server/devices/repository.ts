// The registered desks in the database (Art. 11): register once per device id (the same keys
// again is a no-op, other keys are refused), the lead's list, revocation. The chain key is kept
// sealed with AES-256-GCM under a key derived from the service's pepper, so a database dump alone
// cannot forge a desk's MACs.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { DeviceRegistration, DeviceView } from '../../common/devices-api.js';
import type { Queryable } from '../db.js';

export interface DeviceRow {
  deviceId: string;
  publicKey: string;
  chainKey: Buffer;
  keyedFrom: number;
  revokedAt: Date | null;
}

const sealingKeys = new Map<string, Buffer>();
const sealingKey = (pepper: string): Buffer => {
  let key = sealingKeys.get(pepper);
  if (!key) {
    key = Buffer.from(
      hkdfSync('sha256', pepper, Buffer.alloc(0), 'agent-desk/device-chain-keys/v1', 32),
    );
    sealingKeys.set(pepper, key);
  }
  return key;
};

/**
 * Opened chain keys by pepper, device and sealed text: derived data only, so a batch does not
 * unseal again; the row (revocation included) is still read for every batch. Bounded.
 */
const openedKeys = new Map<string, Buffer>();
const OPENED_KEYS_MAX = 10_000;
const openCached = (pepper: string, deviceId: string, sealed: string): Buffer => {
  const cacheKey = `${deviceId}\n${sealed}\n${pepper}`;
  let key = openedKeys.get(cacheKey);
  if (!key) {
    key = openChainKey(pepper, deviceId, sealed);
    if (openedKeys.size >= OPENED_KEYS_MAX) openedKeys.clear();
    openedKeys.set(cacheKey, key);
  }
  return key;
};

/** `iv.tag.ciphertext`, base64 parts; the device id is the associated data. */
export function sealChainKey(pepper: string, deviceId: string, chainKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(pepper), iv).setAAD(
    Buffer.from(deviceId),
  );
  const sealed = Buffer.concat([cipher.update(chainKey), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64')).join('.');
}

export function openChainKey(pepper: string, deviceId: string, sealed: string): Buffer {
  const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(pepper), iv!)
    .setAAD(Buffer.from(deviceId))
    .setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]);
}

export const fingerprintOf = (publicKey: string): string =>
  createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);

interface Row {
  device_id: string;
  public_key: string;
  chain_key_sealed: string;
  keyed_from: string;
  revoked_at: Date | null;
}

export async function findDevice(
  tx: Queryable,
  pepper: string,
  deviceId: string,
): Promise<DeviceRow | null> {
  const { rows } = await tx.query<Row>(
    'select device_id, public_key, chain_key_sealed, keyed_from::text as keyed_from, revoked_at from devices where device_id = $1',
    [deviceId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    deviceId: row.device_id,
    publicKey: row.public_key,
    chainKey: openCached(pepper, row.device_id, row.chain_key_sealed),
    keyedFrom: Number(row.keyed_from),
    revokedAt: row.revoked_at,
  };
}

/** Inserts the device unless it exists; answers the row as stored (the first registration wins). */
export async function insertDevice(
  tx: Queryable,
  pepper: string,
  registration: DeviceRegistration,
  by: string,
  at: Date,
): Promise<DeviceRow> {
  const { deviceId, publicKey, chainKey, keyedFrom } = registration;
  await tx.query(
    `insert into devices (device_id, public_key, chain_key_sealed, keyed_from, registered_at, registered_by)
     values ($1, $2, $3, $4, $5, $6) on conflict (device_id) do nothing`,
    [
      deviceId,
      publicKey,
      sealChainKey(pepper, deviceId, Buffer.from(chainKey, 'base64')),
      keyedFrom,
      at,
      by,
    ],
  );
  return (await findDevice(tx, pepper, deviceId))!;
}

interface ViewRow {
  device_id: string;
  public_key: string;
  keyed_from: string;
  registered_at: Date;
  registered_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_seq: string | null;
  updated_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const VIEW_SQL = `select d.device_id, d.public_key, d.keyed_from::text as keyed_from, d.registered_at,
  d.registered_by, d.revoked_at, d.revoked_by, h.last_seq::text as last_seq, h.updated_at
  from devices d left join journal_heads h on h.device_id = d.device_id`;

const toView = (r: ViewRow): DeviceView => ({
  deviceId: r.device_id,
  status: r.revoked_at ? 'revoked' : 'active',
  fingerprint: fingerprintOf(r.public_key),
  keyedFrom: Number(r.keyed_from),
  registeredAt: iso(r.registered_at)!,
  registeredBy: r.registered_by,
  lastSyncAt: iso(r.updated_at),
  lastSeq: Number(r.last_seq ?? 0),
  revokedAt: iso(r.revoked_at),
  revokedBy: r.revoked_by,
});

/** Active devices first, then by id. */
export async function listDevices(tx: Queryable): Promise<DeviceView[]> {
  const { rows } = await tx.query<ViewRow>(
    `${VIEW_SQL} order by d.revoked_at is not null, d.device_id limit 5000`,
  );
  return rows.map(toView);
}

export async function deviceView(tx: Queryable, deviceId: string): Promise<DeviceView | null> {
  const { rows } = await tx.query<ViewRow>(`${VIEW_SQL} where d.device_id = $1`, [deviceId]);
  return rows[0] ? toView(rows[0]) : null;
}

/** Revokes once: a second revocation keeps the first one's time and lead. False: no such device. */
export async function revokeDevice(
  tx: Queryable,
  deviceId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const { rows } = await tx.query<{ device_id: string }>(
    `update devices set revoked_at = coalesce(revoked_at, $2), revoked_by = coalesce(revoked_by, $3)
     where device_id = $1 returning device_id`,
    [deviceId, at, by],
  );
  return rows.length > 0;
}
