// renderer/components/: reusable pieces with no domain — no store, no host call, no rule of the
// regulation of their own. A phone number as people read it, wherever one is shown (softphone,
// screen pop, history); masking is the caller's business, done before a number gets here.

/** 11-digit mainland mobiles in the groups people read them in (138 1234 5678); others whole. */
export function numberGroups(number: string): string[] {
  return /^1\d{10}$/.test(number)
    ? [number.slice(0, 3), number.slice(3, 7), number.slice(7)]
    : [number];
}

/** The grouped number as text (for accessible names): `138 1234 5678`. */
export const formatNumber = (number: string): string => numberGroups(number).join(' ');

/**
 * A number shown in the groups people read it in (`138 1234 5678`). The element carrying it also
 * gets the number itself as `data-number` (caller ID, history), for automation and copy-free
 * lookup.
 */
export function PhoneNumber({ value }: { value: string }) {
  return <>{formatNumber(value)}</>;
}
