// Art. 4(2): the caller's business changed mid-call. The agent picks the new type and why; main
// asks the records service (the authority), which re-plans the session, and journals the change
// with its reason. A verified session stepped up reopens for only the missing steps.
import type { BusinessType, IntentChangeReason } from '../../../common/policy.js';
import { canChangeBusiness } from '../intent-view.js';
import type { PanelContext, Requests } from './requests.js';

export function createBusinessChange(
  ctx: PanelContext,
  options: { requests: Requests; closeKeypad(): void },
) {
  return async (to: BusinessType, reason: IntentChangeReason, note: string): Promise<void> => {
    const current = ctx.store.getState();
    const trimmed = note.trim().slice(0, 500);
    if (!canChangeBusiness(current) || current.session!.businessType === to) return;
    // `other` says nothing by itself: the records service needs the note (so does the audit).
    if (reason === 'other' && trimmed === '') return;
    options.closeKeypad();
    await options.requests.check('business', 'verify:business', {
      sessionId: current.session!.id,
      businessType: to,
      reason,
      ...(trimmed ? { note: trimmed } : {}),
    });
  };
}
