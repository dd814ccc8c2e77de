// End-to-end fixtures: the real records service and the real web host, each a child process
// started from the built bundles exactly as `npm run server` and `npm run web` start them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
export const DEMO_SEED = path.join(root, 'server/seed/demo-seed.json');

export interface Started {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or a pulled plug: no shutdown work runs. The data dir stays. */
  kill(): Promise<void>;
}

/** How long stop() waits for a process to exit after SIGTERM before it fails the test. */
const STOP_TIMEOUT_MS = 45_000;

/** Spawns `node <script> …args` and resolves with the URL from its `listening:` line. */
export async function startProcess(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; dataDir?: string; keepDataDir?: boolean } = {},
): Promise<Started> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-'));
  const env = options.env ?? {};
  // Each process gets its own store under dataDir: a DATABASE_URL from the shell would make every
  // test's records service share one database (and one test's state leak into the next).
  const { DATABASE_URL: _shared, ...inherited } = process.env;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, script), '--port', '0', '--data-dir', dataDir, ...args],
    {
      cwd: root,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr!.on('data', (d) => (output += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    // On a loaded machine the migrations alone can take 30 s. A process that did not start in
    // time is killed, not left running behind the failed test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not print listening: within 60 s\n${output}`));
    }, 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      const match = /^listening: (\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // A shutdown is bounded (a last drain of 2 s, a sign-out and a batch in flight within
        // their timeouts): one still running after STOP_TIMEOUT_MS fails here, with the process's
        // own output, instead of leaving the test to time out with no trace of why.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
        });
        const outcome = await Promise.race([exited, late]);
        clearTimeout(timer);
        if (outcome === 'late') {
          child.kill('SIGKILL');
          await exited;
          throw new Error(
            `${script} did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM\n${output}`,
          );
        }
      }
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const startRecords = () =>
  startProcess('dist/server/cli.js', ['--demo', '--seed', DEMO_SEED]);
export const startWeb = (
  recordsUrl: string,
  extra: string[] = [],
  options: Parameters<typeof startProcess>[2] = {},
) => startProcess('dist/web/cli.js', ['--records', recordsUrl, ...extra], options);

export const test = base.extend<{ web: Started }, { records: Started }>({
  records: [
    // Playwright reads the fixture's dependencies from the destructuring pattern; none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const records = await startRecords();
      await use(records);
      await records.stop();
    },
    { scope: 'worker' },
  ],
  web: async ({ records }, use) => {
    const web = await startWeb(records.url);
    await use(web);
    await web.stop();
  },
});
export { expect } from '@playwright/test';
