// Art. 12 call-back request, as plain data and pure functions. common/connectivity.ts pulls in zod,
// so it is imported for types only (test/unit/renderer/bundle.test.ts); the windows the form offers
// are CALLBACK_WINDOWS from the zod-free common/callback-reason.ts.
import type { CallbackRequest } from '../../common/connectivity.js';
import { maskCaller, normalizeCallerNumber } from '../../common/phone-number.js';
import type { BusinessType } from '../../common/policy.js';
import { CALLBACK_NOTES_MAX, type VerificationState } from './state.js';

/**
 * The caller's number as the contract takes it, or null when the call showed none usable
 * (withheld).
 */
export const callbackNumber = (number: string): string | null => normalizeCallerNumber(number);

/** The only form of the number the screen shows (Art. 11): `139****0001`. */
export function maskedCallbackNumber(number: string): string | null {
  const normalized = callbackNumber(number);
  return normalized === null ? null : maskCaller(normalized);
}

/** The business the call-back is about: the agent's choice in the form, else the panel's. */
export function callbackBusinessType(
  state: Pick<VerificationState, 'callback' | 'session' | 'businessType'>,
): BusinessType | null {
  const chosen = state.callback.draft.businessType;
  if (chosen === '') return null;
  return chosen ?? state.session?.businessType ?? state.businessType ?? null;
}

/**
 * The `outage:callback` request for the call on screen, or null when it cannot be made (no call,
 * or a withheld number and no customer chosen).
 */
export function callbackRequest(
  state: Pick<VerificationState, 'call' | 'callback' | 'session' | 'businessType' | 'customerId'>,
): CallbackRequest | null {
  if (!state.call) return null;
  const callerNumber = callbackNumber(state.call.number);
  const customerId = state.session?.customer?.id ?? state.customerId;
  // Withheld: recordable for the customer chosen on the call (the team calls the number on record).
  if (callerNumber === null && !customerId) return null;
  const businessType = callbackBusinessType(state);
  const notes = state.callback.draft.notes.trim().slice(0, CALLBACK_NOTES_MAX);
  return {
    callId: state.call.id,
    ...(callerNumber !== null ? { callerNumber } : {}),
    ...(customerId ? { customerId } : {}),
    ...(businessType ? { businessType } : {}),
    window: state.callback.draft.window,
    ...(notes ? { notes } : {}),
  };
}

/** A withheld number with the customer chosen on the call: the team calls the number on record. */
export function withheldForChosenCustomer(
  state: Pick<VerificationState, 'call' | 'session' | 'customerId'>,
): boolean {
  if (!state.call || callbackNumber(state.call.number) !== null) return false;
  return Boolean(state.session?.customer?.id ?? state.customerId);
}
