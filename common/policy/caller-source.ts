// Art. 18: whether the number calling counts as the customer's reserved mobile. Only a caller ID
// asserted by a trusted SIP proxy (P-Asserted-Identity, RFC 3325) is believed; a From header is
// the caller's own claim and anyone can write a customer's mobile into it. Pure: no I/O, no zod.

/** Where the phone took the caller number from: a trusted proxy's assertion, or From only. */
export const CALLER_ID_SOURCES = ['pai', 'from'] as const;
export type CallerIdSource = (typeof CALLER_ID_SOURCES)[number];

/**
 * True only when a trusted proxy asserted the number and it is the reserved mobile. A number that
 * came from the From header alone counts as "caller not on the reserved mobile" even when it is
 * equal, so high-risk business asks the passcode and a lead's approval (requirementsFor).
 */
export function callerCountsAsReservedMobile(
  callerNumber: string,
  source: CallerIdSource,
  reservedMobile: string,
): boolean {
  return source === 'pai' && callerNumber === reservedMobile;
}
