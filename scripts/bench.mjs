#!/usr/bin/env node
// `npm run bench`: speed is measured here, not in timed tests. Builds, starts the real records
// service and web host on loopback, and prints medians and p95/p99 per operation. Later issues
// add their figures (SIP call setup, verification checks at 1M customers, journal append/drain).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (spawnSync(process.execPath, ['scripts/build.mjs', 'renderer', 'server', 'web'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);

async function start(script, args) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-bench-'));
  const child = spawn(process.execPath, [script, '--port', '0', '--data-dir', dataDir, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line.startsWith('listening: ') && resolve(line.slice(11)));
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return { url, stop: () => (child.kill('SIGTERM'), rmSync(dataDir, { recursive: true, force: true })) };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
async function measure(name, n, fn) {
  for (let i = 0; i < Math.min(20, n); i++) await fn(); // warm-up
  const times = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  const f = (x) => x.toFixed(2).padStart(8);
  console.log(`${name.padEnd(44)} n=${String(n).padStart(5)}  p50 ${f(quantile(times, 0.5))} ms  p95 ${f(quantile(times, 0.95))} ms  p99 ${f(quantile(times, 0.99))} ms  ${(n / (total / 1000)).toFixed(0).padStart(6)}/s`);
}

const records = await start('dist/server/cli.js', ['--seed', 'server/seed/demo-seed.json']);
const web = await start('dist/web/cli.js', ['--records', records.url]);
try {
  const launch = new URL(web.url);
  const ws = new WebSocket(`ws://${launch.host}/bridge?token=${launch.searchParams.get('token')}`, { headers: { origin: `http://${launch.host}` } });
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

  console.log(`Agent Desk bench — Node ${process.version}, loopback\n`);
  await measure('records GET /health', 2000, () => fetch(`${records.url}/health`).then((r) => r.text()));
  await measure('web host bridge round trip (auth:current)', 5000, () => invoke('auth:current', {}));
  await measure('web host bridge round trip (settings:get)', 5000, () => invoke('settings:get', {}));
  // Sign-in is deliberately slow (scrypt): this shows what an agent waits for.
  await measure('sign-in + sign-out through the web host', 30, async () => {
    const r = await invoke('auth:sign-in', { username: 'agent01', password: 'demo-pass-1' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    await invoke('auth:sign-out', {});
  });
  ws.close();
} finally {
  web.stop();
  records.stop();
}
