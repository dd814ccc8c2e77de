// The desk's device identity: its secret sealed like the journal key (same after a restart, never
// in clear under a keychain), batches signed with it, and the keyed chain: an entry rewritten on
// disk (its hash chain made consistent again) no longer carries this desk's MAC. Legacy entries
// (written before the keyed chain) still open and stay unkeyed.
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchSigningText } from '../../../../../common/devices-api.js';
import { sealEntry, verifyChain, type JournalEntry } from '../../../../../common/journal-chain.js';
import { entryMac } from '../../../../../main/core/journal/device-key.js';
import {
  openJournalStore,
  sealedKeyFileProvider,
  segmentName,
  staticKeyProvider,
  type JournalNotice,
  type KeySealer,
  type SegmentFile,
} from '../../../../../main/core/journal/index.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const clock = () => {
  let t = T0;
  return () => new Date((t += 1000));
};
const segmentPath = (dir: string, index = 1) => path.join(dir, 'journal', segmentName(index));
const readSegment = (dir: string, index = 1) =>
  JSON.parse(readFileSync(segmentPath(dir, index), 'utf8')) as SegmentFile;

/** A keychain stand-in (Electron's safeStorage does not run here): a tagged XOR per user. */
function keychain(user = 0x5a): KeySealer {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) =>
      Buffer.concat([Buffer.from('kc1'), Buffer.from(plain).map((b) => b ^ user)]),
    decryptString(buffer) {
      if (buffer.subarray(0, 3).toString() !== 'kc1')
        throw new Error('not sealed by this keychain');
      return buffer
        .subarray(3)
        .map((b) => b ^ user)
        .toString();
    },
  };
}

async function open(dir: string, notices: JournalNotice[] = [], deviceSecret?: Buffer) {
  return openJournalStore({
    dataDir: dir,
    now: clock(),
    onNotice: (n) => notices.push(n),
    ...(deviceSecret ? { deviceKeyProvider: staticKeyProvider(deviceSecret) } : {}),
  });
}

