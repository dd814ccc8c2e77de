// Agent and customer passwords are stored only as salted scrypt hashes (Art. 6, Art. 15).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_COST, hashPassword, verifyPassword } from '../../../server/passwords.js';
import { TEST_COST } from './helpers.js';

describe('hashPassword / verifyPassword', () => {
  it('stores scrypt$N$r$p$salt$hash and verifies only the right password', async () => {
    const stored = await hashPassword('demo-pass-1', TEST_COST);
    expect(stored).toMatch(/^scrypt\$16\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain('demo-pass-1');
    expect(await verifyPassword('demo-pass-1', stored)).toBe(true);
    expect(await verifyPassword('demo-pass-2', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([
      hashPassword('135790', TEST_COST),
      hashPassword('135790', TEST_COST),
    ]);
    expect(a).not.toBe(b);
  });

  it('works at the production cost (N=2^15 needs maxmem above Node’s default)', async () => {
    const stored = await hashPassword('demo-pass-1');
    expect(stored.startsWith(`scrypt$${DEFAULT_SCRYPT_COST.N}$8$1$`)).toBe(true);
    expect(await verifyPassword('demo-pass-1', stored)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, not the current default', async () => {
    const stored = await hashPassword('p@ss-word', { N: 32, r: 4, p: 2 });
    expect(await verifyPassword('p@ss-word', stored)).toBe(true);
  });

  it('treats NFKC-equivalent input as the same password', async () => {
    const stored = await hashPassword('ｄｅｍｏ１', TEST_COST); // full-width, as some IMEs type it
    expect(await verifyPassword('demo1', stored)).toBe(true);
  });

  it.each([
    ['not a hash'],
    [''],
    ['bcrypt$2b$10$abc'],
    ['scrypt$16$8$1$$AAAA'],
    ['scrypt$15$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA=='], // N not a power of two
    ['scrypt$4194304$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA=='], // N=2^22: would exhaust memory
    ['scrypt$16$8$1$c2FsdA==$c2hvcnQ='], // hash too short
  ])('returns false, never throws, for a malformed stored value %j', async (stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });

  it.each([
    [{ N: 15, r: 8, p: 1 }],
    [{ N: 2 ** 21, r: 8, p: 1 }],
    [{ N: 16, r: 0, p: 1 }],
    [{ N: 16, r: 8, p: 17 }],
  ])('refuses a cost out of range %j', async (cost) => {
    await expect(hashPassword('x', cost)).rejects.toThrow(/scrypt cost out of range/);
  });
});
