// Secrets a workstation keeps (the journal's field key, the SIP password, the device's signing key)
// sealed, never in clear on disk (Art. 11, 15): by the OS keychain (Electron `safeStorage`, passed
// in by the shell) or, where there is none (the web host, Linux without a secret service), by
// AES-256-GCM under a random 0600 key file. A sealed file that no longer opens is refused, never
// replaced: the caller says so and asks for the secret again.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, link, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './logger.js';
import { fsyncDir, readTextOrNull, writeFileDurably } from './journal/durable-file.js';

/** What the OS keychain offers (Electron's `safeStorage`, passed in by the shell). */
export interface KeySealer {
  /** False when the OS has no keychain to seal with (e.g. Linux without a secret service). */
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /**
   * Linux only: which store Electron picked. `basic_text` seals with a password hard-coded in
   * Chromium (no keyring running), which is clear text in all but name.
   */
  getSelectedStorageBackend?(): string;
}

/** Whether the keychain really protects what it seals (not Linux's `basic_text` stand-in). */
export function keychainProtects(keychain: KeySealer | undefined): boolean {
  if (!keychain?.isEncryptionAvailable()) return false;
  return typeof keychain.getSelectedStorageBackend !== 'function'
    ? true
    : keychain.getSelectedStorageBackend() !== 'basic_text';
}

/** A sealed file that exists but cannot be opened here (another user, a reinstalled OS, edited). */
export class SealedSecretError extends Error {
  override name = 'SealedSecretError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`sealed file ${file} cannot be opened (${reason}); refusing to replace it`);
  }
}

/**
 * The file is sealed by the OS keychain, which is not there right now (Linux before the keyring
 * unlocks, a locked macOS keychain). Retryable: the secret is intact, so it is never set aside,
 * replaced, or re-sealed by a weaker method.
 */
export class KeychainUnavailableError extends SealedSecretError {
  override name = 'KeychainUnavailableError';
  constructor(file: string) {
    super(file, 'the OS keychain is not available now');
  }
}

/**
 * Writes `text` to `file` (0600) whole or not at all, unless the file exists: a kill between
 * creating and writing must not leave an empty key file (it would be refused for good). Temp file,
 * fsync, then link() — atomic, and it fails if another opener created the file first (→ false).
 */
