// How the call-back queue and its history show a call-back: the number masked (Art. 11) and what
// the customer wanted, read from the journaled reason when main left it out. Pure display helpers,
// apart from the queue's store (callback-queue.ts) so both rooms' lists share them.
import { parseCallbackReason, type CallbackWindow } from '../../common/callback-reason.js';
import type { CallbackQueueItem } from '../../common/connectivity.js';
import { maskCaller, normalizeCallerNumber } from '../../common/phone-number.js';
import type { BusinessType } from '../../common/policy.js';

/**
 * The number as the queue shows it (Art. 11): the records service sends it masked
 * (`139****0001`); should a full number ever arrive, it is masked here rather than shown.
 */
export function shownCustomerRef(customerRef: string): string {
  const full = normalizeCallerNumber(customerRef);
  return full === null ? customerRef : maskCaller(full);
}

/**
 * What the customer wanted and when to call, as main read them from the journaled reason (or as
 * read here when main left them out); `raw` is the reason as recorded when neither could be read —
 * a reason this desk did not write, shown as it is rather than guessed at.
 */
export function callbackWanted(
  item: Pick<CallbackQueueItem, 'reason' | 'businessType' | 'window'>,
): { businessType: BusinessType | null; window: CallbackWindow | null; raw: string | null } {
  if (item.window !== null)
    return { businessType: item.businessType, window: item.window, raw: null };
  const parsed = parseCallbackReason(item.reason);
  if (parsed)
    return {
      businessType: item.businessType ?? parsed.businessType,
      window: parsed.window,
      raw: null,
    };
  return {
    businessType: item.businessType,
    window: null,
    raw: item.reason.trim() === '' ? null : item.reason,
  };
}
