// The records service as real processes for tests: the CLI bundled the way scripts/build.mjs
// bundles dist/server/cli.js (into a temporary folder, so parallel test files never race on dist/),
// then spawned, its `listening:` line awaited, signalled and reaped like an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const REPO = new URL('../../', import.meta.url).pathname;

export interface BundledCli {
  path: string;
  dispose(): void;
}

/** Bundles server/cli.ts; node_modules is linked beside it so external packages resolve. */
export async function bundleRecordsCli(): Promise<BundledCli> {
  const dir = mkdtempSync(join(tmpdir(), 'records-cli-'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  const path = join(dir, 'cli.mjs');
  await build({
    entryPoints: [join(REPO, 'server/cli.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outfile: path,
    logLevel: 'silent',
  });
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RecordsProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** The URL of the `listening:` line; rejects if the process exits first. */
  listening: Promise<string>;
}

/** Spawns the CLI with only PATH and `env` in its environment. */
export function runRecordsCli(
  cli: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): RecordsProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /^listening: (\S+)\n/.exec(stdout);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`records service exited before listening: ${stderr}`)));
  });
  listening.catch(() => {}); // a test that never awaits it must not see an unhandled rejection
  return { child, exited, output: () => ({ stdout, stderr }), listening };
}
