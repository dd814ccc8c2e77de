// The outage call-back's plain values (Art. 12), zod-free so the renderer bundle can use them:
// when the customer would like to be called back, how a lead closes one, and the `reason` text the
// desk journals — readable in the records service as it is, and parsed back for the lead's screen.
import { isBusinessType, type BusinessType } from './policy.js';

/** When the customer would like to be called back (the team plans the queue by it). */
export const CALLBACK_WINDOWS = [
  'asap',
  'today',
  'tomorrow-morning',
  'tomorrow-afternoon',
] as const;
export type CallbackWindow = (typeof CALLBACK_WINDOWS)[number];
export const isCallbackWindow = (value: string): value is CallbackWindow =>
  (CALLBACK_WINDOWS as readonly string[]).includes(value);

/**
 * Why the case is in the queue: the outage procedure (Art. 12, from the desk's journal) or the
 * exception procedure (Art. 5(2), opened by the records service; a lead calls the reserved mobile).
 */
export const CALLBACK_KINDS = ['outage', 'exception'] as const;
export type CallbackKind = (typeof CALLBACK_KINDS)[number];

/**
 * The customer reference of a call-back whose caller withheld the number: the team calls the
 * number on record for the customer chosen on the call (masked like any reference, Art. 11).
 */
export const WITHHELD_CALLER_REF = 'withheld ****';

export const CALLBACK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];
/** How a lead closes a call-back: the customer was called back, or it is no longer needed. */
export const CALLBACK_OUTCOMES = ['done', 'cancelled'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/** `outage; wanted: fund-transfer; window: today` (`unspecified` when the customer did not say). */
export const callbackReason = (
  businessType: BusinessType | undefined | null,
  window: CallbackWindow,
): string => `outage; wanted: ${businessType ?? 'unspecified'}; window: ${window}`;

/** The reason's parts, or null for a reason this desk did not write (shown as it is). */
export function parseCallbackReason(
  reason: string,
): { businessType: BusinessType | null; window: CallbackWindow } | null {
  const match = /^outage; wanted: ([a-z-]+); window: ([a-z-]+)$/.exec(reason);
  if (!match) return null;
  const [, wanted, window] = match as unknown as [string, string, string];
  if (!isCallbackWindow(window)) return null;
  if (wanted !== 'unspecified' && !isBusinessType(wanted)) return null;
  return { businessType: wanted === 'unspecified' ? null : (wanted as BusinessType), window };
}