export async function createOnce(file: string, text: string): Promise<boolean> {
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

/** A secret file readable by others is narrowed to 0600, with a warning for IT. */
async function narrowMode(file: string, label: string, logger?: Logger): Promise<void> {
  if (process.platform === 'win32') return;
  const mode = (await stat(file)).mode & 0o777;
  if (mode & 0o077) {
    logger?.warn(
      { file, mode: mode.toString(8) },
      `${label} was readable by others; narrowed to 0600`,
    );
    await chmod(file, 0o600);
  }
}

/**
 * A random `bytes`-long key kept in `file` (base64, 0600), created on first use. A file that does
 * not hold such a key is refused, never replaced (everything sealed under it would be lost).
 */
export async function loadOrCreateKeyFile(
  file: string,
  bytes: number,
  label: string,
  logger?: Logger,
): Promise<Buffer> {
  let text = await readTextOrNull(file);
  if (text === null) {
    const key = randomBytes(bytes);
    if (await createOnce(file, `${key.toString('base64')}\n`)) return key;
    text = (await readTextOrNull(file)) ?? '';
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== bytes || key.toString('base64') !== text.trim()) {
    throw new Error(
      `${label} file ${file} does not hold a ${bytes}-byte base64 key; refusing to replace it`,
    );
  }
  await narrowMode(file, `${label} file`, logger);
  return key;
}

const MAGIC = 'agent-desk-sealed:v1';
type Method = 'safe-storage' | 'key-file';

/** AES-256-GCM: iv (12) | tag (16) | ciphertext. */
export function gcmSeal(key: Buffer, plain: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Opens what gcmSeal sealed; throws when the key is wrong or a byte changed. */
export function gcmOpen(key: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

export interface SealedSecretOptions {
  /** The OS keychain (Electron `safeStorage`); absent under the web host. */
  keychain?: KeySealer;
  /** The 0600 key that seals when there is no keychain; shared by every sealed file of a desk. */
  fallbackKeyFile: string;
  logger?: Logger;
}

export interface SealedSecret {
  /** How the secret is sealed (`safe-storage` or `key-file`), for logs and notices. */
  readonly kind: Method;
  /** The secret; null when the file does not exist. Throws SealedSecretError when it won't open. */
  read(): Promise<string | null>;
  /** Seals `value` into the file (replacing it; durable: old or new, never half). */
  write(value: string): Promise<void>;
  remove(): Promise<void>;
  /** The secret, created with `create()` and sealed on first use (two openers agree on one). */
  readOrCreate(create: () => string): Promise<string>;
}

/** One secret sealed in `file` (one line: magic, method, base64; mode 0600). */
export function sealedSecret(file: string, options: SealedSecretOptions): SealedSecret {
  const { keychain, fallbackKeyFile, logger } = options;
  let warnedBasicText = false;
  const method = (): Method => {
    if (keychainProtects(keychain)) return 'safe-storage';
    if (keychain?.isEncryptionAvailable() && !warnedBasicText) {
      warnedBasicText = true;
      logger?.warn(
        { file, backend: 'basic_text' },
        'no OS keyring (Electron basic_text backend): sealing with the 0600 key file instead',
      );
    }
    return 'key-file';
  };
  const fallbackKey = () => loadOrCreateKeyFile(fallbackKeyFile, 32, 'secret key', logger);

  const seal = async (value: string): Promise<string> => {
    const how = method();
    const sealed =
      how === 'safe-storage' && keychain
        ? keychain.encryptString(value)
        : gcmSeal(await fallbackKey(), value);
    return `${MAGIC}:${how}:${sealed.toString('base64')}\n`;
  };

  const unseal = async (text: string): Promise<string> => {
    const [magic, version, how, body, ...rest] = text.trim().split(':');
    if (`${magic}:${version}` !== MAGIC || body === undefined || rest.length > 0)
      throw new SealedSecretError(file, 'not a sealed secret');
    const bytes = Buffer.from(body, 'base64');
    try {
      if (how === 'safe-storage') {
        if (!keychain?.isEncryptionAvailable()) throw new KeychainUnavailableError(file);
        return keychain.decryptString(bytes);
      }
      if (how === 'key-file') return gcmOpen(await fallbackKey(), bytes);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      throw new SealedSecretError(file, (error as Error).message);
    }
    throw new SealedSecretError(file, `unknown sealing ${how ?? ''}`);
  };

  const sealedWith = (text: string) => text.trim().split(':')[2];

  const read = async (): Promise<string | null> => {
    const text = await readTextOrNull(file);
    if (text === null) return null;
    await narrowMode(file, 'sealed file', logger);
    const value = await unseal(text);
    if (sealedWith(text) === 'safe-storage' && method() === 'key-file') {
      // Sealed earlier under basic_text (the keychain decrypts, but protects nothing): re-sealed
      // under the 0600 key file, which does.
      await writeFileDurably(file, await seal(value));
      logger?.warn({ file }, 'secret sealed by the basic_text backend; re-sealed by the key file');
    }
    return value;
  };

  return {
    get kind() {
      return method();
    },
    read,
    async write(value) {
      // Never a silent downgrade: a keychain-sealed secret is not replaced by a key-file one just
      // because the keychain is away at this moment.
      const existing = await readTextOrNull(file);
      if (
        existing !== null &&
        sealedWith(existing) === 'safe-storage' &&
        !keychain?.isEncryptionAvailable()
      )
        throw new KeychainUnavailableError(file);
      await writeFileDurably(file, await seal(value));
    },
    async remove() {
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
    async readOrCreate(create) {
      const existing = await read();
      if (existing !== null) return existing;
      const value = create();
      if (await createOnce(file, await seal(value))) return value;
      // Another opener sealed one first: use theirs.
      return (await read()) ?? value;
    },
  };
}
