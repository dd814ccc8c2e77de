// Secrets sealed on the workstation: by the OS keychain where there is one, else AES-GCM under a
// 0600 key file; never the secret in clear, never silently replaced.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KeychainUnavailableError,
  SealedSecretError,
  sealedSecret,
  type KeySealer,
} from '../../../../main/core/sealed-secret.js';
import { useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

/** A keychain for tests: XOR with a per-user byte behind a tag a different "user" cannot open. */
function keychain(user = 0x5a, available = true): KeySealer {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) =>
      Buffer.concat([Buffer.from([0x6b, user]), Buffer.from(plain).map((b) => b ^ user)]),
    decryptString(buffer) {
      if (buffer[0] !== 0x6b || buffer[1] !== user) throw new Error('not this user');
      return buffer
        .subarray(2)
        .map((b) => b ^ user)
        .toString();
    },
  };
}

describe('sealedSecret', () => {
  it("treats Linux's basic_text backend as no keychain, and re-seals what it sealed", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sip-password.sealed');
    const basicText = { ...keychain(), getSelectedStorageBackend: () => 'basic_text' };
    const secret = sealedSecret(file, {
      keychain: basicText,
      fallbackKeyFile: path.join(dir, 'k'),
    });
    await secret.write('pa55-word');
    expect(secret.kind).toBe('key-file');
    expect(readFileSync(file, 'utf8')).toMatch(/^agent-desk-sealed:v1:key-file:/);
    // An older version sealed with basic_text: still opens, and is re-sealed by the key file.
    await sealedSecret(file, { keychain: keychain(), fallbackKeyFile: path.join(dir, 'k') }).write(
      'older',
    );
    expect(await secret.read()).toBe('older');
    expect(readFileSync(file, 'utf8')).toMatch(/^agent-desk-sealed:v1:key-file:/);
    const libsecret = { ...keychain(), getSelectedStorageBackend: () => 'gnome_libsecret' };
    expect(sealedSecret(file, { keychain: libsecret, fallbackKeyFile: 'k' }).kind).toBe(
      'safe-storage',
    );
  });

  it('a keychain away for now is retryable, and never downgrades a keychain-sealed secret', async () => {
    const dir = tempDir();
    const file = path.join(dir, 's.sealed');
    const options = { fallbackKeyFile: path.join(dir, 'k') };
    await sealedSecret(file, { ...options, keychain: keychain() }).write('pw');
    const before = readFileSync(file, 'utf8');
    const locked = sealedSecret(file, { ...options, keychain: keychain(0x5a, false) });
    await expect(locked.read()).rejects.toBeInstanceOf(KeychainUnavailableError);
    await expect(locked.write('other')).rejects.toBeInstanceOf(KeychainUnavailableError);
    await expect(locked.readOrCreate(() => 'new')).rejects.toBeInstanceOf(KeychainUnavailableError);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await sealedSecret(file, { ...options, keychain: keychain() }).read()).toBe('pw');
  });

  it('seals with the keychain: the file is 0600 and not the secret in clear', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sip-password.sealed');
    const secret = sealedSecret(file, {
      keychain: keychain(),
      fallbackKeyFile: path.join(dir, 'k'),
    });
    await secret.write('pa55-word');
    expect(secret.kind).toBe('safe-storage');
    expect(readFileSync(file, 'utf8')).not.toContain('pa55-word');
    expect(readFileSync(file, 'utf8')).toMatch(/^agent-desk-sealed:v1:safe-storage:/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await secret.read()).toBe('pa55-word');
  });

  it('without a keychain seals under a 0600 key file (the web host)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 's.sealed');
    const keyFile = path.join(dir, 'secrets.key');
    const secret = sealedSecret(file, { fallbackKeyFile: keyFile });
    await secret.write('pa55-word');
    expect(secret.kind).toBe('key-file');
    expect(readFileSync(file, 'utf8')).not.toContain('pa55-word');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await sealedSecret(file, { fallbackKeyFile: keyFile }).read()).toBe('pa55-word');
  });

  it('answers null when nothing is sealed, and creates a secret once', async () => {
    const dir = tempDir();
    const options = { fallbackKeyFile: path.join(dir, 'k') };
    const secret = sealedSecret(path.join(dir, 'x.sealed'), options);
    expect(await secret.read()).toBeNull();
    const first = await secret.readOrCreate(() => 'one');
    const again = await sealedSecret(path.join(dir, 'x.sealed'), options).readOrCreate(() => 'two');
    expect([first, again]).toEqual(['one', 'one']);
    await secret.remove();
    expect(await secret.read()).toBeNull();
  });

  it('refuses a file another user sealed, a corrupt file, or a lost key file — never replaced', async () => {
    const dir = tempDir();
    const file = path.join(dir, 's.sealed');
    await sealedSecret(file, {
      keychain: keychain(0x11),
      fallbackKeyFile: path.join(dir, 'k'),
    }).write('pw');
    const other = sealedSecret(file, {
      keychain: keychain(0x22),
      fallbackKeyFile: path.join(dir, 'k'),
    });
    await expect(other.read()).rejects.toBeInstanceOf(SealedSecretError);
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, 'garbage\n');
    await expect(other.read()).rejects.toThrow(/cannot be opened.*refusing to replace/);
    writeFileSync(file, before);

    const plain = path.join(dir, 'p.sealed');
    await sealedSecret(plain, { fallbackKeyFile: path.join(dir, 'k1') }).write('pw');
    await expect(
      sealedSecret(plain, { fallbackKeyFile: path.join(dir, 'k2') }).read(),
    ).rejects.toBeInstanceOf(SealedSecretError);
  });
});
