// The agent's moves through the identity check: the business type (which opens the session), the
// basic details (Art. 5), a forgotten password, the one-time passcode (Art. 7), another method
// (Art. 14), the read-back confirmation (Art. 8) and a lead's approval (Art. 10). The basic details
// pass from the form into one request and are kept nowhere; a typo is caught before it costs an
// attempt.
import {
  maskNationalId,
  nationalIdProblem,
  normalizeNationalId,
} from '../../../common/national-id.js';
import { normalizeMobile } from '../../../common/phone-number.js';
import type { AlternativeId, BusinessType } from '../../../common/policy.js';
import type { Verification } from '../../../common/records-api.js';
import type { BasicProblem } from '../state.js';
import { canCheck, otpDeadlines } from '../view.js';
import type { PanelContext, Requests } from './requests.js';

export interface StepActionsOptions {
  requests: Requests;
  closeKeypad(): void;
  /** After an answer that may move the session (keypad, approval poll). */
  followSession(): void;
  /** For the ID number's birth-date bound. */
  today(): Date;
}

export interface StepActions {
  chooseCustomer(customerId: string): void;
  chooseBusinessType(type: BusinessType): Promise<void>;
  /** Checks the values' format and, when they pass, sends them once; true when they were taken. */
  submitBasic(mobile: string, nationalId: string): boolean;
  forgotPassword(): Promise<void>;
  sendOtp(): Promise<void>;
  setMethodOpen(open: boolean): void;
  switchMethod(alternative: AlternativeId, reason: string): Promise<void>;
  confirm(confirmed: boolean): Promise<void>;
  requestApproval(note: string): Promise<void>;
}

type OpeningActions = Pick<StepActions, 'chooseCustomer' | 'chooseBusinessType'>;
type CheckActions = Omit<StepActions, keyof OpeningActions | 'submitBasic'>;

export function createStepActions(ctx: PanelContext, options: StepActionsOptions): StepActions {
  return {
    ...createOpeningActions(ctx, options.requests),
    submitBasic: createBasicDetails(ctx, options),
    ...createCheckActions(ctx, options),
  };
}

/** The customer and business type: choosing the type opens the session (`verify:start`). */
function createOpeningActions(ctx: PanelContext, requests: Requests): OpeningActions {
  const { api, store } = ctx;
  const state = () => store.getState();
  return {
    chooseCustomer: (customerId) => store.dispatch({ type: 'customer-chosen', customerId }),

    async chooseBusinessType(type) {
      const before = state();
      if (
        before.outage ||
        !before.call ||
        before.call.ended ||
        before.session ||
        before.pending !== null
      )
        return;
      store.dispatch({ type: 'business-type-chosen', businessType: type });
      store.dispatch({ type: 'request-started', action: 'start' });
      const callId = before.call.id;
      const result = await api.invoke('verify:start', {
        callId,
        callerNumber: before.call.number,
        callerIdSource: before.call.callerIdSource,
        businessType: type,
        ...(before.customerId ? { customerId: before.customerId } : {}),
        // Art. 9: a training call stays a training session even when its caller ID found nobody.
        ...(before.call.training ? { training: true } : {}),
      });
      if (state().call?.id !== callId) return;
      if (!result.ok) {
        store.dispatch({
          type: 'request-failed',
          action: 'start',
          code: result.error.code,
          at: ctx.now(),
        });
        return;
      }
      requests.sessionLoaded(result.value);
    },
  };
}

