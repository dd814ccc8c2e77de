// What the multi-instance benches (bench-floor.mjs, bench-centre.mjs) share: a records-service
// instance as its own process (`npm run server`'s bundled CLI, production flags: no --demo, no
// seed), its JSON API as a client calls it, and bundling a bench's TypeScript helpers with esbuild.
import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import esbuild from 'esbuild';

export const sleep = (t) => new Promise((resolve) => setTimeout(resolve, t));

/**
 * Bundles `scripts/<name>.ts` inside the repository (so its bare imports resolve from our
 * node_modules) and imports it; `file` is the bundle (for a worker), `dispose()` removes it.
 * `options` are esbuild's, over these defaults (e.g. a lib that bundles sip.js with it).
 */
export async function importBenchLib(root, name, options = {}) {
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const file = path.join(root, '.tmp', `${name}-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [path.join(root, `scripts/${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: file,
    logLevel: 'error',
    ...options,
  });
  const lib = await import(pathToFileURL(file).href);
  return { lib, file, dispose: () => rmSync(file, { force: true }) };
}

/**
 * A Node child process (`args` after `node`) that prints `listening: <url>` once it serves; its
 * stderr goes to `logFile` (piped, reading it would cost the bench's own CPU). `stop()` ends it,
 * waits for it (5 s at most) and then runs `dispose`.
 */
/**
 * BENCH_SERVICE_LOGS=<dir>: each service's log (pino JSON lines) is kept there as `<label>.log`
 * when it stops, e.g. to read when each journal batch was ingested; by default it goes with the
 * service's data.
 */
function keepLog(logFile, label) {
  const dir = process.env.BENCH_SERVICE_LOGS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  copyFileSync(logFile, path.join(dir, `${label.replace(/[^A-Za-z0-9]+/g, '-')}.log`));
}

export function spawnListening(root, args, env, { label, logFile, dispose = () => {} }) {
  const logFd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', logFd],
  });
  closeSync(logFd);
  const stderr = () => readFileSync(logFile, 'utf8').slice(-2000).trim();
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('listening: '))
        resolve({
          label,
          pid: child.pid,
          url: line.slice(11),
          /** The tail of its log (pino JSON lines). */
          log: stderr,
          stop: async () => {
            const exited = new Promise((done) => child.once('exit', done));
            child.kill('SIGTERM');
            await Promise.race([exited, sleep(5000)]);
            dispose();
            keepLog(logFile, label);
            rmSync(logFile, { force: true });
          },
        });
    });
    child.once('exit', (code) => reject(new Error(`${label} exited ${code}: ${stderr()}`)));
  });
}

/**
 * One records-service instance (dist/server/cli.js, built by `node scripts/build.mjs server`) on a
 * free port with `env` (DATABASE_URL, RECORDS_PEPPER) and extra CLI `args`. Its log goes to a file.
 * `cpuProfDir`: a V8 CPU profile on stop.
 */
export function startService(root, env, label, { args = [], cpuProfDir } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-bench-service-'));
  return spawnListening(
    root,
    [
      ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
      'dist/server/cli.js',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...args,
    ],
    env,
    {
      label: `records service ${label}`,
      logFile: `${dataDir}.log`,
      dispose: () => rmSync(dataDir, { recursive: true, force: true }),
    },
  );
}

/** One JSON request; a status ≥ 400 throws with the answer. */
export async function api(base, method, url, body, token) {
  const res = await fetch(`${base}${url}`, {
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
}

/** Signs in each `{ url, username, password }` (sets `.token`), `concurrency` at a time. */
export async function signInAll(entries, concurrency = 8) {
  const queue = [...entries];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        const { token } = await api(e.url, 'POST', '/api/v1/auth/sign-in', {
          username: e.username,
          password: e.password,
        });
        e.token = token;
      }
    }),
  );
}
