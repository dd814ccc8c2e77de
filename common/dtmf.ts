// Keypad tones: which characters are DTMF, and the digit a SIP INFO body carries. Pure; the
// engine hands a parsed digit only to secure entry. Anything unexpected parses as null, never
// as a digit.

const DTMF_TONE = /^[0-9*#A-D]$/;
const DTMF_BODY_MAX = 256;

export const isDtmfTone = (value: string): boolean => DTMF_TONE.test(value);

/**
 * The keypad digit a SIP INFO carries, or null. `application/dtmf-relay` carries
 * `Signal=5\r\nDuration=160`; `application/dtmf` carries the digit alone. Only 0-9 * # A-D
 * count (letters in either case); anything else — other content types, several or unknown
 * signals, oversized bodies — is null, so nothing unexpected ever reaches a secure-entry
 * consumer.
 */
export function parseDtmfInfo(
  contentType: string | null | undefined,
  body: string | null | undefined,
): string | null {
  if (!contentType || body === null || body === undefined || body.length > DTMF_BODY_MAX)
    return null;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  let candidate: string | null = null;
  if (mediaType === 'application/dtmf-relay') {
    const signals = [...body.matchAll(/^[ \t]*signal[ \t]*=[ \t]*(\S*)[ \t]*\r?$/gim)].map(
      (match) => match[1]!,
    );
    if (signals.length !== 1) return null;
    candidate = signals[0]!;
  } else if (mediaType === 'application/dtmf') {
    candidate = body.trim();
  } else {
    return null;
  }
  const tone = candidate.toUpperCase();
  return DTMF_TONE.test(tone) ? tone : null;
}
