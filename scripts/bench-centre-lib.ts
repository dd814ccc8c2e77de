// What scripts/bench-centre.mjs bundles (esbuild, at run time): the desk's own journal, sync engine
// and uploader, the synthetic agents and customers of the other benches, and a desk's journal
// written straight to disk as the desk's writer would have written it — entries sealed into the
// chain, each with the MAC of the device's chain key, personal fields encrypted, in segments — so
// 500 desks × 1,000 entries exist before the clock starts without 500,000 fsynced appends.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENESIS_HASH, sealEntry, type JournalEntry } from '../common/journal-chain.js';
import { deriveDeviceKeys, entryMac } from '../main/core/journal/device-key.js';
import { sealData } from '../main/core/journal/fields.js';
import {
  DEFAULT_SEGMENT_SIZE,
  DEVICE_FILE,
  SEGMENT_FORMAT,
  segmentName,
} from '../main/core/journal/segments.js';

export {
  createJournalSync,
  createJournalUploader,
  openJournalStore,
  staticKeyProvider,
} from '../main/core/journal/index.js';
export { BENCH_PASSWORD, insertSyntheticAgents } from './bench-floor-lib.js';
export { loadSyntheticCustomers, syntheticCustomer } from './bench-records-lib.js';

/** A desk's working hour, call after call: look-up, session started, call ended (no effects). */
function deskEntry(agent: string, seq: number): { type: string; callId: string; data: object } {
  const call = Math.ceil(seq / 3);
  const callId = `${agent}-call-${call}`;
  const number = `138****${String(call % 10_000).padStart(4, '0')}`;
  switch (seq % 3) {
    case 1:
      return {
        type: 'verify.lookup',
        callId,
        data: { agent, callId, callerNumber: number, candidates: 1 },
      };
    case 2:
      return { type: 'verify.started', callId, data: { agent, callId, businessType: 'enquiry' } };
    default:
      return {
        type: 'phone.call-ended',
        callId,
        data: {
          agent,
          callId,
          direction: 'inbound',
          number,
          outcome: 'answered',
          durationSeconds: 60 + (call % 300),
        },
      };
  }
}

/**
 * Writes `<dataDir>/journal` for one desk: `n` entries of `agent` on `deviceId`, chained from the
 * genesis, each MACed with the chain key derived from `deviceSecret` (device-key.ts) and its
 * personal fields sealed with `fieldKey`, in segments of the journal's default size, nothing
 * synced. Open it with openJournalStore and the same two keys. Answers its bytes on disk.
 */
export async function writeDeskJournal(options: {
  dataDir: string;
  deviceId: string;
  agent: string;
  n: number;
  fieldKey: Buffer;
  deviceSecret: Buffer;
  t0: number;
}): Promise<number> {
  const { dataDir, deviceId, agent, n, fieldKey, t0 } = options;
  const { chainKey } = deriveDeviceKeys(options.deviceSecret);
  const dir = path.join(dataDir, 'journal');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(
    path.join(dir, DEVICE_FILE),
    JSON.stringify({ deviceId, createdAt: new Date(t0).toISOString() }),
  );
  let prevHash = GENESIS_HASH;
  let segment: JournalEntry[] = [];
  let index = 1;
  let bytes = 0;
  const flush = () => {
    const text = JSON.stringify({ format: SEGMENT_FORMAT, deviceId, index, entries: segment });
    writeFileSync(path.join(dir, segmentName(index)), text);
    bytes += text.length;
    index += 1;
    segment = [];
  };
  for (let seq = 1; seq <= n; seq++) {
    const { type, callId, data } = deskEntry(agent, seq);
    const sealed = await sealEntry({
      deviceId,
      seq,
      id: randomUUID(),
      at: new Date(t0 + seq * 1000).toISOString(),
      agent,
      callId,
      type,
      data: data as JournalEntry['data'],
      prevHash,
    });
    const entry = { ...sealed, mac: entryMac(chainKey, sealed.hash) };
    segment.push({ ...entry, data: sealData(fieldKey, deviceId, seq, entry.data) });
    prevHash = entry.hash;
    if (segment.length === DEFAULT_SEGMENT_SIZE) flush();
  }
  if (segment.length > 0) flush();
  return bytes;
}

/** One entry as the desk sends it (JSON), for the floors' record size. */
export async function sampleEntryJson(deviceSecret: Buffer): Promise<string> {
  const { type, callId, data } = deskEntry('desk0001', 1);
  const sealed = await sealEntry({
    deviceId: 'bench-centre-sample',
    seq: 1,
    id: randomUUID(),
    at: new Date().toISOString(),
    agent: 'desk0001',
    callId,
    type,
    data: data as JournalEntry['data'],
    prevHash: GENESIS_HASH,
  });
  return JSON.stringify({
    ...sealed,
    mac: entryMac(deriveDeviceKeys(deviceSecret).chainKey, sealed.hash),
  });
}