describe('device identity', () => {
  it('is sealed by the keychain and the same after a restart; the secret is never on disk in clear', async () => {
    const dir = tempDir();
    const provider = () =>
      sealedKeyFileProvider(
        path.join(dir, 'device.key.sealed'),
        keychain(),
        path.join(dir, 'device.key'),
      );
    const first = await openJournalStore({ dataDir: dir, deviceKeyProvider: provider() });
    const identity = { ...first.device! };
    await first.close();
    const again = await openJournalStore({ dataDir: dir, deviceKeyProvider: provider() });
    expect(again.device!.publicKey).toBe(identity.publicKey);
    expect(again.device!.chainKey).toBe(identity.chainKey);
    expect(again.device!.deviceId).toBe(again.deviceId);
    await again.close();
    expect(existsSync(path.join(dir, 'device.key'))).toBe(false);
    const sealed = readFileSync(path.join(dir, 'device.key.sealed'), 'utf8');
    // What is on disk is the keychain's sealed bytes, not a key.
    expect(Buffer.from(sealed.trim(), 'base64').subarray(0, 3).toString()).toBe('kc1');
    // A keychain of another user cannot open it, and it is refused rather than replaced.
    await expect(
      openJournalStore({
        dataDir: dir,
        deviceKeyProvider: sealedKeyFileProvider(
          path.join(dir, 'device.key.sealed'),
          keychain(0x33),
          path.join(dir, 'device.key'),
        ),
      }),
    ).rejects.toThrow(/refusing to replace it/);
    expect(readFileSync(path.join(dir, 'device.key.sealed'), 'utf8')).toBe(sealed);
  });

  it('signs a batch so that the registered public key verifies it, and nothing else', async () => {
    const journal = await open(tempDir());
    for (let i = 0; i < 3; i++) await journal.append('verify.basic-checked', { passed: true });
    const entries = journal.entries();
    const device = journal.device!;
    const signature = device.signBatch(journal.deviceId, entries);
    const key = createPublicKey({
      key: Buffer.from(device.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const bytes = (list: readonly JournalEntry[]) =>
      Buffer.from(batchSigningText(journal.deviceId, list));
    expect(verify(null, bytes(entries), key, Buffer.from(signature, 'base64'))).toBe(true);
    const swapped = [entries[0]!, { ...entries[1]!, hash: entries[2]!.hash }, entries[2]!];
    expect(verify(null, bytes(swapped), key, Buffer.from(signature, 'base64'))).toBe(false);
    await journal.close();
  });
});

describe('keyed chain', () => {
  it('gives every new entry the MAC of its hash under the chain key', async () => {
    const secret = randomBytes(32);
    const journal = await open(tempDir(), [], secret);
    await journal.append('verify.basic-checked', { passed: true });
    await journal.append('phone.call-ended', { reason: 'hangup' });
    const chainKey = Buffer.from(journal.device!.chainKey, 'base64');
    for (const entry of journal.entries()) expect(entry.mac).toBe(entryMac(chainKey, entry.hash));
    expect(journal.device!.keyedFrom()).toBe(1);
    await journal.close();
  });

  it('detects an entry edited on disk whose hash chain was made consistent again', async () => {
    const dir = tempDir();
    const journal = await open(dir);
    for (let i = 1; i <= 4; i++)
      await journal.append('verify.basic-checked', { passed: true, attempt: i });
    await journal.close();

    // Someone with file access flips seq 2 to "failed" and re-seals the chain from there on.
    const segment = readSegment(dir);
    const rewritten: JournalEntry[] = [segment.entries[0]!];
    for (const entry of segment.entries.slice(1)) {
      const { hash: _h, mac, ...rest } = entry;
      const data = entry.seq === 2 ? { ...entry.data, passed: false } : entry.data;
      const sealed = await sealEntry({ ...rest, data, prevHash: rewritten.at(-1)!.hash });
      rewritten.push({ ...sealed, ...(mac ? { mac } : {}) });
    }
    writeFileSync(segmentPath(dir), JSON.stringify({ ...segment, entries: rewritten }));
    expect(await verifyChain(rewritten)).toBeNull();

    const notices: JournalNotice[] = [];
    const reopened = await open(dir, notices);
    const keyed = notices.find((n) => n.kind === 'keyed-chain-broken');
    expect(keyed?.level).toBe('error');
    expect(keyed?.details).toEqual({ seqs: [2, 3, 4] });
    expect(notices.some((n) => n.kind === 'chain-broken')).toBe(false);
    // Kept as found: nothing removed, nothing re-MACed.
    expect(reopened.entries().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(reopened.entries()[1]!.data.passed).toBe(false);
    await reopened.close();
  });

  it('opens a journal written before the keyed chain: legacy entries stay unkeyed, new ones keyed', async () => {
    const dir = tempDir();
    const journal = await open(dir);
    for (let i = 1; i <= 3; i++)
      await journal.append('verify.basic-checked', { passed: true, attempt: i });
    await journal.close();
    // As an older version wrote them: no `mac`.
    const segment = readSegment(dir);
    const legacy = segment.entries.map(({ mac: _mac, ...rest }) => rest);
    writeFileSync(segmentPath(dir), JSON.stringify({ ...segment, entries: legacy }));

    const notices: JournalNotice[] = [];
    const reopened = await open(dir, notices);
    expect(notices.filter((n) => n.level !== 'info')).toEqual([]);
    expect(reopened.device!.keyedFrom()).toBe(4);
    const added = await reopened.append('verify.basic-checked', { passed: true, attempt: 4 });
    expect(added.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(reopened.entries().map((e) => e.mac === undefined)).toEqual([true, true, true, false]);
    expect(await reopened.verify()).toBeNull();
    await reopened.close();

    // And once keyed, it stays keyed from the same seq after a restart.
    const third = await open(dir);
    expect(third.device!.keyedFrom()).toBe(4);
    await third.close();
  });
});
