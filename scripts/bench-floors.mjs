// The physical floors under the centre's figures (bench-centre.mjs prints them beside the figures
// they bound): how fast this machine's PostgreSQL takes rows shaped like the journal archive's
// entries with COPY — no chain checks, no signatures, no HTTP: the ceiling for journal ingest —
// and how fast one file takes durable appends of journal-entry-sized records (write + fdatasync
// each), the ceiling under the desk's durable append.
//   BENCH_FLOOR_COPY_ROWS (200,000), BENCH_FLOOR_APPENDS (2,000).
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { latencyLine } from './bench-stats.mjs';

const COPY_ROWS = Number(process.env.BENCH_FLOOR_COPY_ROWS ?? 200_000);
const APPENDS = Number(process.env.BENCH_FLOOR_APPENDS ?? 2_000);

const hex64 = (i) => i.toString(16).padStart(64, '0');
const csv = (s) => `"${s.replaceAll('"', '""')}"`;

/**
 * PostgreSQL's own COPY rate (rows/s) into a table made `like journal_entries including all` (the
 * same columns, constraints and indexes) on the migrated database at `url`; the file is read by
 * the server itself (`copy … from '<file>'`, as superuser): what PostgreSQL does alone, one
 * transaction. `fileDir` must be readable by the server process (the throwaway cluster's folder).
 */
export async function copyFloor(url, fileDir, sampleData, rows = COPY_ROWS) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const file = path.join(fileDir, `copy-floor-${process.pid}.csv`);
  try {
    const now = new Date().toISOString();
    const data = csv(sampleData);
    const lines = [];
    for (let i = 1; i <= rows; i++) {
      const device = `bench-copy-${Math.floor((i - 1) / 1000)}`;
      const seq = ((i - 1) % 1000) + 1;
      lines.push(
        `${device},${seq},${randomUUID()},${hex64(i)},${hex64(i - 1)},phone.call-ended,${now},desk0001,call-${i},${data},${now},desk0001`,
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    chmodSync(file, 0o644);
    await client.query(
      'create table bench_copy_floor (like journal_entries including all); analyze bench_copy_floor',
    );
    const columns =
      'device_id, seq, id, hash, prev_hash, type, at, agent, call_id, data, received_at, received_by';
    const s = performance.now();
    await client.query(`copy bench_copy_floor (${columns}) from '${file}' with (format csv)`);
    const seconds = (performance.now() - s) / 1000;
    const { rows: settings } = await client.query(
      `select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc`,
    );
    return { rows, seconds, rate: rows / seconds, fsync: settings[0].fsync };
  } finally {
    await client.query('drop table if exists bench_copy_floor').catch(() => {});
    await client.end();
    rmSync(file, { force: true });
  }
}

/**
 * Raw durable appends: `n` records of `record`'s size written one after another to one file in
 * the system temp folder (where the journal bench keeps its journals), each followed by
 * fdatasync. Answers appends/s and the sorted latencies (ms).
 */
export function fdatasyncFloor(record, n = APPENDS) {
  const dir = mkdtempSync(path.join(tmpdir(), 'agent-desk-bench-fsync-'));
  const fd = openSync(path.join(dir, 'appends.jsonl'), 'a');
  const line = Buffer.from(`${record}\n`);
  const times = [];
  try {
    for (let i = 0; i < 20; i++) {
      writeSync(fd, line);
      fdatasyncSync(fd);
    }
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      writeSync(fd, line);
      fdatasyncSync(fd);
      times.push(performance.now() - s);
    }
    const seconds = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    return { n, bytes: line.length, rate: n / seconds, times };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints both floors (and returns them). */
export async function printFloors({ url, fileDir, sampleEntry }) {
  const entry = JSON.parse(sampleEntry);
  const copy = await copyFloor(url, fileDir, JSON.stringify(entry.data));
  console.log(
    `${'floor: PostgreSQL COPY, journal_entries shape'.padEnd(44)} ${String(Math.round(copy.rate)).padStart(8)} rows/s (${copy.rows.toLocaleString('en')} rows in ${copy.seconds.toFixed(2)} s, one transaction, server-side file, fsync=${copy.fsync})`,
  );
  const append = fdatasyncFloor(sampleEntry);
  console.log(
    `${latencyLine(`floor: append + fdatasync, ${append.bytes} B records`, append.times, { qs: [0.5, 0.99], count: append.n })}  ${String(Math.round(append.rate)).padStart(6)} appends/s (one file, ${tmpdir()})`,
  );
  return { copy, append };
}
