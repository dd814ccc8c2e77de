// How the Art. 8 read-back addresses the customer: 先生 / 女士 ("Mr." / "Ms.") from the sex digit
// of the resident ID number (GB 11643-1999: the 17th character, odd male, even female). Pure; takes
// the full number or the stored masked form (which keeps characters 17–18), and says nothing when
// the number is malformed, so the panel falls back to a neutral wording rather than guessing.

export const CUSTOMER_TITLES = ['mr', 'ms'] as const;
export type CustomerTitle = (typeof CUSTOMER_TITLES)[number];

/** 17 digits and a check digit or X; or the masked form: first digit, 15 stars, the last two. */
const FULL_OR_MASKED = /^(?:\d{17}|\d\*{15}\d)[\dX]$/;

/** `…0010` → 'mr' (17th character 1, odd), `…0023` → 'ms' (2, even); malformed → null. */
export function titleFromNationalId(input: string): CustomerTitle | null {
  const value = input.trim().toUpperCase();
  if (!FULL_OR_MASKED.test(value)) return null;
  return Number(value[16]) % 2 === 1 ? 'mr' : 'ms';
}
