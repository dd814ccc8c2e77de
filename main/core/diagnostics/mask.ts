// Masking for IT's diagnostics archive, applied on export even to logs that were redacted when
// written (defence in depth, Art. 11): secret fields emptied, ID numbers, phone numbers, bearer
// tokens and URL credentials masked in any text. It never reveals more than the desk's own masks.
import { maskNationalId } from '../../../common/national-id.js';
import { maskCaller } from '../../../common/phone-number.js';

const REDACTED = '[redacted]';
/** Keys whose value is a secret wherever it appears (any depth, any case). */
const SECRET_KEY =
  /pass(word|code|phrase)?$|^pin$|token|secret|authori[sz]ation|cookie|credential|private|sealed|^key$|apikey|^otp$/i;

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/** A value under a secret key (a flag like `passwordSet: true` says nothing and stays). */
function isSecretValue(key: string, value: unknown): boolean {
  if (value === null || value === undefined || value === '' || typeof value === 'boolean')
    return false;
  // `code` is an error code in most log lines, and a passcode when it is digits.
  if (/^code$/i.test(key)) return /^\d{4,8}$/.test(String(value));
  return isSecretKey(key);
}

/** Masks what must not leave the workstation in a free text. */
export function maskText(text: string): string {
  return (
    text
      .replace(/\bBearer\s+[\w.~+/=-]+/gi, `Bearer ${REDACTED}`)
      .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, REDACTED)
      .replace(
        /\b((?:pass(?:word|code)?|token|secret|otp|code|key)=)[^&\s"',;]+/gi,
        `$1${REDACTED}`,
      )
      // user:password@ in a URL (a SIP or HTTP URI with credentials).
      .replace(/(\b[a-z][\w+.-]*:\/\/[^:/@\s]+:)[^@\s/]+@/gi, `$1${REDACTED}@`)
      // …and in a SIP URI, which has no `//`: sip:user:password@host.
      .replace(/(\bsips?:[^:@\s]+:)[^@\s]+@/gi, `$1${REDACTED}@`)
      // An 18-character (or old 15-digit) national ID number.
      .replace(/(?<![\w-])\d{17}[\dXx](?![\w-])|(?<![\w-])\d{15}(?![\w-])/g, (id) =>
        maskNationalId(id),
      )
      // Phone numbers: a mainland mobile keeps 3 + 4 digits, anything else of 7+ digits 3 + 2.
      .replace(/(?<![\w-])\+?\d{7,16}(?![\w-])/g, (digits) => maskCaller(digits))
  );
}

/** A JSON value with secret keys redacted and every string masked. */
export function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        isSecretValue(key, inner) ? REDACTED : maskValue(inner),
      ]),
    );
  }
  return value;
}

/** A log file (pino JSON lines or plain text), masked line by line. */
export function maskLog(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed.startsWith('{')) {
        try {
          return JSON.stringify(maskValue(JSON.parse(trimmed)));
        } catch {
          // Not JSON after all: masked as text.
        }
      }
      return maskText(line);
    })
    .join('\n');
}
