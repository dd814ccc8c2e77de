// The records service at scale, part of `npm run bench`: 1,000,000 synthetic customers
// on a throwaway PostgreSQL (loaded in bulk), then customer look-up by caller number and the basic
// check (p50/p99, and throughput with concurrent clients), and journal ingest throughput of
// registered desks draining at once (first delivery and an exact replay answered `duplicate`).
//   BENCH_CUSTOMERS=<n> overrides the million (e.g. for a quick look);
//   BENCH_INGEST_DEVICES, BENCH_INGEST_PER_DEVICE: desks draining at once, entries each (8, 5000);
//   BENCH_INGEST_GZIP=0 sends identity bodies (a service without gzip reads them as bad JSON).
//   BENCH_RECORDS_PARTS=lookup,check,ingest picks the parts (default: all three).
import { randomUUID } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { latencyLine, quantile } from './bench-stats.mjs';
import { startTempPostgres, stopTempPostgres } from './pg-temp.mjs';
import { postgresBinDir } from './system-deps.mjs';
import { record } from './bench-report.mjs';
import { importBenchLib, spawnListening, startService } from './bench-services.mjs';

/** CPU seconds a process has used so far (utime + stime from /proc), or NaN off Linux. */
function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds every PostgreSQL process on this machine has used so far (the bench's own). */
function postgresCpuSeconds() {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres')
        total += cpuSecondsOf(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU seconds the whole machine has spent idle so far (/proc/stat: idle + iowait). */
function idleCpuSeconds() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    return (Number(fields[4]) + Number(fields[5])) / 100;
  } catch {
    return Number.NaN;
  }
}

const share = (cpuSeconds, seconds) => `${Math.round((100 * cpuSeconds) / seconds)} %`;

/**
 * Sequential latency (p50/p99), then throughput with `concurrency` clients for `seconds`, each
 * beside its goal; the CPU the service and this client used while the clients ran (2 cores here:
 * 200 % is the whole machine).
 */
async function latencyAndThroughput(
  name,
  fn,
  { n = 2000, concurrency = 16, seconds = 5, per = '', goal, servicePid, floor } = {},
) {
  for (let i = 0; i < 50; i++) await fn(i, undefined, 0);
  const times = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i, (t) => times.push(t), 0);
    if (times.length < i + 1) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const clientCpu = process.cpuUsage();
  const serviceCpu = cpuSecondsOf(servicePid);
  const postgresCpu = postgresCpuSeconds();
  const idleCpu = idleCpuSeconds();
  const rate = await throughput(fn, { from: n, concurrency, seconds });
  const used = process.cpuUsage(clientCpu);
  const cpu = {
    service: cpuSecondsOf(servicePid) - serviceCpu,
    postgres: postgresCpuSeconds() - postgresCpu,
    client: (used.user + used.system) / 1e6,
  };
  // PostgreSQL's CPU per call, measured: with every core to itself and nothing else running, this
  // machine could not serve more calls than this (the service's own route adds to it).
  const perCall = (cpuSeconds) => (1000 * cpuSeconds) / (rate * seconds);
  const ceiling = Math.round((1000 * availableParallelism()) / perCall(cpu.postgres));
  console.log(
    `${latencyLine(name, times, { qs: [0.5, 0.99], count: n })}  ${String(rate).padStart(6)}/s with ${concurrency} clients${per}`,
  );
  const p99 = quantile(times, 0.99);
  record(`${name}, ${concurrency} clients`, rate, { min: goal.rate }, '/s', {
    floor: floor?.rate ?? `PostgreSQL's CPU alone: ≤ ${ceiling.toLocaleString('en')}/s`,
  });
  record(`${name}, p99`, p99, { max: goal.p99 }, 'ms', { floor: floor?.p99 });
  console.log(
    `${''.padEnd(44)} goal ≥ ${goal.rate.toLocaleString('en')}/s, p99 ≤ ${goal.p99} ms: ` +
      `${rate >= goal.rate ? 'met' : 'NOT met'} / ${p99 <= goal.p99 ? 'met' : 'NOT met'}` +
      `  (CPU while the clients ran: service ${share(cpu.service, seconds)},` +
      ` PostgreSQL ${share(cpu.postgres, seconds)},` +
      ` bench client ${share(cpu.client, seconds)},` +
      ` idle ${share(idleCpuSeconds() - idleCpu, seconds)} of ${100 * availableParallelism()} %)`,
  );
  console.log(
    `${''.padEnd(44)} CPU per call: service ${perCall(cpu.service).toFixed(2)} ms, PostgreSQL ` +
      `${perCall(cpu.postgres).toFixed(2)} ms, bench client ${perCall(cpu.client).toFixed(2)} ms;` +
      ` PostgreSQL's share alone caps this machine's ${availableParallelism()} cores at` +
      ` ${ceiling.toLocaleString('en')}/s`,
  );
}

