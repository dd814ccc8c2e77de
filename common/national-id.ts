// The 18-character resident ID number (GB 11643-1999): validation and the masked form. Pure, so the
// records service compares (Art. 5), the panel checks the format before an attempt is spent, and
// both mask the same way (Art. 8, 11). Mobile numbers: common/phone-number.ts.

/** GB 11643-1999 weights for positions 1-17 (2^(18-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** ISO 7064 MOD 11-2: the check character for each value of (weighted sum mod 11). */
const CHECK_CHARACTERS = '10X98765432';

export type NationalIdCheck = { ok: true; value: string } | { ok: false; reason: string };

/** Trims and upper-cases a trailing `x`, so `...123x` and `...123X` are the same number. */
export const normalizeNationalId = (input: string): string => input.trim().toUpperCase();

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function nationalIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('need exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Why an ID number is refused, as a stable code (the verification panel translates it). */
export type NationalIdProblem =
  'fifteen-digit' | 'length' | 'characters' | 'birth-date' | 'future-birth-date' | 'checksum';

const PROBLEM_REASONS: Readonly<Record<NationalIdProblem, string>> = {
  'fifteen-digit': '15-digit ID numbers are not accepted; use the 18-character number',
  length: 'must be 18 characters',
  characters: 'must be 17 digits followed by a digit or X',
  'birth-date': 'birth date (characters 7-14) is not a valid date',
  'future-birth-date': 'birth date (characters 7-14) is in the future',
  checksum: 'check character does not match',
};

/** What is wrong with an ID number, or null when it is valid. `today` bounds the birth date. */
export function nationalIdProblem(
  input: string,
  today: Date = new Date(),
): NationalIdProblem | null {
  const value = normalizeNationalId(input);
  // First-generation 15-digit numbers have no check character and a 2-digit year; they were
  // retired in 2013, so the records service refuses them rather than guessing the century.
  if (/^\d{15}$/.test(value)) return 'fifteen-digit';
  if (value.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(value)) return 'characters';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate =
    birth.getUTCFullYear() === year &&
    birth.getUTCMonth() === month - 1 &&
    birth.getUTCDate() === day;
  if (!realDate || year < 1900) return 'birth-date';
  if (birth.getTime() > today.getTime()) return 'future-birth-date';
  if (nationalIdCheckCharacter(value.slice(0, 17)) !== value[17]) return 'checksum';
  return null;
}

/**
 * Validates an ID number and says why not. Reasons never repeat the input (it is personal data
 * and they end up in logs and seed errors — Art. 11). `today` bounds the birth date (injectable).
 */
export function checkNationalId(input: string, today: Date = new Date()): NationalIdCheck {
  const problem = nationalIdProblem(input, today);
  return problem === null
    ? { ok: true, value: normalizeNationalId(input) }
    : { ok: false, reason: PROBLEM_REASONS[problem] };
}

export const isValidNationalId = (input: string, today?: Date): boolean =>
  checkNationalId(input, today).ok;

/**
 * `990101198503120010` (synthetic) → `9***************10`: first character, then stars, then the
 * last two. Enough for the Art. 8 read-back, too little to identify anyone (Art. 11). Input of any
 * length is masked without revealing more than three characters; very short input is all stars.
 */
export function maskNationalId(input: string): string {
  const value = normalizeNationalId(input);
  if (value.length < 6) return '*'.repeat(value.length);
  return `${value[0]}${'*'.repeat(value.length - 3)}${value.slice(-2)}`;
}
