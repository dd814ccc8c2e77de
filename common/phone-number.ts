// Phone numbers as people write them, brought to one form, and their masked forms (Art. 8, 11):
// every number the desk, the panel and the records service compare or show passes through here.
// `compactPhoneNumber` is the one cleaner; the others say which kind of number they accept.
// Pure and zod-free: the renderer bundle, main and the records service all import it.

/** Full-width digits and plus, star, hash (what a Chinese IME may type) → ASCII. */
const toAscii = (text: string) =>
  text.replace(/[\uff10-\uff19\uff0b\uff0a\uff03]/g, (ch) =>
    String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
/** Written between digits by people and CRMs: spaces, dashes, dots, brackets. */
const VISUAL_SEPARATORS = /[\s\-.()\u00a0\u3000（）－]/g;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** `＋86 (138) 1234-5678` → `+8613812345678`: ASCII, trimmed, no separators. Not validated. */
export function compactPhoneNumber(text: string): string {
  return toAscii(text.trim()).replace(VISUAL_SEPARATORS, '');
}

/** A mainland mobile as its 11 digits (a +86 / 0086 prefix dropped); null when it is not one. */
export function normalizeMobile(text: string): string | null {
  let digits = compactPhoneNumber(text);
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return MAINLAND_MOBILE.test(digits) ? digits : null;
}

/**
 * A caller number as stored: the 11-digit mobile when it is one, else digits (a leading + kept).
 */
export function normalizeCallerNumber(text: string): string | null {
  const mobile = normalizeMobile(text);
  if (mobile !== null) return mobile;
  const compact = compactPhoneNumber(text);
  return /^[+]?[0-9]{3,20}$/.test(compact) ? compact : null;
}

/** `13812345678` → `138****5678` (Art. 8 read-back, Art. 11). Unparseable input is all stars. */
export function maskMobile(text: string): string {
  const mobile = normalizeMobile(text);
  if (mobile === null) return '*'.repeat(Math.min(text.length, 11));
  return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
}

/** `13900000001` → `139****0001`; landlines keep their first three and last two digits. */
export function maskCaller(caller: string): string {
  if (normalizeMobile(caller) !== null) return maskMobile(caller);
  if (caller.length < 7) return '*'.repeat(caller.length);
  return `${caller.slice(0, 3)}${'*'.repeat(caller.length - 5)}${caller.slice(-2)}`;
}

/**
 * A number shown masked (`139****0002`, the Art. 14 call-back's display): never dialled as typed,
 * where the stars would reach the PBX as feature-code keys.
 */
export const isMaskedNumber = (text: string): boolean => /\d\*{3,}\d/.test(text);
