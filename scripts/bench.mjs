#!/usr/bin/env node
// `npm run bench`: speed is measured here, not in timed tests. On loopback: the records service and
// web host (p50/p95/p99 per operation), SIP call setup and registration (bench-sip.mjs), a plain
// SIP phone through Kamailio + rtpengine: INVITE → caller ID painted (bench-pstn.mjs), the soak
// (bench-soak.mjs: one desk, 500 calls, its JS heap; `npm run bench -- soak` runs only it), a
// million customers on PostgreSQL (bench-records.mjs), the desk journal (bench-journal.mjs) and
// the live floor: 500 desks on two instances (bench-floor.mjs; `npm run bench -- floor` alone) and
// the monthly assessment: 1.55 M sessions (bench-assessment.mjs; `npm run bench -- assessment`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { benchAssessment } from './bench-assessment.mjs';
import { benchFloor } from './bench-floor.mjs';
import { benchRecords } from './bench-records.mjs';
import { buildForSipBench } from './bench-sip-lab.mjs';
import { benchPstn } from './bench-pstn.mjs';
import { benchSip } from './bench-sip.mjs';
import { benchSoak } from './bench-soak.mjs';
import { latencyLine } from './bench-stats.mjs';

const soakOnly = process.argv.slice(2).includes('soak');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv.slice(2).includes('floor')) {
  // The live floor alone: it needs only the records service.
  const built = spawnSync(process.execPath, ['scripts/build.mjs', 'server'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(1);
  await benchFloor({ root });
  process.exit(0);
}
if (process.argv.slice(2).includes('assessment')) {
  // The month's indicators alone: the records service in-process on a throwaway PostgreSQL.
  await benchAssessment({ root });
  process.exit(0);
}
// The renderer as shipped (production React): the SIP figures time the app's own screen.
buildForSipBench({ ...process.env, NODE_ENV: 'production' });

async function start(script, args) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-bench-'));
  const child = spawn(process.execPath, [script, '--port', '0', '--data-dir', dataDir, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on(
      'line',
      (line) => line.startsWith('listening: ') && resolve(line.slice(11)),
    );
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return {
    url,
    stop: () => (child.kill('SIGTERM'), rmSync(dataDir, { recursive: true, force: true })),
  };
}

async function measure(name, n, fn, warmUp = Math.min(20, n)) {
  for (let i = 0; i < warmUp; i++) await fn();
  const times = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  console.log(
    `${latencyLine(name, times, { count: n })}  ${(n / (total / 1000)).toFixed(0).padStart(6)}/s`,
  );
}

/** The web host's bridge and sign-in, on its own web host over `records`. */
async function benchWebHost(records) {
  const web = await start('dist/web/cli.js', ['--records', records.url]);
  try {
    const launch = new URL(web.url);
    const ws = new WebSocket(
      `ws://${launch.host}/bridge?token=${launch.searchParams.get('token')}`,
      { headers: { origin: `http://${launch.host}` } },
    );
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    let id = 0;
    const invoke = (channel, payload) =>
      new Promise((resolve) => {
        const mine = ++id;
        const onMessage = (data) => {
          const msg = JSON.parse(String(data));
          if (msg.id === mine) {
            ws.off('message', onMessage);
            resolve(msg.result);
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'invoke', id: mine, channel, payload }));
      });

    await measure('records GET /health', 2000, () =>
      fetch(`${records.url}/health`).then((r) => r.text()),
    );
    await measure('web host bridge round trip (auth:current)', 5000, () =>
      invoke('auth:current', {}),
    );
    await measure('web host bridge round trip (settings:get)', 5000, () =>
      invoke('settings:get', {}),
    );
    // Sign-in is deliberately slow (scrypt): this shows what an agent waits for. The records
    // service allows 10 sign-ins a minute per address and user, so the samples rotate over the
    // seed's four accounts (8 each, with the warm-up) and stay under it.
    const seedAgents = ['agent01', 'senior01', 'lead01', 'admin01'];
    let turn = 0;
    await measure(
      'sign-in + sign-out through the web host',
      30,
      async () => {
        const r = await invoke('auth:sign-in', {
          username: seedAgents[turn++ % seedAgents.length],
          password: 'demo-pass-1',
        });
        if (!r.ok) throw new Error(JSON.stringify(r));
        await invoke('auth:sign-out', {});
      },
      2,
    );
    ws.close();
  } finally {
    web.stop();
  }
}

const records = await start('dist/server/cli.js', [
  '--demo',
  '--seed',
  'server/seed/demo-seed.json',
]);
try {
  if (!soakOnly) {
    console.log(`Agent Desk bench — Node ${process.version}, loopback\n`);
    await benchWebHost(records);
    // The softphone: call setup, media and registration through Kamailio on loopback,
    // a bare sip.js pair against the app. See scripts/bench-sip.mjs.
    await benchSip({ recordsUrl: records.url, rendererBuild: 'production' });
    // A plain SIP desk phone through Kamailio + rtpengine: INVITE → caller ID painted.
    await benchPstn({ recordsUrl: records.url });
  }
  // One desk, 500 calls: its JS heap, DOM nodes and peer connections. See scripts/bench-soak.mjs.
  await benchSoak({ recordsUrl: records.url, rendererBuild: 'production' });
} finally {
  records.stop();
}

if (!soakOnly) {
  // The records service with a million customers on PostgreSQL. See scripts/bench-records.mjs.
  await benchRecords({ root });

  // The desk's durable journal and its sync. See scripts/bench-journal.mjs.
  await (await import('./bench-journal.mjs')).benchJournal({ root });

  // 500 desks on two records-service instances, leads on both. See scripts/bench-floor.mjs.
  await benchFloor({ root });

  // A month of 500 agents' calls: the indicators dashboard. See scripts/bench-assessment.mjs.
  await benchAssessment({ root });
}
