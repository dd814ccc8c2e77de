// Phone numbers and click-to-dial links as plain functions, zod-free: main reads `tel:`/`sip:`
// links from the OS (protocol handler, second-instance argv), the renderer reads the dial field and
// the web host's `?dial=` parameter, and both check targets the same way. A link's host is never
// dialled: calls go on the agent's own domain, through the bank's proxy only.
import { compactPhoneNumber, maskCaller, normalizeCallerNumber } from './phone-number.js';

/** Longest number we dial: E.164 is 15 digits; extensions and prefixes leave room, not more. */
export const MAX_NUMBER_DIGITS = 32;

const NUMBER = /^\+?[0-9*#]{1,32}$/;
/** The user names the engine dials (common/dial-target.ts dialTarget accepts the same). */
const SIP_USER = /^[A-Za-z0-9._+-]{1,64}$/;
const SIP_HOST =
  /^(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

export const isDialNumber = (value: string): boolean => NUMBER.test(value);

export const isSipUser = (value: string): boolean => SIP_USER.test(value);

/** `user@host` with a plausible user and host. */
export function isSipAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.length > 320) return false;
  return SIP_USER.test(value.slice(0, at)) && SIP_HOST.test(value.slice(at + 1));
}

/**
 * A number (digits, optionally a leading +, and the keypad's * and #) or a SIP user name (`alice`),
 * at most 64 characters; the engine turns it into a SIP URI on the agent's own domain
 * (common/dial-target.ts).
 */
export const isDialTarget = (value: string): boolean => isDialNumber(value) || isSipUser(value);

/**
 * What the agent typed (or pasted) into the number field, as a number to dial; null when it is
 * not one. `138 1234-5678`, `(010) 8888 0000`, `＋８６…` all work; letters do not.
 */
export function normalizeDialNumber(text: string): string | null {
  const compact = compactPhoneNumber(text);
  return isDialNumber(compact) ? compact : null;
}

/** The dial field: a number, a SIP user, `user@host` or a link; the host part is dropped. */
export function normalizeDialTarget(text: string): string | null {
  const trimmed = text.trim();
  if (/^(?:sips?|tel):/i.test(trimmed)) return parseDialLink(trimmed);
  if (trimmed.includes('@'))
    return isSipAddress(trimmed) ? trimmed.slice(0, trimmed.lastIndexOf('@')) : null;
  return normalizeDialNumber(trimmed) ?? (isSipUser(trimmed) ? trimmed : null);
}

/**
 * A `tel:` or `sip:`/`sips:` link (RFC 3966 / 3261) as a dial target, or null.
 * - `tel:+86-10-8888-0000;ext=12` → `+861088880000` (parameters dropped);
 * - `sip:2001@pbx.bank.example;transport=ws` → `2001`; `sips:alice@pbx.bank.example` → `alice`
 *   (dialled on the agent's own domain through the bank's proxy, whatever host the link named).
 * Nothing else is accepted: no passwords in the user part, no headers (`?…`), nothing long.
 */
export function parseDialLink(link: string): string | null {
  if (typeof link !== 'string' || link.length > 512) return null;
  const match = /^(tel|sips?):(.*)$/i.exec(link.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  let rest = match[2]!;
  try {
    rest = decodeURIComponent(rest);
  } catch {
    return null;
  }
  rest = rest.replace(/^\/\//, '');
  if (scheme === 'tel') return normalizeDialNumber(rest.split(';')[0]!);
  if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  const address = rest.split(';')[0]!;
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const user = address.slice(0, at);
  // `sip:user:password@host` is legal and must never be dialled, shown or logged.
  if (user.includes(':')) return null;
  const asNumber = normalizeDialNumber(user);
  if (asNumber) return asNumber;
  return isSipAddress(address) ? user : null;
}

/**
 * A number for the journal and logs (Art. 11: personal data masked), in the house form the records
 * service also uses (common/phone-number.ts): a mobile `138****5678`, a landline `010******78`.
 * Short internal extensions (four characters or fewer) are not personal data and stay as they are;
 * a SIP address keeps only its host; anything else keeps only its last four characters.
 */
export function maskNumber(value: string): string {
  if (value.includes('@')) return `***@${value.slice(value.lastIndexOf('@') + 1)}`;
  if (value.length <= 4) return value;
  const caller = normalizeCallerNumber(value);
  return caller !== null ? maskCaller(caller) : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

/** The last four digits, for "尾号 1234" (notifications); the whole value when it is that short. */
export const lastDigits = (value: string): string => (value.includes('@') ? '' : value.slice(-4));
