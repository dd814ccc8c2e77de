// One writer per journal: appends within a process go through one queue (writer.ts); this lock file
// keeps a second process (a second app instance on the same data dir) out. A lock left by a killed
// process is taken over when its pid is gone (the crash harness does this on every cycle).
import { hostname } from 'node:os';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, readTextOrNull, writeFileDurably } from './durable-file.js';

export class JournalLockedError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(`the journal is open in another process (pid ${pid}; ${file})`);
    this.name = 'JournalLockedError';
  }
}

interface LockBody {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface HeldLock {
  /** The pid that held a stale lock we took over, or null. */
  tookOverFrom: number | null;
  release(): Promise<void>;
}

export async function acquireLock(file: string): Promise<HeldLock> {
  const mine: LockBody = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const text = JSON.stringify(mine);
  let tookOverFrom: number | null = null;
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsyncDir(path.dirname(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let holder: Partial<LockBody> = {};
    try {
      holder = JSON.parse((await readTextOrNull(file)) ?? '{}') as Partial<LockBody>;
    } catch {
      // A torn lock file is a stale one.
    }
    const pid = typeof holder.pid === 'number' ? holder.pid : 0;
    // Another host (a shared folder) cannot be checked: assume it is alive.
    const otherHost = typeof holder.host === 'string' && holder.host !== mine.host;
    // Our own pid: a lock of this process whose journal was never closed (the registry says it is
    // not open).
    if (pid > 0 && pid !== process.pid && (otherHost || alive(pid)))
      throw new JournalLockedError(file, pid);
    await writeFileDurably(file, text);
    // Two openers taking over the same stale lock: the last rename wins; the loser sees it here.
    const now = JSON.parse((await readTextOrNull(file)) ?? '{}') as Partial<LockBody>;
    if (now.pid !== mine.pid || now.since !== mine.since)
      throw new JournalLockedError(file, now.pid ?? 0);
    tookOverFrom = pid;
  }
  return {
    tookOverFrom,
    async release() {
      const now = await readTextOrNull(file).catch(() => null);
      if (now === text) await unlink(file).catch(() => undefined);
    },
  };
}
