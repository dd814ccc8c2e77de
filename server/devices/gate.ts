// The journal archive's door for a batch (Art. 11): the device must be registered and not revoked,
// the batch signed with its key (one Ed25519 verification per batch), and every keyed entry's MAC
// must match its hash under the device's chain key (one HMAC per entry). A refusal stores no entry,
// raises one `journal-tamper` alert per device and reason until a lead resolves it (the desk
// retries with backoff and must not flood the console), then answers a device-level error code.
import { createHmac, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { batchSigningText, macInput } from '../../common/devices-api.js';
import type { JournalRejectReason } from '../../common/policy.js';
import { AppError, type ErrorCode } from '../../common/result.js';
import { raiseAlert } from '../alerts/repository.js';
import type { Db, Queryable } from '../db.js';
import { sliceEnds, yieldTurn } from '../slices.js';
import { findDevice, type DeviceRow } from './repository.js';

export interface SignedBatch {
  deviceId: string;
  entries: readonly { seq: number; hash?: unknown; mac?: unknown }[];
  signature?: string | undefined;
}

export interface GateOptions {
  pepper: string;
  now: Date;
  /** The agent whose token uploaded the batch. */
  receivedBy: string;
  /**
   * Refuse unsigned batches of devices never registered. Off only while older desks are still
   * being upgraded (`--allow-unregistered-devices`); a registered device is always checked.
   */
  requireRegistered: boolean;
}

type Refusal = Extract<
  JournalRejectReason,
  'device-unknown' | 'device-revoked' | 'device-signature-invalid' | 'journal-rewritten'
>;

const MESSAGES: Record<Refusal, string> = {
  'device-unknown':
    'this device is not registered with the records service; nothing was stored, the desk keeps its entries',
  'device-revoked':
    'this device was revoked by a lead or admin; nothing was stored, the desk keeps its entries',
  'device-signature-invalid':
    "the batch's signature does not verify with the device's registered key; nothing was stored",
  'journal-rewritten':
    'entries of this batch do not carry the MAC of the device chain key: rewritten on disk; nothing was stored',
};

/** Parsed public keys by their base64 text: derived data only; bounded. */
const publicKeys = new Map<string, KeyObject>();
const publicKeyOf = (publicKey: string): KeyObject => {
  let key = publicKeys.get(publicKey);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (publicKeys.size >= 10_000) publicKeys.clear();
    publicKeys.set(publicKey, key);
  }
  return key;
};

const signatureHolds = (device: DeviceRow, batch: SignedBatch): boolean => {
  if (!batch.signature) return false;
  try {
    const key = publicKeyOf(device.publicKey);
    const text = Buffer.from(batchSigningText(batch.deviceId, batch.entries), 'utf8');
    return verify(null, text, key, Buffer.from(batch.signature, 'base64'));
  } catch {
    return false;
  }
};

/** Keyed entries (seq ≥ keyedFrom) whose MAC is missing or wrong. */
export async function unkeyedSeqs(
  device: DeviceRow,
  entries: SignedBatch['entries'],
): Promise<number[]> {
  const seqs: number[] = [];
  for (const [i, e] of entries.entries()) {
    if (sliceEnds(i)) await yieldTurn(); // a MAC per entry: in slices, checks go first
    if (e.seq < device.keyedFrom) continue;
    if (
      typeof e.hash !== 'string' ||
      typeof e.mac !== 'string' ||
      createHmac('sha256', device.chainKey).update(macInput(e.hash)).digest('hex') !== e.mac
    )
      seqs.push(e.seq);
  }
  return seqs;
}

/** The reason to refuse the batch, or null; `seqs` names the rewritten entries. */
export async function judgeBatch(
  tx: Queryable,
  batch: SignedBatch,
  options: GateOptions,
): Promise<{ reason: Refusal; seqs: number[] } | null> {
  const device = await findDevice(tx, options.pepper, batch.deviceId);
  if (!device)
    return batch.signature || options.requireRegistered
      ? { reason: 'device-unknown', seqs: [] }
      : null;
  if (device.revokedAt) return { reason: 'device-revoked', seqs: [] };
  if (!signatureHolds(device, batch)) return { reason: 'device-signature-invalid', seqs: [] };
  const seqs = await unkeyedSeqs(device, batch.entries);
  return seqs.length > 0 ? { reason: 'journal-rewritten', seqs } : null;
}

/** Passes a batch the archive may ingest; otherwise alerts (once until resolved) and throws. */
export async function admitBatch(db: Db, batch: SignedBatch, options: GateOptions): Promise<void> {
  // One read, no transaction of its own (under read committed a plain select sees what it would
  // see inside one): nearly every batch passes here. A refusal's alert is checked and raised in
  // one transaction.
  const verdict = await judgeBatch(db, batch, options);
  if (!verdict) return;
  await db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `select 1 from alerts where kind = 'journal-tamper' and device_id = $1 and resolved_at is null
         and reasons @> $2::jsonb limit 1`,
      [batch.deviceId, JSON.stringify([verdict.reason])],
    );
    if (rows.length === 0)
      await raiseAlert(tx, {
        kind: 'journal-tamper',
        at: options.now,
        agentUsername: options.receivedBy,
        deviceId: batch.deviceId,
        reasons: [verdict.reason],
        details: {
          firstSeq: batch.entries[0]?.seq ?? null,
          lastSeq: batch.entries.at(-1)?.seq ?? null,
          rewritten: verdict.seqs.length,
          firstRewrittenSeq: verdict.seqs[0] ?? null,
        },
      });
  });
  const where =
    verdict.seqs.length > 0
      ? ` (first at seq ${verdict.seqs[0]}, ${verdict.seqs.length} in all)`
      : '';
  throw new AppError(verdict.reason satisfies ErrorCode, `${MESSAGES[verdict.reason]}${where}`);
}
