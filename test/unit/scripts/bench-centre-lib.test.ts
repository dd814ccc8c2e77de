// The centre bench (scripts/bench-centre.mjs) writes its 500 desks' journals straight to disk: they
// must be journals the desk itself would have written — opened by the desk's store without a
// notice, every entry unsynced, chained, MACed under the device's chain key — and batches of them
// must pass the records service's device gate, or the bench would measure refusals.
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { batchSigningText } from '../../../common/devices-api.js';
import { verifyChain } from '../../../common/journal-chain.js';
import { deriveDeviceKeys } from '../../../main/core/journal/device-key.js';
import { openJournalStore, staticKeyProvider } from '../../../main/core/journal/index.js';
import { unkeyedSeqs } from '../../../server/devices/gate.js';
import { writeDeskJournal } from '../../../scripts/bench-centre-lib.js';
import { useTempDirs } from '../../support/fakes.js';

describe("the centre bench's desk journals", () => {
  const tempDir = useTempDirs();

  it("open in the desk's store as 600 unsynced, chained, keyed entries the gate admits", async () => {
    const dataDir = tempDir();
    const fieldKey = randomBytes(32);
    const deviceSecret = randomBytes(32);
    await writeDeskJournal({
      dataDir,
      deviceId: 'centre-desk0001',
      agent: 'desk0001',
      n: 600,
      fieldKey,
      deviceSecret,
      t0: Date.parse('2026-03-02T09:00:00.000Z'),
    });
    const journal = await openJournalStore({
      dataDir,
      keyProvider: staticKeyProvider(fieldKey),
      deviceKeyProvider: staticKeyProvider(deviceSecret),
    });
    try {
      expect(journal.notices()).toEqual([]);
      expect(journal.deviceId).toBe('centre-desk0001');
      expect(journal.lastSeq()).toBe(600);
      expect(journal.backlog()).toBe(600);
      const entries = journal.pending(1000);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
      expect(await verifyChain(entries)).toBeNull();
      // The personal field came back decrypted: the store read what the bench sealed.
      expect(entries[0]!.data.callerNumber).toMatch(/^138\*{4}\d{4}$/);

      const device = journal.device!;
      expect(device.keyedFrom()).toBe(1);
      const { chainKey, publicKey } = deriveDeviceKeys(deviceSecret);
      const row = {
        deviceId: device.deviceId,
        publicKey: device.publicKey,
        chainKey,
        keyedFrom: device.keyedFrom(),
        revokedAt: null,
      };
      expect(await unkeyedSeqs(row, entries)).toEqual([]);
      const text = Buffer.from(batchSigningText(device.deviceId, entries), 'utf8');
      const signature = Buffer.from(device.signBatch(device.deviceId, entries), 'base64');
      expect(
        verify(
          null,
          text,
          createPublicKey(publicKey.export({ format: 'pem', type: 'spki' })),
          signature,
        ),
      ).toBe(true);
      // A journal written under another secret is not this device's: the gate would refuse it.
      expect(await unkeyedSeqs({ ...row, chainKey: randomBytes(32) }, entries.slice(0, 3))).toEqual(
        [1, 2, 3],
      );
    } finally {
      await journal.close();
    }
  });
});
