// The centre after an outage, part of `npm run bench` (`npm run bench -- centre` alone): 500 desks,
// each a registered device holding 1,000 unsynced journal entries (signed, chained, MACed, as the
// desk writes them), come back at once against two records-service instances (the CLI, production
// flags, no --allow-unregistered-devices) on one throwaway PostgreSQL, half the desks on each.
// Each desk drains with the desk's own sync engine and uploader (createJournalSync,
// createJournalUploader) while 16 agents run basic checks (look-up + session + check) at a steady
// pace, as they did before the drain (after five seconds of them not counted: a warm service).
// Printed: time to drain everything and entries/s, check p50/p99 before and during, each instance's
// CPU and peak RSS, PostgreSQL's and this bench's CPU, and the drain's CPU per entry with the least
// time that CPU needs on this machine's cores (bench-centre-report.mjs); then every entry archived
// exactly once, no alert raised. Beside them the physical floors (bench-floors.mjs): PostgreSQL's
// COPY rate and raw append + fdatasync. The journals are written before the clock starts.
//   BENCH_CENTRE_DESKS (500), BENCH_CENTRE_ENTRIES (1000), BENCH_CENTRE_CUSTOMERS (1,000,000),
//   BENCH_CENTRE_BASELINE_SECONDS (10), BENCH_CENTRE_TIMEOUT_SECONDS (900): a drain still running
//   then is stopped and reported as missed; BENCH_CENTRE_CHECK_EVERY_MS (250): each checking
//   agent starts a round this often — 16 agents, 64 rounds/s, some 25 times what 500 agents
//   taking a call every three minutes or so ask — 0 runs them back to back, which measures the
//   service's capacity (as the records bench does), and then a check's latency is only its wait in
//   line: 16 clients at n rounds/s wait 16/n s a round, whatever the drain does;
//   BENCH_CENTRE_DESKS_NICE (10): the simulated desks' threads run at this nice (0: not niced).
//   In a centre they are 500 other machines; here they would otherwise take an equal share of the
//   service's 2 cores.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { pgActivity, postgresPids, sampler } from './bench-floor-probes.mjs';
import { printFloors } from './bench-floors.mjs';
import {
  cpuAccount,
  label,
  n,
  printChecks,
  printCpuFloor,
  printDrain,
} from './bench-centre-report.mjs';
import { record, summary } from './bench-report.mjs';
import { api, importBenchLib, signInAll, sleep, startService } from './bench-services.mjs';
import { startTempPostgres, stopTempPostgres } from './pg-temp.mjs';

const DESKS = Number(process.env.BENCH_CENTRE_DESKS ?? 500);
const ENTRIES = Number(process.env.BENCH_CENTRE_ENTRIES ?? 1000);
const CUSTOMERS = Number(process.env.BENCH_CENTRE_CUSTOMERS ?? 1_000_000);
const BASELINE_SECONDS = Number(process.env.BENCH_CENTRE_BASELINE_SECONDS ?? 10);
const TIMEOUT_SECONDS = Number(process.env.BENCH_CENTRE_TIMEOUT_SECONDS ?? 900);
const CHECKERS = 16;
const CHECK_EVERY_MS = Number(process.env.BENCH_CENTRE_CHECK_EVERY_MS ?? 250);
const DESKS_NICE = Number(process.env.BENCH_CENTRE_DESKS_NICE ?? 10);
const PEPPER = 'bench-pepper-not-a-secret-000000';
/** Issue 17: 500,000 entries at 20,000/s; a basic check's p99 holds during the drain. */
const GOAL = { drainSeconds: 25, entriesPerSecond: 20_000, checkP99Ms: 10 };

/** A count rewritten in place on a terminal; in a log only its last value. */
const progress = (text, last) =>
  process.stdout.isTTY ? process.stdout.write(`\r${text}`) : last && process.stdout.write(text);

/** This process's threads (Linux: /proc/self/task), or none where that is not readable. */
function threadIds() {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [];
  }
}

/**
 * In a centre the 500 desks run on 500 machines; here they share the service's 2 cores. Every
 * thread of this process but the checking agents' (`keep`) — the desks' event loop and the
 * thread pool that gzips their batches — runs at nice DESKS_NICE, so the desks take what the
 * records service and PostgreSQL leave instead of an equal share. Their CPU is still printed.
 * Answers how many threads were niced.
 */
