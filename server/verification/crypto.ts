// The passcode's secrets (Art. 7): a fresh code, its keyed hash (the only form stored), and a
// constant-time comparison of hex digests, also used for the ID-number hash (Art. 5). The code in
// clear exists only on its way to the SMS gateway; nothing here logs or returns it elsewhere.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { LIMITS } from '../../common/policy.js';

/** A fresh passcode: `LIMITS.otp.digits` random decimal digits, leading zeros kept. */
export const newOtpCode = (): string =>
  String(randomInt(0, 10 ** LIMITS.otp.digits)).padStart(LIMITS.otp.digits, '0');

/** HMAC-SHA256 of the code, bound to its passcode id so equal codes hash differently. */
export const otpHash = (pepper: string, otpId: string, code: string): string =>
  createHmac('sha256', pepper).update(`otp:v1:${otpId}:${code}`).digest('hex');

export const sameHex = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
