// The verification panel's side effects (issue 5): it follows the phone's call (screen pop on
// INVITE, greeting on answer, wrap-up on hang-up), asks main through the `verify:*` channels
// (main asks the records service, the authority, and journals every step — Art. 11), and turns
// answers and pushes into store actions. Components read the store and call these methods only.
//
// Secrets: the basic details pass from the form through `submitBasic` into one `verify:basic`
// request and are not kept. Keypad digits go from the engine's secure entry into a keypad buffer
// (keypad-buffer.ts) and from there into one `verify:password` / `verify:otp` request; the store
// only ever learns how many digits are held.
import type { AgentDeskApi, Channel, RequestOf, ResponseOf } from '../../common/contract.js';
import { maskNationalId, nationalIdProblem, normaliseMobile, normaliseNationalId } from '../../common/national-id.js';
import type { AlternativeId, BusinessType } from '../../common/policy.js';
import type { CheckResponse, Verification } from '../../common/records-api.js';
import { recordsUnreachable, type ConnectivityState } from '../connectivity/state.js';
import { callbackRequest } from './callback.js';
import type { ComplaintCategory } from './complaint.js';
import type { ActiveCall, Phone, SecureEntryConsumer } from '../phone/types.js';
import type { SessionState } from '../state/session.js';
import { createStore, type Store } from '../state/store.js';
import { createKeypadBuffer, type KeypadBuffer } from './keypad-buffer.js';
import {
  initialVerification,
  verificationReducer,
  type BasicProblem,
  type CallbackState,
  type KeypadPurpose,
  type PanelAction,
  type VerificationAction,
  type VerificationState,
} from './state.js';
import { canCheck, OTP_DIGITS, otpDeadlines, PASSWORD_MAX_DIGITS } from './view.js';

/** Issue 5 item 1: the look-up usually answers at once; a spinner only if it takes longer. */
export const LOOKUP_SPINNER_AFTER_MS = 100;
/** While a lead decides, the session is re-read this often in case a `verify:changed` push is lost. */
export const APPROVAL_POLL_MS = 2000;

export interface VerificationControllerOptions {
  api: AgentDeskApi;
  /** The running engine (desk.phone): its PhoneState says which call is ringing, live or over. */
  phone: Pick<Store<Phone | null, never>, 'getState' | 'subscribe'>;
  /** desk.attachSecureEntry: the consumer gets the caller's keypad digits until released. */
  attachSecureEntry(consumer: SecureEntryConsumer): (() => void) | null;
  session: Pick<Store<SessionState, unknown>, 'getState' | 'subscribe'>;
  /** What main says about the links (renderer/connectivity): records down → outage procedure (Art. 12). */
  connectivity?: Pick<Store<ConnectivityState, unknown>, 'getState' | 'subscribe'>;
  now?: () => number;
  /** For the ID number's birth-date bound. */
  today?: () => Date;
}

export interface ComplaintDraft {
  category: ComplaintCategory;
  text: string;
  wantsReply: boolean;
}

export interface VerificationController {
  readonly store: Store<VerificationState, VerificationAction>;
  /** Follows the phone, the session and main's pushes; returns the function that stops. Call once. */
  start(): () => void;
  chooseCustomer(customerId: string): void;
  chooseBusinessType(type: BusinessType): Promise<void>;
  /**
   * Checks the values' format (a typo costs no attempt) and, when they pass, sends them once and
   * keeps nothing (Art. 5). True when they were taken: the form clears them.
   */
  submitBasic(mobile: string, nationalId: string): boolean;
  startKeypad(): void;
  stopKeypad(): void;
  forgotPassword(): Promise<void>;
  sendOtp(): Promise<void>;
  setMethodOpen(open: boolean): void;
  switchMethod(alternative: AlternativeId, reason: string): Promise<void>;
  confirm(confirmed: boolean): Promise<void>;
  requestApproval(note: string): Promise<void>;
  setComplaintOpen(open: boolean): void;
  submitComplaint(draft: ComplaintDraft): Promise<boolean>;
  setNotes(notes: string): void;
  submitWrapUp(): Promise<void>;
  /** Art. 12: the call-back form's choices and notes (kept in the store until recorded). */
  setCallbackDraft(draft: Partial<CallbackState['draft']>): void;
  /** Sends `outage:callback` once for the call; true when it was recorded. */
  submitCallback(): Promise<boolean>;
  dismissProblem(): void;
}

