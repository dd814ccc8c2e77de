// The Electron shell's journal key: sealed by the OS keychain (safeStorage), never in clear on
// disk.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealedKeyFileProvider, type KeySealer } from '../../../../../main/core/journal/index.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();

/** A keychain for tests: XOR with a per-user byte, tagged, so a different "user" cannot open it. */
function keychain(user = 0x5a, available = true): KeySealer & { sealed: string[] } {
  const sealed: string[] = [];
  return {
    sealed,
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      if (!available) throw new Error('Encryption is not available.');
      sealed.push(plain);
      return Buffer.concat([Buffer.from('kc1'), Buffer.from(plain).map((b) => b ^ user)]);
    },
    decryptString(buffer) {
      if (buffer.subarray(0, 3).toString() !== 'kc1')
        throw new Error('not sealed by this keychain');
      const plain = buffer
        .subarray(3)
        .map((b) => b ^ user)
        .toString();
      if (!/^[A-Za-z0-9+/=]+$/.test(plain)) throw new Error('wrong user');
      return plain;
    },
  };
}

describe('sealedKeyFileProvider', () => {
  it('creates a 32-byte key sealed by the keychain (0600), the same after a restart; nothing in clear', async () => {
    const dir = tempDir();
    const sealedFile = path.join(dir, 'journal.key.sealed');
    const kc = keychain();
    const key = await sealedKeyFileProvider(sealedFile, kc, path.join(dir, 'journal.key')).getKey();
    expect(key).toHaveLength(32);
    expect(existsSync(path.join(dir, 'journal.key'))).toBe(false);
    const onDisk = readFileSync(sealedFile, 'utf8');
    expect(onDisk).not.toContain(key.toString('base64'));
    if (process.platform !== 'win32') expect(statSync(sealedFile).mode & 0o777).toBe(0o600);
    const again = sealedKeyFileProvider(sealedFile, keychain(), path.join(dir, 'journal.key'));
    expect((await again.getKey()).equals(key)).toBe(true);
    expect(again.kind).toBe('safe-storage');
  });

  it('refuses, and keeps, a sealed file this keychain cannot open', async () => {
    const dir = tempDir();
    const sealedFile = path.join(dir, 'journal.key.sealed');
    await sealedKeyFileProvider(sealedFile, keychain(0x11), path.join(dir, 'journal.key')).getKey();
    const before = readFileSync(sealedFile, 'utf8');
    await expect(
      sealedKeyFileProvider(sealedFile, keychain(0x22), path.join(dir, 'journal.key')).getKey(),
    ).rejects.toThrow(/cannot be opened.*refusing to replace it/);
    expect(readFileSync(sealedFile, 'utf8')).toBe(before);
  });

  it('without a keychain, falls back to a 0600 key file and keeps using it once a keychain appears', async () => {
    const dir = tempDir();
    const sealedFile = path.join(dir, 'journal.key.sealed');
    const plainFile = path.join(dir, 'journal.key');
    const first = sealedKeyFileProvider(sealedFile, keychain(0x5a, false), plainFile);
    const key = await first.getKey();
    expect(first.kind).toBe('key-file');
    expect(existsSync(sealedFile)).toBe(false);
    expect(existsSync(plainFile)).toBe(true);
    const later = sealedKeyFileProvider(sealedFile, keychain(), plainFile);
    expect((await later.getKey()).equals(key)).toBe(true);
    expect(existsSync(sealedFile)).toBe(false);
  });

  it('refuses a sealed file that opens to something that is not a key', async () => {
    const dir = tempDir();
    const sealedFile = path.join(dir, 'journal.key.sealed');
    const kc = keychain();
    writeFileSync(sealedFile, `${kc.encryptString('c2hvcnQ=').toString('base64')}\n`, {
      mode: 0o600,
    });
    await expect(
      sealedKeyFileProvider(sealedFile, kc, path.join(dir, 'journal.key')).getKey(),
    ).rejects.toThrow(/32-byte key/);
  });
});
