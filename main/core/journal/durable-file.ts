// Durable small-file writes for the journal (Art. 11: an acknowledged record survives a crash or a
// power cut). lowdb's own adapters rename a temp file into place but never fsync; here every write
// is temp file → fsync → rename over the target → fsync the folder, so the target is always the
// complete old version or the complete new one. A crash mid-write leaves at most a `.<name>.tmp`,
// which the journal discards on open (it was never acknowledged).
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A file that exists but is not the JSON we wrote (torn by a broken file system, edited by hand…).
 */
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} is unreadable: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

export const tempFileFor = (file: string): string =>
  path.join(path.dirname(file), `.${path.basename(file)}.tmp`);

/**
 * fsync a folder, so a rename or an unlink in it is on disk. Windows cannot open a folder: skipped
 * there.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Some file systems (and Windows) refuse fsync on a folder; the rename is still atomic there.
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}

/** Writes `text` to `file` durably (temp + fsync + rename + fsync of the folder). */
export async function writeFileDurably(
  file: string,
  text: string | Uint8Array,
  mode = 0o600,
): Promise<void> {
  const temp = tempFileFor(file);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await fsyncDir(path.dirname(file));
}

/** The file's text, or null when it does not exist. */
export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * lowdb adapter: compact JSON, durable writes. `read()` answers null for a missing file and throws
 * UnreadableFileError for one that does not parse, so the caller decides (never silently reset).
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly mode = 0o600,
  ) {}

  async read(): Promise<T | null> {
    const text = await readTextOrNull(this.file);
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new UnreadableFileError(this.file, (error as Error).message);
    }
  }

  write(data: T): Promise<void> {
    return writeFileDurably(this.file, JSON.stringify(data), this.mode);
  }
}
