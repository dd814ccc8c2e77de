// The records service at scale, part of `npm run bench`: 1,000,000 synthetic customers
// on a throwaway PostgreSQL (loaded in bulk), then customer look-up by caller number and the basic
// check (p50/p99, and throughput with concurrent clients), and journal ingest throughput of
// registered desks draining at once (first delivery and an exact replay answered `duplicate`).
//   BENCH_CUSTOMERS=<n> overrides the million (e.g. for a quick look);
//   BENCH_INGEST_DEVICES, BENCH_INGEST_PER_DEVICE: desks draining at once, entries each (8, 5000);
//   BENCH_INGEST_GZIP=0 sends identity bodies (a service without gzip reads them as bad JSON).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import esbuild from 'esbuild';
import { latencyLine } from './bench-stats.mjs';
import { startTempPostgres, stopTempPostgres } from './pg-temp.mjs';
import { postgresBinDir } from './system-deps.mjs';

/** Sequential latency (p50/p99), then throughput with `concurrency` clients for `seconds`. */
async function latencyAndThroughput(
  name,
  fn,
  { n = 2000, concurrency = 16, seconds = 5, per = '' } = {},
) {
  for (let i = 0; i < 50; i++) await fn(i);
  const times = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i, (t) => times.push(t));
    if (times.length < i + 1) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < until; i += concurrency) {
        await fn(n + i);
        done++;
      }
    }),
  );
  console.log(
    `${latencyLine(name, times, { qs: [0.5, 0.99], count: n })}  ${String(Math.round(done / seconds)).padStart(6)}/s with ${concurrency} clients${per}`,
  );
}

function startService(root, env) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-bench-records-'));
  const child = spawn(
    process.execPath,
    [
      'dist/server/cli.js',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--seed',
      'server/seed/demo-seed.json',
      '--checks-per-minute',
      '1000000',
      // The ingest pass posts unsigned batches of unregistered devices (the legacy path).
      '--allow-unregistered-devices',
    ],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('listening: '))
        resolve({
          url: line.slice(11),
          stop: () => (child.kill('SIGTERM'), rmSync(dataDir, { recursive: true, force: true })),
        });
    });
    child.once('exit', (code) => reject(new Error(`records service exited ${code}`)));
  });
}

export async function benchRecords({ root }) {
  console.log('\nRecords service at scale (PostgreSQL, loopback)');
  if (!postgresBinDir()) {
    console.log('  skipped: PostgreSQL is not installed (apt-get install postgresql)');
    return;
  }
  const count = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  // Bundled inside the repository so its bare imports (pg) resolve from our node_modules.
  const libFile = path.join(root, '.tmp', `bench-records-lib-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [path.join(root, 'scripts/bench-records-lib.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: libFile,
    logLevel: 'error',
  });
  const lib = await import(pathToFileURL(libFile).href);
  const pg = await startTempPostgres();
  const pepper = 'bench-pepper-not-a-secret-000000';
  let service;
  try {
    // Migrate (and seed the agents) first, then load the customers behind the running service.
    service = await startService(root, { DATABASE_URL: pg.url, RECORDS_PEPPER: pepper });
    const loaded = await lib.loadSyntheticCustomers(pg.url, count, pepper);
    console.log(
      `  loaded ${count.toLocaleString('en')} synthetic customers in ${loaded.seconds.toFixed(1)} s (${Math.round(count / loaded.seconds).toLocaleString('en')} rows/s, batched unnest inserts)`,
    );

    const api = async (method, url, body, token) => {
      const res = await fetch(`${service.url}${url}`, {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = res.status === 204 ? null : await res.json();
      if (res.status >= 400)
        throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const { token } = await api('POST', '/api/v1/auth/sign-in', {
      username: 'agent01',
      password: 'demo-pass-1',
    });
    // Spread over the whole table: the index, not a warm corner of it, is measured.
    const pick = (i) => lib.syntheticCustomer((i * 7919 + 104_729) % count);

    await latencyAndThroughput('customer look-up by caller number', async (i) => {
      const c = pick(i);
      const { customers } = await api(
        'GET',
        `/api/v1/customers?mobile=${c.mobile}`,
        undefined,
        token,
      );
      if (customers.length !== 1) throw new Error(`look-up found ${customers.length} customers`);
    });

    await latencyAndThroughput(
      'basic check (mobile + ID number)',
      async (i, record) => {
        const c = pick(i);
        const { customers } = await api(
          'GET',
          `/api/v1/customers?mobile=${c.mobile}`,
          undefined,
          token,
        );
        const session = await api(
          'POST',
          '/api/v1/verifications',
          {
            callId: `bench-${randomUUID()}`,
            callerNumber: c.mobile,
            businessType: 'enquiry',
            customerId: customers[0].id,
          },
          token,
        );
        const s = performance.now();
        const checked = await api(
          'POST',
          `/api/v1/verifications/${session.id}/basic`,
          { customerId: customers[0].id, mobile: c.mobile, nationalId: c.nationalId },
          token,
        );
        record?.(performance.now() - s);
        if (checked.result !== 'passed') throw new Error(`basic check answered ${checked.result}`);
      },
      { per: ' (each: look-up + new session + check, as on a call)' },
    );

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
    for (const f of figures)
      console.log(
        `${`journal ingest, ${(devices * perDevice).toLocaleString('en')} entries, ${f.pass}`.padEnd(52)} ${String(Math.round(f.perSecond)).padStart(6)} entries/s (${f.seconds.toFixed(2)} s; ${devices} desks at once, signed batches of 1,000${f.gzip ? ', gzip' : ''})  goal ≥ 20,000 entries/s`,
      );
  } finally {
    service?.stop();
    stopTempPostgres(pg.dir);
    rmSync(libFile, { force: true });
  }
}

// `node scripts/bench-records.mjs` alone (after `node scripts/build.mjs server`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchRecords({ root: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..') });
}
