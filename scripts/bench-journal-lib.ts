// What scripts/bench-journal.mjs bundles: the journal, the sync engine and uploader, the records
// service (in-process, PGlite in memory), the fault proxy, and quick ways to fill a journal.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENESIS_HASH, sealEntry, type JournalEntry } from '../common/journal-chain.js';
import { sealData } from '../main/core/journal/fields.js';
import { SEGMENT_FORMAT, segmentName } from '../main/core/journal/segments.js';

export { GENESIS_HASH, verifyChain } from '../common/journal-chain.js';
export {
  createJournalSync,
  createJournalUploader,
  DurableJsonFile,
  openJournalStore,
  staticKeyProvider,
} from '../main/core/journal/index.js';
export { startRecordsService } from '../server/start.js';
export { startTcpProxy } from '../test/unit/main/core/journal/tcp-proxy.js';
export { startAckArchive } from './bench-drain-archive.js';
export { Low } from 'lowdb';

export const sampleData = (i: number) => ({
  agent: 'agent01',
  callId: `call-${i}`,
  direction: 'inbound',
  number: `138****${String(i % 10_000).padStart(4, '0')}`,
  outcome: 'answered',
  durationSeconds: 60 + (i % 300),
});

/** `n` chained entries of one device, sealed (plaintext). */
export async function makeEntries(
  deviceId: string,
  n: number,
  t0 = Date.parse('2026-03-02T09:00:00.000Z'),
): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const entry = await sealEntry({
      deviceId,
      seq,
      id: randomUUID(),
      at: new Date(t0 + seq).toISOString(),
      agent: 'agent01',
      callId: `call-${seq}`,
      type: 'phone.call-ended',
      data: sampleData(seq),
      prevHash,
    });
    out.push(entry);
    prevHash = entry.hash;
  }
  return out;
}

/**
 * Writes `entries` as a journal folder (segments, device.json) under dataDir, as the journal would.
 */
export function writeJournalFolder(
  dataDir: string,
  entries: JournalEntry[],
  segmentSize: number,
  key: Buffer,
): void {
  const dir = path.join(dataDir, 'journal');
  mkdirSync(dir, { recursive: true });
  const deviceId = entries[0]!.deviceId;
  writeFileSync(
    path.join(dir, 'device.json'),
    JSON.stringify({ deviceId, createdAt: new Date().toISOString() }),
  );
  for (let i = 0, index = 1; i < entries.length; i += segmentSize, index++) {
    const stored = entries
      .slice(i, i + segmentSize)
      .map((e) => ({ ...e, data: sealData(key, e.deviceId, e.seq, e.data) }));
    writeFileSync(
      path.join(dir, segmentName(index)),
      JSON.stringify({ format: SEGMENT_FORMAT, deviceId, index, entries: stored }),
    );
  }
}
