// The passcode's secrets (Art. 7), pure: fresh six-digit codes, a keyed hash bound to the passcode
// id (never the code itself), and a constant-time comparison that refuses a different length.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../common/policy.js';
import { newOtpCode, otpHash, sameHex } from '../../../../server/verification/crypto.js';

describe('passcode crypto', () => {
  it('makes codes of the configured digits, leading zeros kept', () => {
    const codes = Array.from({ length: 200 }, newOtpCode);
    for (const code of codes) expect(code).toMatch(new RegExp(`^\\d{${LIMITS.otp.digits}}$`));
    expect(new Set(codes).size).toBeGreaterThan(150);
  });

  it('hashes with the pepper and the passcode id, so equal codes hash apart', () => {
    const hash = otpHash('pepper-0123456789abcdef', 'otp-1', '123456');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('123456');
    expect(otpHash('pepper-0123456789abcdef', 'otp-1', '123456')).toBe(hash);
    expect(otpHash('pepper-0123456789abcdef', 'otp-2', '123456')).not.toBe(hash);
    expect(otpHash('another-pepper-0123456789', 'otp-1', '123456')).not.toBe(hash);
  });

  it('compares hex digests, refusing a different length', () => {
    expect(sameHex('00ff', '00ff')).toBe(true);
    expect(sameHex('00ff', '00fe')).toBe(false);
    expect(sameHex('00ff', '00ff00')).toBe(false);
  });
});
