// What never reaches a log line or leaves the workstation in IT's diagnostics (Art. 11): one rule
// set for the records service's log, the desk's log and the diagnostics export — secrets by field
// name (pino `redact` paths, and any depth by key), and in any text credentials, tokens, passcodes,
// ID numbers and phone numbers by shape. Over-masking a number is cheaper than leaking one.
import { maskNationalId } from './national-id.js';
import { maskCaller, maskMobile } from './phone-number.js';

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

// Credentials in a URL: scheme://user:password@… and the SIP form sip:user:password@….
const URL_CREDENTIALS = /(\b[a-z][\w+.-]*:\/\/[^:/@\s]+:)[^@\s/]+@/gi;
const SIP_CREDENTIALS = /(\bsips?:[^:@\s/]+:)[^@\s]+@/gi;
const BEARER = /\b(Bearer|Basic)\s+(?!\[redacted\])[\w.~+/=-]+/gi;
// A JSON Web Token (header.payload.signature, base64url, the header always starts `eyJ`).
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
// `name=value`, `name: value`, `"name":"value"` where the name ends like a secret's
// (launchToken=, X-Api-Key:, sipPassword=, Cookie:). Values already replaced stay as they are.
const INLINE_SECRET =
  /\b([\w-]*?(?:password|passwd|pwd|token|secret|passcode|api[-_]?key|authorization|cookie|otp))(["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b|\[redacted\])([^\s"'&,;}]+)/gi;
// A passcode in free text: `passcode 482913`, `OTP: 482913`, `验证码 482913`.
const PASSCODE_TEXT =
  /((?:\b(?:passcode|otp|pin|code)\b|验证码|动态码|口令)(?:\s*(?:is|was|为|是)?\s*[:：=]?\s*))(\d{4,8})(?!\d)/gi;
// An 18-character national ID (17 digits and a check digit or X), or an old 15-digit one.
const NATIONAL_ID = /(?<![\w-])(?:\d{17}[\dXx]|\d{15})(?![\w-])/g;
// A mainland mobile, bare or with +86 / 0086, written together or as 3-4-4 with spaces or dashes.
const MOBILE = /(?<![\w+-])((?:\+86|0086)[-\s]?)?(1[3-9]\d)([-\s]?)(\d{4})\3(\d{4})(?![\w-])/g;
// A landline with its area code apart: 010-88886666, 0755 2345 6789.
const LANDLINE = /(?<![\w-])(0\d{2,3})[-\s](\d{3,4}[-\s]?\d{4})(?![\w-])/g;
// Any other number of 7 to 16 digits (landlines, numbers abroad): masked as a caller is.
const OTHER_NUMBER = /(?<![\w.-])\+?\d{7,16}(?![\w-])/g;

/**
 * Text (a log message, an error, a plain log line) with credentials, tokens and passcodes replaced
 * and ID and phone numbers masked. What is already redacted or masked is left as it is.
 */
export function redactText(text: string): string {
  return text
    .replace(URL_CREDENTIALS, `$1${REDACT_CENSOR}@`)
    .replace(SIP_CREDENTIALS, `$1${REDACT_CENSOR}@`)
    .replace(BEARER, (_whole, scheme: string) => `${scheme} ${REDACT_CENSOR}`)
    .replace(JWT, REDACT_CENSOR)
    .replace(INLINE_SECRET, (_whole, name: string, sep: string) => `${name}${sep}${REDACT_CENSOR}`)
    .replace(PASSCODE_TEXT, (_whole, lead: string) => `${lead}${REDACT_CENSOR}`)
    .replace(NATIONAL_ID, (id) => maskNationalId(id))
    .replace(
      MOBILE,
      (_whole, prefix: string | undefined, a: string, _sep: string, b: string, c: string) =>
        `${prefix ?? ''}${maskMobile(`${a}${b}${c}`)}`,
    )
    .replace(LANDLINE, (_whole, area: string, rest: string) =>
      maskCaller(`${area}${rest.replace(/[-\s]/g, '')}`),
    )
    .replace(OTHER_NUMBER, (digits) => maskCaller(digits));
}

/** Keys whose value is a secret or personal data wherever it appears (any depth, any case). */
const SECRET_KEY =
  /pass(word|code|phrase|wd)?$|^pwd$|^pin$|token|secret|authori[sz]ation|cookie|credential|private|sealed|^key$|api[-_]?key|^otp$|^nationalid$|^mobile$|^callernumber$/i;

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/** A value under a secret key (a flag like `passwordSet: true` says nothing and stays). */
function isSecretValue(key: string, value: unknown): boolean {
  if (value === null || value === undefined || value === '' || typeof value === 'boolean')
    return false;
  // `code` is an error code in most log lines, and a passcode when it is digits.
  if (/^code$/i.test(key)) return /^\d{4,8}$/.test(String(value));
  return isSecretKey(key);
}

/** A JSON value with secret keys redacted and every string redacted as text; numbers stay. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        isSecretValue(key, inner) ? REDACT_CENSOR : redactValue(inner),
      ]),
    );
  }
  return value;
}

/**
 * One log line (a pino JSON line or plain text), as written: a JSON line is redacted value by
 * value, so times and other numbers outside strings stay readable. pino's `streamWrite` hook.
 */
export function redactLogLine(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const redacted = JSON.stringify(redactValue(JSON.parse(trimmed)));
      return line.endsWith('\n') ? `${redacted}\n` : redacted;
    } catch {
      // Not JSON after all: redacted as text.
    }
  }
  return redactText(line);
}

/** A whole log file (IT's diagnostics export), line by line. */
export const redactLog = (text: string): string => text.split('\n').map(redactLogLine).join('\n');
