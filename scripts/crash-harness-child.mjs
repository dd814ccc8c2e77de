// The crash harness's victim: opens the journal in <dataDir> (recovering whatever the last kill
// left), prints `open <lastSeq> <notice kinds>`, then appends entries as fast as it can, a few in
// flight at a time, printing `ack <seq> <id>` for each acknowledged one — until it is killed.
//   node scripts/crash-harness-child.mjs <bundled lib> <dataDir> <segmentSize>
import { pathToFileURL } from 'node:url';

const [libFile, dataDir, segmentSize] = process.argv.slice(2);
const { openJournalStore } = await import(pathToFileURL(libFile).href);
const journal = await openJournalStore({ dataDir, segmentSize: Number(segmentSize) });
process.stdout.write(
  `open ${journal.lastSeq()} ${
    journal
      .notices()
      .map((n) => n.kind)
      .join(',') || '-'
  }\n`,
);
let i = 0;
const worker = async () => {
  for (;;) {
    const n = i++;
    const entry = await journal.append('phone.call-started', {
      agent: 'agent01',
      callId: `call-${process.pid}-${n}`,
      number: `138****${String(n % 10_000).padStart(4, '0')}`,
      direction: 'inbound',
      notes: `note ${n}`,
    });
    // One write per line, so a kill never splits an acknowledgement.
    process.stdout.write(`ack ${entry.seq} ${entry.id}\n`);
  }
};
await Promise.all([worker(), worker(), worker()]);
