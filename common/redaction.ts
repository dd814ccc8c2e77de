// What never reaches a log line, for every logger in the product (the records service's and the
// desk's): secrets and personal data by field name (pino `redact` paths), and, in the written line
// itself, full ID numbers and mobile numbers wherever they appear (a message, an error) — Art. 11.
import { maskNationalId } from './national-id.js';
import { maskMobile } from './phone-number.js';

export const REDACT_CENSOR = '[redacted]';

/** Field names whose values are secrets or personal data, at the top level and one level down. */
const REDACTED_FIELDS = [
  'password',
  'token',
  'nationalId',
  'queryPassword',
  'transactionPassword',
  // Verification (server/verification/): what the customer states and the passcode (Art. 5–7, 11).
  'mobile',
  'callerNumber',
  'passcode',
  // The desk: the softphone's credentials and the numbers of a call.
  'sipPassword',
  'authorization',
  'launchToken',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'body.code',
  '*.body.code',
  'sipAccount.password',
  '*.sipAccount.password',
  ...REDACTED_FIELDS,
  ...REDACTED_FIELDS.map((field) => `*.${field}`),
];

/** pino's `redact` option with our paths. */
export const PINO_REDACT = { paths: REDACT_PATHS, censor: REDACT_CENSOR };

// An 18-character national ID (17 digits and a check digit or X) standing alone.
const NATIONAL_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
// A mainland mobile, bare or with +86 / 0086, standing alone (a 13-digit epoch time is not one).
const MOBILE = /(?<![\d+])((?:\+86|0086)[-\s]?)?(1[3-9]\d{9})(?!\d)/g;
// Secrets written into a message as `password=…`, `token: …`, `Bearer …`.
const INLINE_SECRET =
  /\b(password|passwd|pwd|token|secret|passcode|authorization)(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

/**
 * A written log line (or any text bound for a log) with full ID numbers and mobiles masked and
 * inline secrets replaced; fields already redacted by name are untouched.
 */
export function redactText(line: string): string {
  return line
    .replace(NATIONAL_ID, (id) => maskNationalId(id))
    .replace(
      MOBILE,
      (_whole, prefix: string | undefined, mobile: string) =>
        `${prefix ?? ''}${maskMobile(mobile)}`,
    )
    .replace(BEARER, (_whole, scheme: string) => `${scheme} ${REDACT_CENSOR}`)
    .replace(INLINE_SECRET, (_whole, name: string, sep: string) => `${name}${sep}${REDACT_CENSOR}`);
}