function niceDesks(keep) {
  let niced = 0;
  for (const tid of threadIds()) {
    if (keep.has(tid)) continue;
    try {
      setPriority(tid, DESKS_NICE);
      niced += 1;
    } catch {
      // gone meanwhile, or not allowed: that thread keeps its share
    }
  }
  return niced;
}

/** Samples `processes` and this one from now; the stop answers their CPU and the seconds. */
function measureCpu(processes) {
  const t0 = performance.now();
  const before = process.cpuUsage();
  const stop = sampler(processes);
  return () => {
    const usage = stop();
    const used = process.cpuUsage(before);
    const seconds = (performance.now() - t0) / 1000;
    return { usage, seconds, benchCpu: ((used.user + used.system) / 1e6 / seconds) * 100 };
  };
}

/** Each desk's journal on disk (before the clock), then opened with the desk's own store. */
async function prepareDesks(lib, root, usernames, urls) {
  const base = mkdtempSync(path.join(tmpdir(), 'agent-desk-bench-centre-'));
  const desks = [];
  const t0 = Date.parse('2026-03-02T09:00:00.000Z');
  let s = performance.now();
  let bytes = 0;
  for (const [i, username] of usernames.entries()) {
    const desk = {
      username,
      password: lib.BENCH_PASSWORD,
      url: urls[i % urls.length],
      dataDir: path.join(base, username),
      deviceId: `centre-${username}`,
      fieldKey: randomBytes(32),
      deviceSecret: randomBytes(32),
    };
    bytes += await lib.writeDeskJournal({ ...desk, agent: username, n: ENTRIES, t0 });
    desks.push(desk);
    if ((i + 1) % 100 === 0 || i + 1 === usernames.length)
      progress(
        `  journals written: ${i + 1}/${usernames.length} desks`,
        i + 1 === usernames.length,
      );
  }
  console.log(
    ` — ${n(usernames.length * ENTRIES)} entries, ${(bytes / 2 ** 20).toFixed(0)} MiB, ${((performance.now() - s) / 1000).toFixed(1)} s`,
  );
  s = performance.now();
  for (const [i, desk] of desks.entries()) {
    desk.journal = await lib.openJournalStore({
      dataDir: desk.dataDir,
      keyProvider: lib.staticKeyProvider(desk.fieldKey),
      deviceKeyProvider: lib.staticKeyProvider(desk.deviceSecret),
    });
    if (desk.journal.notices().length > 0 || desk.journal.backlog() !== ENTRIES)
      throw new Error(
        `${desk.username}: journal opened with ${JSON.stringify(desk.journal.notices())}`,
      );
    if ((i + 1) % 100 === 0 || i + 1 === desks.length)
      progress(`  journals opened: ${i + 1}/${desks.length} desks`, i + 1 === desks.length);
  }
  console.log(
    ` — ${((performance.now() - s) / 1000).toFixed(1)} s (the desk's own store: read, decrypt, verify)`,
  );
  return { desks, dispose: () => rmSync(base, { recursive: true, force: true }) };
}

/** Every desk drains at once with the desk's own sync engine; progress every 5 s. */
async function drainAll(lib, desks) {
  let acked = 0;
  let duplicates = 0;
  let batches = 0;
  let done = 0;
  const total = desks.length * ENTRIES;
  for (const desk of desks) {
    desk.sync = lib.createJournalSync({
      journal: desk.journal,
      send: lib.createJournalUploader({
        baseUrl: desk.url,
        token: () => desk.token,
        device: desk.journal.device,
      }),
    });
    desk.sync.subscribe((e) => {
      if (e.type !== 'batch') return;
      batches += 1;
      acked += e.applied + e.duplicate + e.rejected;
      duplicates += e.duplicate;
    });
  }
  const t0 = performance.now();
  let last = { at: t0, acked: 0 };
  const ticker = setInterval(() => {
    const now = performance.now();
    console.log(
      `  drain ${((now - t0) / 1000).toFixed(0).padStart(4)} s: ${n(acked)}/${n(total)} entries (${n(((acked - last.acked) * 1000) / (now - last.at))}/s now), ${done}/${desks.length} desks done`,
    );
    last = { at: now, acked };
  }, 5000);
  for (const desk of desks) desk.sync.start();
  const drained = Promise.all(desks.map((d) => d.sync.drained().then(() => (done += 1))));
  const finished = await Promise.race([drained.then(() => true), sleep(TIMEOUT_SECONDS * 1000)]);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(ticker);
  await Promise.all(desks.map((d) => d.sync.stop()));
  return { finished, seconds, acked, duplicates, batches, done };
}