/** Art. 5: the basic details' format is checked here, then they are sent once and kept nowhere. */
function createBasicDetails(
  ctx: PanelContext,
  options: StepActionsOptions,
): StepActions['submitBasic'] {
  const { api, store } = ctx;
  const { requests } = options;
  const state = () => store.getState();

  const sendBasic = async (
    session: Verification,
    chosen: string | null,
    mobile: string,
    nationalId: string,
  ) => {
    let customerId = session.customer?.id ?? chosen;
    store.dispatch({ type: 'request-started', action: 'basic' });
    if (customerId === null) {
      // Caller ID found nobody (another phone, withheld number): find the customer by the
      // reserved mobile they state. Several on one mobile: the one whose masked ID fits.
      // A training caller's stated mobile is looked up in the training namespace only (Art. 9).
      const found = await api.invoke('verify:lookup', {
        callerNumber: mobile,
        ...(state().call?.training ? { training: true as const } : {}),
      });
      if (state().session?.id !== session.id) return;
      if (!found.ok)
        return store.dispatch({
          type: 'request-failed',
          action: 'basic',
          code: found.error.code,
          at: ctx.now(),
        });
      const candidates = found.value.customers;
      if (candidates.length === 0)
        return store.dispatch({
          type: 'basic-invalid',
          problem: { field: 'mobile', code: 'no-customer' },
        });
      const mask = maskNationalId(nationalId);
      customerId = (candidates.find((c) => c.nationalId === mask) ?? candidates[0]!).id;
      store.dispatch({ type: 'basic-customer', customerId });
    }
    await requests.check('basic', 'verify:basic', {
      sessionId: session.id,
      customerId,
      mobile,
      nationalId,
    });
  };

  return function submitBasic(mobileInput, idInput) {
    const before = state();
    if (!canCheck(before) || before.session!.nextStep !== 'basic') return false;
    const mobile = normalizeMobile(mobileInput);
    const invalid = (problem: BasicProblem) => {
      store.dispatch({ type: 'basic-invalid', problem });
      return false;
    };
    if (mobileInput.trim() === '') return invalid({ field: 'mobile', code: 'missing' });
    if (mobile === null) return invalid({ field: 'mobile', code: 'format' });
    if (idInput.trim() === '') return invalid({ field: 'id', code: 'missing' });
    const idProblem = nationalIdProblem(idInput, options.today());
    if (idProblem !== null) return invalid({ field: 'id', code: idProblem });
    void sendBasic(before.session!, before.customerId, mobile, normalizeNationalId(idInput));
    return true;
  };
}

/** The checks after the basic details: password, passcode, another method, read-back, approval. */
function createCheckActions(ctx: PanelContext, options: StepActionsOptions): CheckActions {
  const { api, store } = ctx;
  const { requests } = options;
  const state = () => store.getState();
  return {
    async forgotPassword() {
      const current = state();
      if (!canCheck(current) || current.session!.nextStep !== 'password') return;
      options.closeKeypad();
      await requests.check('password-forgotten', 'verify:password-forgotten', {
        sessionId: current.session!.id,
      });
    },

    async sendOtp() {
      const current = state();
      if (!canCheck(current) || current.session!.nextStep !== 'otp') return;
      const callId = current.call!.id;
      store.dispatch({ type: 'request-started', action: 'otp-send' });
      const result = await api.invoke('verify:otp-send', { sessionId: current.session!.id });
      if (state().call?.id !== callId) return;
      if (!result.ok)
        return store.dispatch({
          type: 'request-failed',
          action: 'otp-send',
          code: result.error.code,
          at: ctx.now(),
        });
      const receivedAt = ctx.now();
      const otp = result.value.otp ? otpDeadlines(result.value.otp, receivedAt) : null;
      store.dispatch({ type: 'otp-sent', response: result.value, otp, at: receivedAt });
      options.followSession();
    },

    setMethodOpen: (open) => store.dispatch({ type: 'method-open', open }),

    async switchMethod(alternative, reason) {
      const current = state();
      const trimmed = reason.trim();
      if (
        !canCheck(current) ||
        trimmed === '' ||
        !current.session!.alternatives.available.includes(alternative)
      )
        return;
      options.closeKeypad();
      await requests.check('method', 'verify:method', {
        sessionId: current.session!.id,
        alternative,
        reason: trimmed.slice(0, 500),
      });
    },

    async confirm(confirmed) {
      const current = state();
      if (!canCheck(current) || current.session!.nextStep !== 'confirmation') return;
      await requests.check('confirm', 'verify:confirm', {
        sessionId: current.session!.id,
        confirmed,
      });
    },

    async requestApproval(note) {
      const current = state();
      if (!canCheck(current) || current.session!.approval.state !== 'not-requested') return;
      const trimmed = note.trim().slice(0, 500);
      await requests.check('approval', 'verify:request-approval', {
        sessionId: current.session!.id,
        ...(trimmed ? { note: trimmed } : {}),
      });
    },
  };
}
