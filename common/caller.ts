// A caller's number in the house's masked form (Art. 11): what the records service shows the agent
// and what the desk puts in its call-back queue. `13900000001` → `139****0001`.
import { maskMobile, normaliseMobile } from './national-id.js';

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
