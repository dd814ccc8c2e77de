// Runs `node scripts/build.mjs <targets>` for the build tests, one at a time across vitest's
// worker processes: two builds writing dist/preload/index.cjs at once could let a test read a
// half-written file. The lock is a directory (mkdir is atomic), removed when the build ends and
// taken over if its holder died long ago.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
const lock = path.join(root, '.tmp', 'build-tests.lock');
const STALE_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` holding the build lock (a build, or a read of dist/ that must not see one). */
export async function withBuildLock<T>(fn: () => Promise<T> | T): Promise<T> {
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_MS)
          rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone in between: try again
      }
      await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `env` adds to the environment, e.g. NODE_ENV=production for what a release packs. */
export function build(targets: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return withBuildLock(() => runBuild(targets, env));
}

/** The build itself; call it only inside withBuildLock. */
export function runBuild(targets: string[], env: NodeJS.ProcessEnv = {}): void {
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), ...targets], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: 'pipe',
      encoding: 'utf8',
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(
      `node scripts/build.mjs ${targets.join(' ')} failed:\n${stderr ?? ''}${stdout ?? ''}`,
    );
  }
}
