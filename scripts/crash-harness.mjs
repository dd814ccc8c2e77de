#!/usr/bin/env node
// `npm run test:crash` (Art. 12/25 crash safety): a child appends journal entries and prints each
// acknowledged one; it is SIGKILLed at a random moment, restarted, killed again… After every cycle
// the journal is checked read-only: no acknowledged entry lost, no segment file unreadable, the
// chain intact, and the child's open reported nothing worse than a torn write or a stale lock.
// Exits 1 on the first violation, with the data dir kept for a look.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the harness; answers a summary, or throws on the first violation. */
export async function runCrashHarness({
  cycles = 1000,
  segmentSize = 8,
  log = console.log,
  random = Math.random,
} = {}) {
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const libFile = path.join(root, '.tmp', `crash-harness-lib-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [path.join(root, 'scripts/crash-harness-lib.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: libFile,
    logLevel: 'error',
  });
  const lib = await import(pathToFileURL(libFile).href);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-crash-'));
  const acknowledged = new Map(); // seq → id
  const verifiedHash = new Map(); // seq → hash, for entries already chain-checked
  let verifiedHead = { seq: 0, hash: '0'.repeat(64) };
  const stats = {
    cycles: 0,
    acknowledged: 0,
    killedBeforeOpen: 0,
    tornWritesDiscarded: 0,
    staleLocks: 0,
    lost: 0,
    unreadable: 0,
    chainBreaks: 0,
  };
  const started = Date.now();
  const fail = (message) => {
    const error = new Error(
      `crash harness, cycle ${stats.cycles}: ${message} (data dir kept: ${dataDir})`,
    );
    error.stats = stats;
    throw error;
  };

  try {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      stats.cycles = cycle;
      const child = spawn(
        process.execPath,
        [path.join(root, 'scripts/crash-harness-child.mjs'), libFile, dataDir, String(segmentSize)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      let opened = null;
      const lines = createInterface({ input: child.stdout });
      const linesClosed = new Promise((resolve) => lines.once('close', resolve));
      lines.on('line', (line) => {
        const [kind, a, b] = line.split(' ');
        if (kind === 'ack') acknowledged.set(Number(a), b);
        else if (kind === 'open')
          opened?.({ lastSeq: Number(a), notices: b === '-' ? [] : b.split(',') });
      });
      const openLine = new Promise((resolve) => (opened = resolve));
      // One kill in ten lands before the journal opened (during start-up or recovery).
      const early = random() < 0.1;
      if (early) {
        await Promise.race([new Promise((resolve) => setTimeout(resolve, random() * 60)), exited]);
        stats.killedBeforeOpen += 1;
      } else {
        const open = await Promise.race([openLine, exited.then((x) => ({ exited: x }))]);
        if (open.exited)
          fail(`the child exited before opening: ${JSON.stringify(open.exited)}\n${stderr}`);
        const bad = open.notices.filter((k) => k !== 'stale-lock' && k !== 'torn-write-discarded');
        if (bad.length > 0) fail(`opening reported ${bad.join(', ')}`);
        stats.tornWritesDiscarded += open.notices.filter(
          (k) => k === 'torn-write-discarded',
        ).length;
        stats.staleLocks += open.notices.includes('stale-lock') ? 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, random() * 40));
      }
      // Often mid-write.
      child.kill('SIGKILL');
      const exit = await exited;
      await linesClosed;
      if (exit.signal !== 'SIGKILL')
        fail(`the child ended by itself (${JSON.stringify(exit)}):\n${stderr}`);

      // ---- checks, read-only ----
      const dir = path.join(dataDir, 'journal');
      let names = [];
      try {
        names = readdirSync(dir);
      } catch {
        names = [];
      }
      const segments = names.filter((n) => /^segment-\d+\.json$/.test(n)).sort();
      if (names.some((n) => n.includes('.damaged-'))) fail('a segment was set aside as damaged');
      const stored = [];
      for (const name of segments) {
        let segment;
        try {
          segment = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
        } catch (error) {
          stats.unreadable += 1;
          fail(`${name} is unreadable: ${error.message}`);
        }
        stored.push(...segment.entries);
      }
      const bySeq = new Map(stored.map((e) => [e.seq, e]));
      for (const [seq, id] of acknowledged) {
        if (bySeq.get(seq)?.id !== id) {
          stats.lost += 1;
          fail(
            `acknowledged entry seq ${seq} (id ${id}) is ${bySeq.has(seq) ? 'replaced' : 'missing'}`,
          );
        }
      }
      // Already verified entries must be unchanged; new ones continue the chain (decrypted first).
      for (const e of stored)
        if (verifiedHash.has(e.seq) && verifiedHash.get(e.seq) !== e.hash)
          fail(`entry seq ${e.seq} changed after it was verified`);
      const fresh = stored.filter((e) => e.seq > verifiedHead.seq);
      if (fresh.length > 0) {
        const plain = lib.readJournalSync(dataDir).filter((e) => e.seq > verifiedHead.seq);
        const broken = await lib.verifyChain(plain, verifiedHead);
        if (broken) {
          stats.chainBreaks += 1;
          fail(`chain broken at seq ${broken.seq} (${broken.reason})`);
        }
        for (const e of plain) verifiedHash.set(e.seq, e.hash);
        verifiedHead = { seq: plain.at(-1).seq, hash: plain.at(-1).hash };
      }
      stats.acknowledged = acknowledged.size;
      if (cycle % 100 === 0 || cycle === cycles) {
        log(
          `  ${String(cycle).padStart(5)} cycles  ${String(acknowledged.size).padStart(7)} acknowledged  ${String(stored.length).padStart(7)} on disk  ${stats.tornWritesDiscarded} torn writes discarded  0 lost  0 unreadable  chain intact  (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    }
    // The whole chain once more, from the genesis.
    const all = lib.readJournalSync(dataDir);
    const broken = await lib.verifyChain(all);
    if (broken) fail(`final check: chain broken at seq ${broken.seq} (${broken.reason})`);
    if (all.length < acknowledged.size) fail('final check: fewer entries than acknowledged');
    rmSync(dataDir, { recursive: true, force: true });
    return { ...stats, onDisk: all.length, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(libFile, { force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // `npm run test:crash -- 200` or CRASH_CYCLES=200; 1,000 cycles by default.
  const cycles = Number(process.argv[2] ?? process.env.CRASH_CYCLES ?? 1000);
  console.log(`Journal crash harness: ${cycles} SIGKILL cycles (Node ${process.version})`);
  try {
    const result = await runCrashHarness({ cycles });
    console.log(
      `passed: ${result.cycles} cycles, ${result.acknowledged} acknowledged entries, 0 lost, 0 unreadable files, chain intact (${result.onDisk} entries); ` +
        `${result.killedBeforeOpen} kills before open, ${result.tornWritesDiscarded} torn writes discarded, ${result.staleLocks} stale locks taken over; ${result.seconds.toFixed(0)} s`,
    );
  } catch (error) {
    console.error(`FAILED: ${error.message}`);
    process.exit(1);
  }
}
