// Where the journal's field key comes from (style.md §4: the key provider is a parameter). The
// Electron shell will pass a provider backed by the OS keychain (safeStorage); the web host, and
// any caller that passes none, uses a 0600 key file under the data dir.
import { randomBytes } from 'node:crypto';
import { chmod, link, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { fsyncDir, readTextOrNull } from './durable-file.js';

/** AES-256: 32 bytes. */
export const JOURNAL_KEY_BYTES = 32;

export interface KeyProvider {
  /** e.g. `key-file`, `safe-storage`, `static` (for logs and notices; never the key). */
  readonly kind: string;
  /** The 32-byte key; the same on every call and across restarts. */
  getKey(): Promise<Buffer>;
}

/**
 * Writes `text` to `file` (0600) whole or not at all, unless the file exists: a kill between
 * creating and writing must not leave an empty key file (it would be refused for good). Temp file,
 * fsync, then link() — atomic, and it fails if another opener created the file first (→ false).
 */
async function createOnce(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    await fsyncDir(path.dirname(file));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** A fixed key (tests, benches). */
export function staticKeyProvider(key: Buffer): KeyProvider {
  if (key.length !== JOURNAL_KEY_BYTES)
    throw new RangeError(`a journal key is ${JOURNAL_KEY_BYTES} bytes`);
  return { kind: 'static', getKey: async () => key };
}

/**
 * A key kept in `file` (base64, mode 0600), created on first use. A file with wider rights is
 * narrowed to 0600 with a warning; a file that does not hold a key is refused, never replaced
 * (replacing it would make every encrypted field unreadable).
 */
export function keyFileProvider(file: string, logger?: Logger): KeyProvider {
  let loaded: Promise<Buffer> | null = null;
  const load = async (): Promise<Buffer> => {
    let text = await readTextOrNull(file);
    if (text === null) {
      const key = randomBytes(JOURNAL_KEY_BYTES);
      if (await createOnce(file, `${key.toString('base64')}\n`)) return key;
      text = (await readTextOrNull(file)) ?? '';
    }
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== JOURNAL_KEY_BYTES || key.toString('base64') !== text.trim()) {
      throw new Error(
        `journal key file ${file} does not hold a ${JOURNAL_KEY_BYTES}-byte base64 key; refusing to replace it`,
      );
    }
    if (process.platform !== 'win32') {
      const mode = (await stat(file)).mode & 0o777;
      if (mode & 0o077) {
        logger?.warn(
          { file, mode: mode.toString(8) },
          'journal key file was readable by others; narrowed to 0600',
        );
        await chmod(file, 0o600);
      }
    }
    return key;
  };
  return {
    kind: 'key-file',
    getKey: () => {
      loaded ??= load().catch((error: unknown) => {
        loaded = null;
        throw error;
      });
      return loaded;
    },
  };
}

/** What the OS keychain offers (Electron's `safeStorage`, passed in by the shell). */
export interface KeySealer {
  /** False when the OS has no keychain to seal with (e.g. Linux without a secret service). */
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * A key sealed by the OS keychain (Electron `safeStorage`) in `file` (the sealed bytes, base64,
 * 0600), created on first use: the journal's key never sits on disk in clear. Without a keychain
 * it falls back to the plain key file `fallbackFile` (0600) and says so once; a sealed file that
 * no longer opens (another user, a reinstalled OS) is refused, never replaced.
 */
export function sealedKeyFileProvider(
  file: string,
  sealer: KeySealer,
  fallbackFile: string,
  logger?: Logger,
): KeyProvider {
  const fallback = keyFileProvider(fallbackFile, logger);
  let loaded: Promise<Buffer> | null = null;
  let kind = 'safe-storage';
  const load = async (): Promise<Buffer> => {
    const sealed = await readTextOrNull(file);
    if (sealed === null) {
      // A desk that started without a keychain keeps its plain key file: switching would lose the
      // key.
      if (!sealer.isEncryptionAvailable() || (await readTextOrNull(fallbackFile)) !== null) {
        kind = 'key-file';
        if (!sealer.isEncryptionAvailable())
          logger?.warn(
            { file: fallbackFile },
            'no OS keychain: the journal key is kept in a 0600 key file instead',
          );
        return fallback.getKey();
      }
      const key = randomBytes(JOURNAL_KEY_BYTES);
      if (
        await createOnce(
          file,
          `${sealer.encryptString(key.toString('base64')).toString('base64')}\n`,
        )
      )
        return key;
      // Another opener sealed one first: use theirs.
      return load();
    }
    let key: Buffer;
    try {
      key = Buffer.from(sealer.decryptString(Buffer.from(sealed.trim(), 'base64')), 'base64');
    } catch (error) {
      throw new Error(
        `journal key file ${file} cannot be opened by this user's keychain (${(error as Error).message}); refusing to replace it`,
      );
    }
    if (key.length !== JOURNAL_KEY_BYTES)
      throw new Error(
        `journal key file ${file} does not hold a ${JOURNAL_KEY_BYTES}-byte key; refusing to replace it`,
      );
    return key;
  };
  return {
    get kind() {
      return kind;
    },
    getKey: () => {
      loaded ??= load().catch((error: unknown) => {
        loaded = null;
        throw error;
      });
      return loaded;
    },
  };
}
