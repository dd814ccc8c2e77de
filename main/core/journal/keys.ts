// Where the journal's field key comes from (style.md §4: the key provider is a parameter). The
// Electron shell will pass a provider backed by the OS keychain (safeStorage); the web host, and
// any caller that passes none, uses a 0600 key file under the data dir.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { createOnce, loadOrCreateKeyFile, type KeySealer } from '../sealed-secret.js';
import { readTextOrNull } from './durable-file.js';

export type { KeySealer };

/** AES-256: 32 bytes. */
export const JOURNAL_KEY_BYTES = 32;

export interface KeyProvider {
  /** e.g. `key-file`, `safe-storage`, `static` (for logs and notices; never the key). */
  readonly kind: string;
  /** The 32-byte key; the same on every call and across restarts. */
  getKey(): Promise<Buffer>;
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
  const load = () => loadOrCreateKeyFile(file, JOURNAL_KEY_BYTES, 'journal key', logger);
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
