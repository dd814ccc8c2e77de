// What the agent records about a call besides the check: a complaint (Art. 16), the wrap-up notes
// (Art. 11) and, in an outage, a call-back (Art. 12). The full caller number goes into the one
// call-back request only (main masks it before journaling); a second click sends nothing again.
import type { RequestOf } from '../../../common/contract.js';
import { callbackRequest } from '../callback.js';
import type { ComplaintCategory } from '../complaint.js';
import type { CallbackState, VerificationState } from '../state.js';
import type { PanelContext } from './requests.js';

export interface ComplaintDraft {
  category: ComplaintCategory;
  text: string;
  wantsReply: boolean;
}

export interface AfterCall {
  setComplaintOpen(open: boolean): void;
  submitComplaint(draft: ComplaintDraft): Promise<boolean>;
  setNotes(notes: string): void;
  submitWrapUp(): Promise<void>;
  /** Art. 12: the call-back form's choices and notes (kept in the store until recorded). */
  setCallbackDraft(draft: Partial<CallbackState['draft']>): void;
  /** Sends `outage:callback` once for the call; true when it was recorded. */
  submitCallback(): Promise<boolean>;
}

/** The wrap-up for the call shown, as `verify:wrap-up` takes it; null without a call. */
export function wrapUpRequest(s: VerificationState): RequestOf<'verify:wrap-up'> | null {
  if (!s.call) return null;
  return {
    callId: s.call.id,
    ...(s.session ? { sessionId: s.session.id } : {}),
    ...(s.businessType ? { businessType: s.businessType } : {}),
    notes: s.notes.trim().slice(0, 2000),
  };
}

export function createAfterCall(ctx: PanelContext): AfterCall {
  const { api, store } = ctx;
  const state = () => store.getState();

  return {
    setComplaintOpen: (open) => store.dispatch({ type: 'complaint-open', open }),

    async submitComplaint(draft) {
      const current = state();
      const text = draft.text.trim();
      if (!current.call || text === '' || current.pending === 'complaint') return false;
      store.dispatch({ type: 'request-started', action: 'complaint' });
      const result = await api.invoke('verify:complaint', {
        callId: current.call.id,
        ...(current.session ? { sessionId: current.session.id } : {}),
        category: draft.category,
        text: text.slice(0, 2000),
        wantsReply: draft.wantsReply,
      });
      if (!result.ok) {
        store.dispatch({
          type: 'request-failed',
          action: 'complaint',
          code: result.error.code,
          at: ctx.now(),
        });
        return false;
      }
      store.dispatch({
        type: 'complaint-filed',
        id: result.value.id,
        dueAt: result.value.dueAt,
        at: ctx.now(),
      });
      return true;
    },

    setNotes: (notes) => store.dispatch({ type: 'notes', notes }),

    async submitWrapUp() {
      const current = state();
      const request = wrapUpRequest(current);
      if (!current.wrapUpDue || !request || current.pending === 'wrap-up') return;
      store.dispatch({ type: 'request-started', action: 'wrap-up' });
      const result = await api.invoke('verify:wrap-up', request);
      if (state().call?.id !== request.callId) return;
      store.dispatch(
        result.ok
          ? { type: 'wrapped-up' }
          : { type: 'request-failed', action: 'wrap-up', code: result.error.code, at: ctx.now() },
      );
    },

    setCallbackDraft: (draft) => store.dispatch({ type: 'callback-draft', draft }),

    async submitCallback() {
      const current = state();
      // One call-back per call: a second click, or one while the first is on its way, sends none.
      if (current.callback.sending || current.callback.recorded !== null) return false;
      const request = callbackRequest(current);
      if (!request) return false;
      store.dispatch({ type: 'callback-sending', callId: request.callId });
      // The full number goes into this one request only; main masks it before journaling it.
      const result = await api.invoke('outage:callback', request);
      store.dispatch(
        result.ok
          ? { type: 'callback-recorded', callId: request.callId, recorded: result.value }
          : { type: 'callback-failed', callId: request.callId, code: result.error.code },
      );
      return result.ok;
    },
  };
}