/** The archive, device by device: every entry exactly once, in order, no refusal, no alert. */
async function verifyArchive(url, desks) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select device_id, count(*)::int as n, count(distinct seq)::int as seqs, min(seq)::int as lo,
              max(seq)::int as hi from journal_entries where device_id like 'centre-%' group by 1`,
    );
    const byDevice = new Map(rows.map((r) => [r.device_id, r]));
    const wrong = desks.filter((d) => {
      const r = byDevice.get(d.deviceId);
      return !r || r.n !== ENTRIES || r.seqs !== ENTRIES || r.lo !== 1 || r.hi !== ENTRIES;
    });
    const rejects = (await client.query('select count(*)::int as n from journal_rejects')).rows[0]
      .n;
    const alerts = (await client.query('select kind, count(*)::int as n from alerts group by 1'))
      .rows;
    const local = desks.filter(
      (d) => d.journal.backlog() !== 0 || d.journal.deadLetters().length !== 0,
    );
    const archived = rows.reduce((sum, r) => sum + r.n, 0);
    return { archived, wrong, rejects, alerts, local };
  } finally {
    await client.end();
  }
}

function startChecks(file, clients) {
  const worker = new Worker(new URL('./bench-centre-checks.mjs', import.meta.url), {
    workerData: { libFile: file, clients, customers: CUSTOMERS, everyMs: CHECK_EVERY_MS },
  });
  const answer = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => m.type === type && (worker.off('message', onMessage), resolve(m));
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const ready = answer('ready');
  const result = answer('result');
  return {
    /** Resolves once the worker has loaded and its clients wait for a phase. */
    ready: () => ready,
    phase: (name) => worker.postMessage(name),
    stop: async () => {
      worker.postMessage('stop');
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

export async function benchCentre({ root }) {
  console.log(
    `\nThe centre after an outage: ${n(DESKS)} desks × ${n(ENTRIES)} unsynced entries, two records-service instances, one PostgreSQL, ${CHECKERS} agents checking ${CHECK_EVERY_MS > 0 ? `a call every ${CHECK_EVERY_MS} ms each` : 'back to back'}`,
  );
  const { lib, file, dispose } = await importBenchLib(root, 'bench-centre-lib');
  const pg = await startTempPostgres();
  const env = { DATABASE_URL: pg.url, RECORDS_PEPPER: PEPPER };
  // Production flags; checks (and look-ups, where the service has the flag) per agent token
  // lifted: 16 agents check far faster than people do.
  const help = spawnSync(process.execPath, ['dist/server/cli.js', '--help'], { cwd: root });
  const args = [
    '--checks-per-minute',
    '1000000',
    ...(String(help.stderr).includes('--lookups-per-minute')
      ? ['--lookups-per-minute', '1000000']
      : []),
  ];
  const services = [];
  let prepared;
  let checks;
  try {
    services.push(await startService(root, env, 'A', { args })); // migrates
    const names = await lib.insertSyntheticAgents(pg.url, DESKS + CHECKERS, 0);
    let s = performance.now();
    await lib.loadSyntheticCustomers(pg.url, CUSTOMERS, PEPPER);
    console.log(
      `  ${n(CUSTOMERS)} synthetic customers loaded in ${((performance.now() - s) / 1000).toFixed(1)} s`,
    );
    services.push(await startService(root, env, 'B', { args }));
    const [a, b] = services;
    const floors = await printFloors({
      url: pg.url,
      fileDir: pg.dir,
      sampleEntry: await lib.sampleEntryJson(randomBytes(32)),
    });
    record('floor: PostgreSQL COPY, journal_entries shape', floors.copy.rate, null, 'rows/s');
    record('floor: append + fdatasync', floors.append.rate, null, 'appends/s');
    record(
      'floor: append + fdatasync, p99',
      floors.append.times[Math.floor(0.99 * floors.append.times.length)],
      null,
      'ms',
    );

    prepared = await prepareDesks(lib, root, names.desks.slice(0, DESKS), [a.url, b.url]);
    const { desks } = prepared;
    const clients = names.desks
      .slice(DESKS)
      .map((username, i) => ({ username, password: lib.BENCH_PASSWORD, url: (i % 2 ? b : a).url }));
    s = performance.now();
    await signInAll([...desks, ...clients]);
    // Each desk registered its device when it first synced (the desk does that once per run).
    for (const desk of desks) {
      const { device } = desk.journal;
      await api(
        desk.url,
        'POST',
        '/api/v1/devices',
        {
          deviceId: device.deviceId,
          publicKey: device.publicKey,
          chainKey: device.chainKey,
          keyedFrom: device.keyedFrom(),
        },
        desk.token,
      );
    }
    console.log(
      `  ${desks.length + clients.length} agents signed in, ${desks.length} devices registered in ${((performance.now() - s) / 1000).toFixed(1)} s`,
    );

    const beforeCheckers = new Set(threadIds());
    checks = startChecks(
      file,
      clients.map(({ username, url, token }) => ({ username, url, token })),
    );
    await checks.ready();
    if (DESKS_NICE > 0) {
      const checkers = new Set(threadIds().filter((tid) => !beforeCheckers.has(tid)));
      console.log(
        `  desks niced: ${niceDesks(checkers)} threads of this process at nice ${DESKS_NICE} (the checking agents' ${checkers.size} not)`,
      );
    }
    // A centre's service has been up for hours: its pools are open, its code compiled, PostgreSQL's
    // caches warm after the bulk load. Five seconds of checks first, not counted.
    checks.phase('warm-up');
    await sleep(5000);
    // Every process's CPU while only the checks run, then during the drain (cpuAccount).
    const processes = {
      A: () => [a.pid],
      B: () => [b.pid],
      postgres: () => postgresPids(pg.dir),
    };
    checks.phase('baseline');
    const baselineCpu = measureCpu(processes);
    await sleep(BASELINE_SECONDS * 1000);
    const baseline = baselineCpu();
    checks.phase('drain');
    const loadBefore = loadavg()[0];
    const drainCpu = measureCpu(processes);
    const stopActivity = await pgActivity(pg.url);
    const drain = await drainAll(lib, desks);
    const during = drainCpu();
    const activity = await stopActivity();
    const checked = await checks.stop();
    checks = null;

    const account = cpuAccount(
      { ...baseline, checks: checked.phases.baseline.round.length },
      { ...during, checks: checked.phases.drain.round.length },
    );
    const cpuFloor = printCpuFloor(account, drain.acked);
    printDrain(
      { drain, usage: during.usage, benchCpu: during.benchCpu, floors, cpuFloor },
      { desks: DESKS, entries: ENTRIES, timeoutSeconds: TIMEOUT_SECONDS },
      GOAL,
    );
    console.log(`${label('PostgreSQL connections, mean (state / wait)')} ${activity}`);
    console.log(
      `${label('machine: load average (1 min), before / after')} ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (other work on the machine competes)`,
    );
    const how = { checkers: CHECKERS, everyMs: CHECK_EVERY_MS, goalP99Ms: GOAL.checkP99Ms };
    printChecks('before the drain', checked.phases.baseline, how);
    printChecks('during the drain', checked.phases.drain, how);
    if (checked.failed > 0)
      throw new Error(`${checked.failed} checks failed, first: ${checked.errors[0]}`);

    const v = await verifyArchive(pg.url, desks);
    const bad = v.wrong.length + v.local.length + v.rejects + v.alerts.reduce((x, r) => x + r.n, 0);
    console.log(
      `${label('archive: every entry exactly once')} ${bad === 0 ? 'yes' : 'NO'}: ${n(v.archived)} archived of ${n(DESKS * ENTRIES)}, ${v.wrong.length} devices not exactly 1..${ENTRIES}, ${v.local.length} desks with a backlog or dead letters, ${v.rejects} refused entries, alerts: ${v.alerts.map((r) => `${r.kind} ${r.n}`).join(', ') || 'none'}`,
    );
    record('centre: devices not archived exactly once, refusals, alerts', bad, { max: 0 }, '');
    if (drain.finished && bad !== 0)
      throw new Error('the centre drain lost, repeated or refused entries');
  } finally {
    await checks?.stop().catch(() => {});
    for (const desk of prepared?.desks ?? []) await desk.journal?.close();
    prepared?.dispose();
    await Promise.all(services.map((s) => s.stop()));
    stopTempPostgres(pg.dir);
    dispose();
  }
}

// `node scripts/bench-centre.mjs` alone (after `node scripts/build.mjs server`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchCentre({ root: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..') });
  console.log(summary());
}