/** Calls of `fn` per second with `concurrency` clients calling it back to back for `seconds`. */
async function throughput(fn, { from = 0, concurrency = 16, seconds = 5 }) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < until; i += concurrency) {
        await fn(from + i, undefined, worker);
        done++;
      }
    }),
  );
  return Math.round(done / seconds);
}

/** A cheap JSON client for `base` (keep-alive sockets, no fetch machinery): it shares the cores. */
function jsonClient(base) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(base);
  return (method, url, body, token) =>
    new Promise((resolve, reject) => {
      const payload = body ? JSON.stringify(body) : undefined;
      const req = httpRequest(
        {
          agent,
          hostname,
          port,
          method,
          path: url,
          headers: {
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const json = res.statusCode === 204 || text === '' ? null : JSON.parse(text);
            if (res.statusCode >= 400)
              reject(new Error(`${method} ${url} → ${res.statusCode} ${text}`));
            else resolve(json);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

/**
 * The look-up's floor on this machine (bench-records-lib.ts `serveLookupFloor`): a bare route
 * running the service's own look-up statement on the service's own pool, driven by the same
 * clients. What any look-up here can reach at most; the service's figure is printed beside it.
 */
async function lookupFloor(root, libFile, pgUrl, count, pick) {
  const floor = await spawnListening(
    root,
    [
      '--input-type=module',
      '-e',
      'await (await import(process.argv[1])).serveLookupFloor()',
      libFile,
    ],
    { DATABASE_URL: pgUrl },
    {
      label: 'look-up floor',
      logFile: path.join(tmpdir(), `agent-desk-bench-floor-${process.pid}.log`),
    },
  );
  try {
    const api = jsonClient(floor.url);
    const lookUp = async (i) => {
      const { customers } = await api('GET', `/api/v1/customers?mobile=${pick(i).mobile}`);
      if (customers.length !== 1) throw new Error(`floor look-up found ${customers.length}`);
    };
    for (let i = 0; i < 500; i++) await lookUp(i);
    const times = [];
    for (let i = 0; i < 2000; i++) {
      const s = performance.now();
      await lookUp(count + i);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const rate = await throughput(lookUp, { from: 2 * count, concurrency: 16, seconds: 5 });
    return { rate, p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
  } finally {
    await floor.stop();
  }
}

export async function benchRecords({ root }) {
  console.log('\nRecords service at scale (PostgreSQL, loopback)');
  if (!postgresBinDir()) {
    console.log('  skipped: PostgreSQL is not installed (apt-get install postgresql)');
    return;
  }
  const count = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const parts = new Set((process.env.BENCH_RECORDS_PARTS ?? 'lookup,check,ingest').split(','));
  const { lib, file: libFile, dispose } = await importBenchLib(root, 'bench-records-lib');
  const pg = await startTempPostgres();
  const pepper = 'bench-pepper-not-a-secret-000000';
  let service;
  try {
    // Migrate (and seed the agents) first, then load the customers behind the running service.
    // BENCH_RECORDS_CPU_PROF=<dir>: the service writes a V8 CPU profile there when it stops.
    service = await startService(root, { DATABASE_URL: pg.url, RECORDS_PEPPER: pepper }, 'A', {
      args: [
        '--seed',
        'server/seed/demo-seed.json',
        '--checks-per-minute',
        '1000000',
        '--lookups-per-minute',
        '1000000',
      ],
      cpuProfDir: process.env.BENCH_RECORDS_CPU_PROF,
    });
    const loaded = await lib.loadSyntheticCustomers(pg.url, count, pepper);
    console.log(
      `  loaded ${count.toLocaleString('en')} synthetic customers in ${loaded.seconds.toFixed(1)} s (${Math.round(count / loaded.seconds).toLocaleString('en')} rows/s, batched unnest inserts)`,
    );

    const api = jsonClient(service.url);
    // Sixteen agents, one per client, as on a floor: one agent's token is one rate-limit row, and
    // sixteen look-ups at once under one token would measure that row's lock, not the service.
    const agents = await lib.insertSyntheticAgents(pg.url, 16, 0);
    const tokens = [];
    for (const username of agents.desks)
      tokens.push(
        (await api('POST', '/api/v1/auth/sign-in', { username, password: lib.BENCH_PASSWORD }))
          .token,
      );
    const token = tokens[0];
    // Spread over the whole table: the index, not a warm corner of it, is measured.
    const pick = (i) => lib.syntheticCustomer((i * 7919 + 104_729) % count);
    /** The customer behind the caller's number, as the desk looks it up: exactly one. */
    const lookUp = async (c, worker) => {
      const { customers } = await api(
        'GET',
        `/api/v1/customers?mobile=${c.mobile}`,
        undefined,
        tokens[worker],
      );
      if (customers.length !== 1) throw new Error(`look-up found ${customers.length} customers`);
      return customers;
    };

    if (parts.has('lookup')) {
      const floor = await lookupFloor(root, libFile, pg.url, count, pick);
      await latencyAndThroughput(
        'customer look-up by caller number',
        async (i, _record, worker) => {
          await lookUp(pick(i), worker);
        },
        {
          goal: { rate: 5000, p99: 5 },
          servicePid: service.pid,
          floor: {
            rate: `bare route, same statement: ${floor.rate.toLocaleString('en')}/s`,
            p99: `bare route, same statement: ${floor.p99.toFixed(2)} ms`,
          },
        },
      );
      console.log(
        `${''.padEnd(44)} floor: a bare route running the same look-up statement: p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms, ${floor.rate.toLocaleString('en')}/s with 16 clients (no sign-in, rate limit, validation or log line)`,
      );
    }

    if (parts.has('check'))
      await latencyAndThroughput(
        'basic check (mobile + ID number)',
        async (i, record, worker) => {
          const c = pick(i);
          const customers = await lookUp(c, worker);
          const session = await api(
            'POST',
            '/api/v1/verifications',
            {
              callId: `bench-${randomUUID()}`,
              callerNumber: c.mobile,
              businessType: 'enquiry',
              customerId: customers[0].id,
            },
            tokens[worker],
          );
          const s = performance.now();
          const checked = await api(
            'POST',
            `/api/v1/verifications/${session.id}/basic`,
            { customerId: customers[0].id, mobile: c.mobile, nationalId: c.nationalId },
            tokens[worker],
          );
          record?.(performance.now() - s);
          if (checked.result !== 'passed')
            throw new Error(`basic check answered ${checked.result}`);
        },
        {
          per: ' (each: look-up + new session + check, as on a call; p50/p99 of the check)',
          goal: { rate: 1000, p99: 10 },
          servicePid: service.pid,
        },
      );

    if (!parts.has('ingest')) return;
    // Journal ingest after an outage: registered desks, signed and MACed batches of 1,000 (as the
    // desk sends them, gzipped), all desks at once; then the same again, all duplicate.
    const devices = Number(process.env.BENCH_INGEST_DEVICES ?? 8);
    const perDevice = Number(process.env.BENCH_INGEST_PER_DEVICE ?? 5000);
    const figures = await lib.benchIngest({
      url: service.url,
      token,
      devices,
      perDevice,
      batchSize: 1000,
      gzip: process.env.BENCH_INGEST_GZIP !== '0',
    });
    for (const f of figures) {
      record(`journal ingest, ${f.pass}`, f.perSecond, { min: 20_000 }, 'entries/s');
      console.log(
        `${`journal ingest, ${(devices * perDevice).toLocaleString('en')} entries, ${f.pass}`.padEnd(52)} ${String(Math.round(f.perSecond)).padStart(6)} entries/s (${f.seconds.toFixed(2)} s; ${devices} desks at once, signed batches of 1,000${f.gzip ? ', gzip' : ''})  goal ≥ 20,000 entries/s`,
      );
    }
  } finally {
    await service?.stop();
    stopTempPostgres(pg.dir);
    dispose();
  }
}

// `node scripts/bench-records.mjs` alone (after `node scripts/build.mjs server`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchRecords({ root: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..') });
}
