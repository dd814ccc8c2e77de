// Masks and normalisation for what the verification API shows the agent (Art. 8, Art. 11): the
// family name and a star, the mobile's first three and last four digits, never a full value.
import { maskMobile, normaliseMobile } from '../national-id.js';

/** `李娜` → `李*`. The first character stands for the family name (compound names keep one). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length === 0 ? '*' : `${chars[0]}*`;
}

/** A caller number as stored: the 11-digit mobile when it is one, else digits (with a leading +). */
export function normaliseCaller(input: string): string | null {
  const mobile = normaliseMobile(input);
  if (mobile !== null) return mobile;
  const compact = input.trim().replace(/[\s\-.()]/g, '');
  return /^[+]?[0-9]{3,20}$/.test(compact) ? compact : null;
}

/** `13900000001` → `139****0001`; landlines keep their first three and last two digits. */
export function maskCaller(caller: string): string {
  if (normaliseMobile(caller) !== null) return maskMobile(caller);
  if (caller.length < 7) return '*'.repeat(caller.length);
  return `${caller.slice(0, 3)}${'*'.repeat(caller.length - 5)}${caller.slice(-2)}`;
}