type CheckChannel = 'verify:basic' | 'verify:password' | 'verify:password-forgotten' | 'verify:otp' | 'verify:method' | 'verify:confirm' | 'verify:request-approval';

export function createVerificationController(options: VerificationControllerOptions): VerificationController {
  const { api } = options;
  const now = options.now ?? (() => Date.now());
  const today = options.today ?? (() => new Date());
  const store = createStore(verificationReducer, initialVerification);
  const dispatch = (action: VerificationAction) => store.dispatch(action);
  const state = () => store.getState();

  let keypad: { buffer: KeypadBuffer; release: () => void; purpose: KeypadPurpose } | null = null;
  let slowTimer: ReturnType<typeof setTimeout> | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let configLoading = false;

  // ---- secure entry (Art. 6, 7) ----

  const closeKeypad = () => {
    const open = keypad;
    keypad = null;
    if (open) {
      open.buffer.dispose();
      open.release();
    }
    dispatch({ type: 'keypad-closed' });
  };

  /** After any answer: keep the keypad only while the same step is still open. */
  const followSession = () => {
    const current = state();
    const session = current.session;
    if (keypad && (!session || session.status !== 'in-progress' || session.nextStep !== keypad.purpose)) closeKeypad();
    if (session?.status === 'awaiting-approval' && current.call && !current.call.ended) startPolling();
    else stopPolling();
  };

  const startPolling = () => {
    if (pollTimer !== null) return;
    pollTimer = setInterval(() => {
      const session = state().session;
      if (!session || session.status !== 'awaiting-approval') return stopPolling();
      void api.invoke('verify:get', { sessionId: session.id }).then((result) => {
        if (result.ok) {
          dispatch({ type: 'session-loaded', session: result.value });
          followSession();
        }
      });
    }, APPROVAL_POLL_MS);
  };
  const stopPolling = () => {
    if (pollTimer === null) return;
    clearInterval(pollTimer);
    pollTimer = null;
  };

  // ---- talking to main ----

  /** Runs one check; drops the answer if the call changed meanwhile. */
  async function check<C extends CheckChannel>(action: PanelAction, channel: C, request: RequestOf<C>): Promise<CheckResponse | null> {
    const callId = state().call?.id;
    dispatch({ type: 'request-started', action });
    const result = (await api.invoke(channel as Channel, request as never)) as { ok: true; value: ResponseOf<C> } | { ok: false; error: { code: never } };
    if (state().call?.id !== callId) return null;
    if (!result.ok) {
      dispatch({ type: 'request-failed', action, code: result.error.code, at: now() });
      return null;
    }
    const response = result.value as CheckResponse;
    dispatch({ type: 'checked', action, response, at: now() });
    followSession();
    return response;
  }

  const loadConfig = async () => {
    if (configLoading || state().config) return;
    configLoading = true;
    const result = await api.invoke('verify:config', {});
    configLoading = false;
    dispatch(result.ok ? { type: 'config-loaded', config: result.value } : { type: 'config-failed', code: result.error.code });
  };

  const wrapUpRequest = (s: VerificationState): RequestOf<'verify:wrap-up'> | null => {
    if (!s.call) return null;
    return {
      callId: s.call.id,
      ...(s.session ? { sessionId: s.session.id } : {}),
      ...(s.businessType ? { businessType: s.businessType } : {}),
      notes: s.notes.trim().slice(0, 2000),
    };
  };

  // ---- following the call ----

  const callStarted = async (call: ActiveCall) => {
    const before = state();
    // A wrap-up the agent had not saved yet is saved as it stands, not lost (Art. 11).
    if (before.wrapUpDue) {
      const request = wrapUpRequest(before);
      if (request) void api.invoke('verify:wrap-up', request);
    }
    const mobile = normaliseMobile(call.remote.number);
    dispatch({
      type: 'call-started',
      call: { id: call.id, number: call.remote.number, displayName: call.remote.displayName, direction: call.direction, answered: call.answeredAt !== null },
      lookup: mobile !== null,
    });
    void loadConfig();
    if (mobile === null) return; // not a mainland mobile: nobody can be reserved on it
    await lookUp(call.id, mobile);
  };

  const lookUp = async (callId: string, mobile: string) => {
    if (slowTimer !== null) clearTimeout(slowTimer);
    slowTimer = setTimeout(() => dispatch({ type: 'lookup-slow', callId }), LOOKUP_SPINNER_AFTER_MS);
    const result = await api.invoke('verify:lookup', { callerNumber: mobile });
    if (slowTimer !== null) clearTimeout(slowTimer);
    slowTimer = null;
    dispatch(result.ok ? { type: 'lookup-done', callId, customers: result.value.customers } : { type: 'lookup-failed', callId, code: result.error.code });
  };

  // ---- the records service unreachable (Art. 12) ----

  const followConnectivity = () => {
    if (!options.connectivity) return;
    const outage = recordsUnreachable(options.connectivity.getState().current);
    const was = state().outage;
    if (outage === was) return;
    dispatch({ type: 'outage', outage });
    if (outage) {
      // Keys the caller presses now could not be checked: stop listening rather than hold them.
      closeKeypad();
      return;
    }
    // Back: catch up with what the records service has now, for the call still on the line.
    const current = state();
    if (!current.call || current.call.ended) return;
    if (current.session) {
      const sessionId = current.session.id;
      void api.invoke('verify:get', { sessionId }).then((result) => {
        if (!result.ok || state().session?.id !== sessionId) return;
        dispatch({ type: 'session-loaded', session: result.value });
        followSession();
      });
    } else if (current.lookup.status === 'failed') {
      const mobile = normaliseMobile(current.call.number);
      if (mobile !== null) void lookUp(current.call.id, mobile);
    }
  };

  const onCall = (call: ActiveCall | null) => {
    const live = call && call.phase !== 'ended' ? call : null;
    const shown = state().call;
    if (shown && !shown.ended && live?.id !== shown.id) {
      closeKeypad();
      stopPolling();
      dispatch({ type: 'call-ended', callId: shown.id });
    }
    if (live && state().call?.id !== live.id) void callStarted(live);
    if (live && live.answeredAt !== null) dispatch({ type: 'call-answered', callId: live.id });
  };

  const submitKeypad = async (purpose: KeypadPurpose, digits: string) => {
    const open = keypad;
    const session = state().session;
    if (!open || !session) return;
    if (purpose === 'otp' && digits.length !== OTP_DIGITS) {
      dispatch({ type: 'keypad-short' });
      return;
    }
    open.buffer.setPaused(true);
    dispatch({ type: 'keypad-submitting', submitting: true });
    // `digits` lives in this call's scope only: into the request, then gone.
    if (purpose === 'password') await check('password', 'verify:password', { sessionId: session.id, password: digits });
    else await check('otp', 'verify:otp', { sessionId: session.id, code: digits });
    if (keypad === open) {
      open.buffer.setPaused(false);
      dispatch({ type: 'keypad-submitting', submitting: false });
    }
  };

  const sendBasic = async (session: Verification, chosen: string | null, mobile: string, nationalId: string) => {
    let customerId = session.customer?.id ?? chosen;
    dispatch({ type: 'request-started', action: 'basic' });
    if (customerId === null) {
      // Caller ID found nobody (another phone, withheld number): find the customer by the
      // reserved mobile they state. Several on one mobile: the one whose masked ID fits.
      const found = await api.invoke('verify:lookup', { callerNumber: mobile });
      if (state().session?.id !== session.id) return;
      if (!found.ok) return dispatch({ type: 'request-failed', action: 'basic', code: found.error.code, at: now() });
      const candidates = found.value.customers;
      if (candidates.length === 0) return dispatch({ type: 'basic-invalid', problem: { field: 'mobile', code: 'no-customer' } });
      const mask = maskNationalId(nationalId);
      customerId = (candidates.find((c) => c.nationalId === mask) ?? candidates[0]!).id;
      dispatch({ type: 'basic-customer', customerId });
    }
    await check('basic', 'verify:basic', { sessionId: session.id, customerId, mobile, nationalId });
  };

  return {
    store,

    start() {
      let unsubscribeCall: (() => void) | null = null;
      const followPhone = () => {
        unsubscribeCall?.();
        unsubscribeCall = null;
        const phone = options.phone.getState();
        if (phone) {
          unsubscribeCall = phone.store.subscribe(() => onCall(phone.store.getState().call));
          onCall(phone.store.getState().call);
        } else {
          onCall(null);
        }
      };
      const followAgent = () => {
        const session = options.session.getState();
        const tier = session.status === 'signed-in' ? session.agent.tier : null;
        if (tier === null && state().tier !== null) {
          closeKeypad();
          stopPolling();
          dispatch({ type: 'signed-out' });
          return;
        }
        dispatch({ type: 'tier', tier });
        if (tier !== null) void loadConfig();
      };
      const offs = [
        options.phone.subscribe(followPhone),
        options.session.subscribe(followAgent),
        api.on('verify:changed', (session) => {
          if (state().session?.id !== session.id) return;
          dispatch({ type: 'session-loaded', session });
          followSession();
        }),
        options.connectivity?.subscribe(followConnectivity) ?? (() => {}),
      ];
      followConnectivity();
      followAgent();
      followPhone();
      return () => {
        for (const off of offs) off();
        unsubscribeCall?.();
        closeKeypad();
        stopPolling();
        if (slowTimer !== null) clearTimeout(slowTimer);
      };
    },

    chooseCustomer: (customerId) => dispatch({ type: 'customer-chosen', customerId }),

    async chooseBusinessType(type) {
      const before = state();
      if (before.outage || !before.call || before.call.ended || before.session || before.pending !== null) return;
      dispatch({ type: 'business-type-chosen', businessType: type });
      dispatch({ type: 'request-started', action: 'start' });
      const callId = before.call.id;
      const result = await api.invoke('verify:start', {
        callId,
        callerNumber: before.call.number,
        businessType: type,
        ...(before.customerId ? { customerId: before.customerId } : {}),
      });
      if (state().call?.id !== callId) return;
      if (!result.ok) {
        dispatch({ type: 'request-failed', action: 'start', code: result.error.code, at: now() });
        return;
      }
      dispatch({ type: 'session-loaded', session: result.value });
      followSession();
    },

    submitBasic(mobileInput, idInput) {
      const before = state();
      if (!canCheck(before) || before.session!.nextStep !== 'basic') return false;
      const mobile = normaliseMobile(mobileInput);
      const invalid = (problem: BasicProblem) => {
        dispatch({ type: 'basic-invalid', problem });
        return false;
      };
      if (mobileInput.trim() === '') return invalid({ field: 'mobile', code: 'missing' });
      if (mobile === null) return invalid({ field: 'mobile', code: 'format' });
      if (idInput.trim() === '') return invalid({ field: 'id', code: 'missing' });
      const idProblem = nationalIdProblem(idInput, today());
      if (idProblem !== null) return invalid({ field: 'id', code: idProblem });
      void sendBasic(before.session!, before.customerId, mobile, normaliseNationalId(idInput));
      return true;
    },

    startKeypad() {
      const current = state();
      if (keypad || !canCheck(current)) return;
      const step = current.session!.nextStep;
      const purpose: KeypadPurpose | null = step === 'password' ? 'password' : step === 'otp' && current.otp ? 'otp' : null;
      if (!purpose) return;
      const buffer = createKeypadBuffer({
        maxDigits: purpose === 'otp' ? OTP_DIGITS : PASSWORD_MAX_DIGITS,
        ...(purpose === 'otp' ? { autoSubmitAt: OTP_DIGITS } : {}),
        onCount: (count) => dispatch({ type: 'keypad-count', count }),
        onSubmit: (digits) => void submitKeypad(purpose, digits),
      });
      const release = options.attachSecureEntry(buffer);
      if (!release) {
        buffer.dispose();
        dispatch({ type: 'request-failed', action: purpose, code: 'unavailable', at: now() });
        return;
      }
      keypad = { buffer, release, purpose };
      dispatch({ type: 'keypad-opened', purpose });
    },

    stopKeypad: closeKeypad,

    async forgotPassword() {
      const current = state();
      if (!canCheck(current) || current.session!.nextStep !== 'password') return;
      closeKeypad();
      await check('password-forgotten', 'verify:password-forgotten', { sessionId: current.session!.id });
    },

    async sendOtp() {
      const current = state();
      if (!canCheck(current) || current.session!.nextStep !== 'otp') return;
      const callId = current.call!.id;
      dispatch({ type: 'request-started', action: 'otp-send' });
      const result = await api.invoke('verify:otp-send', { sessionId: current.session!.id });
      if (state().call?.id !== callId) return;
      if (!result.ok) return dispatch({ type: 'request-failed', action: 'otp-send', code: result.error.code, at: now() });
      const receivedAt = now();
      dispatch({ type: 'otp-sent', response: result.value, otp: result.value.otp ? otpDeadlines(result.value.otp, receivedAt) : null, at: receivedAt });
      followSession();
    },

    setMethodOpen: (open) => dispatch({ type: 'method-open', open }),

    async switchMethod(alternative, reason) {
      const current = state();
      const trimmed = reason.trim();
      if (!canCheck(current) || trimmed === '' || !current.session!.alternatives.available.includes(alternative)) return;
      closeKeypad();
      await check('method', 'verify:method', { sessionId: current.session!.id, alternative, reason: trimmed.slice(0, 500) });
    },

    async confirm(confirmed) {
      const current = state();
      if (!canCheck(current) || current.session!.nextStep !== 'confirmation') return;
      await check('confirm', 'verify:confirm', { sessionId: current.session!.id, confirmed });
    },

    async requestApproval(note) {
      const current = state();
      if (!canCheck(current) || current.session!.approval.state !== 'not-requested') return;
      const trimmed = note.trim().slice(0, 500);
      await check('approval', 'verify:request-approval', { sessionId: current.session!.id, ...(trimmed ? { note: trimmed } : {}) });
    },

    setComplaintOpen: (open) => dispatch({ type: 'complaint-open', open }),

    async submitComplaint(draft) {
      const current = state();
      const text = draft.text.trim();
      if (!current.call || text === '' || current.pending === 'complaint') return false;
      dispatch({ type: 'request-started', action: 'complaint' });
      const result = await api.invoke('verify:complaint', {
        callId: current.call.id,
        ...(current.session ? { sessionId: current.session.id } : {}),
        category: draft.category,
        text: text.slice(0, 2000),
        wantsReply: draft.wantsReply,
      });
      if (!result.ok) {
        dispatch({ type: 'request-failed', action: 'complaint', code: result.error.code, at: now() });
        return false;
      }
      dispatch({ type: 'complaint-filed', id: result.value.id, dueAt: result.value.dueAt, at: now() });
      return true;
    },

    setNotes: (notes) => dispatch({ type: 'notes', notes }),

    async submitWrapUp() {
      const current = state();
      const request = wrapUpRequest(current);
      if (!current.wrapUpDue || !request || current.pending === 'wrap-up') return;
      dispatch({ type: 'request-started', action: 'wrap-up' });
      const result = await api.invoke('verify:wrap-up', request);
      if (state().call?.id !== request.callId) return;
      dispatch(result.ok ? { type: 'wrapped-up' } : { type: 'request-failed', action: 'wrap-up', code: result.error.code, at: now() });
    },

    dismissProblem: () => dispatch({ type: 'problem-dismissed' }),

    setCallbackDraft: (draft) => dispatch({ type: 'callback-draft', draft }),

    async submitCallback() {
      const current = state();
      // One call-back per call: a second click, or one while the first is on its way, sends nothing.
      if (current.callback.sending || current.callback.recorded !== null) return false;
      const request = callbackRequest(current);
      if (!request) return false;
      dispatch({ type: 'callback-sending', callId: request.callId });
      // The full number goes into this one request only; main masks it before journaling it.
      const result = await api.invoke('outage:callback', request);
      dispatch(result.ok ? { type: 'callback-recorded', callId: request.callId, recorded: result.value } : { type: 'callback-failed', callId: request.callId, code: result.error.code });
      return result.ok;
    },
  };
}
