// The verification panel's side effects, composed from the parts in ./controller/: following the
// call (screen pop, wrap-up), the requests to main (`verify:*`: main asks the records service, the
// authority, and journals every step — Art. 11), the step actions, the secure keypad (Art. 6, 7),
// the approval poll (Art. 10), the outage procedure (Art. 12) and what is recorded after the call.
// Components read the store and call these methods only; the state itself is state.ts's reducer.
import type { AgentDeskApi } from '../../common/contract.js';
import type { AlternativeId, BusinessType, IntentChangeReason } from '../../common/policy.js';
import type { ConnectivityState } from '../connectivity/state.js';
import type { Phone, SecureEntryConsumer } from '../phone/types.js';
import type { SessionState } from '../state/session.js';
import { createStore, type Store } from '../state/store.js';
import { createAfterCall, type ComplaintDraft } from './controller/after-call.js';
import { createApprovalPoll } from './controller/approval-poll.js';
import { createBusinessChange } from './controller/business.js';
import { createCallFollow } from './controller/call-follow.js';
import { createKeypad } from './controller/keypad.js';
import { createRecall, type RecallActions } from './controller/recall.js';
import { followOutage } from './controller/outage.js';
import { createRequests, type PanelContext } from './controller/requests.js';
import { createFraudActions, type FraudActions } from './controller/fraud.js';
import { createStepActions } from './controller/steps.js';
import { createPanelSurvey, type PanelSurvey } from './survey/follow.js';
import {
  initialVerification,
  verificationReducer,
  type CallbackState,
  type VerificationAction,
  type VerificationState,
} from './state.js';

export type { ComplaintDraft } from './controller/after-call.js';
export { APPROVAL_POLL_MS } from './controller/approval-poll.js';
export { LOOKUP_SPINNER_AFTER_MS } from './controller/call-follow.js';

export interface VerificationControllerOptions {
  api: AgentDeskApi;
  /** The running engine (desk.phone): its PhoneState says which call is ringing, live or over. */
  phone: Pick<Store<Phone | null, never>, 'getState' | 'subscribe'>;
  /** desk.attachSecureEntry: the consumer gets the caller's keypad digits until released. */
  attachSecureEntry(consumer: SecureEntryConsumer): (() => void) | null;
  session: Pick<Store<SessionState, unknown>, 'getState' | 'subscribe'>;
  /** What main says about the links (renderer/connectivity): records down → outage (Art. 12). */
  connectivity?: Pick<Store<ConnectivityState, unknown>, 'getState' | 'subscribe'>;
  now?: () => number;
  /** For the ID number's birth-date bound. */
  today?: () => Date;
}

export interface VerificationController extends FraudActions {
  readonly store: Store<VerificationState, VerificationAction>;
  /** Follows the phone, the session and main's pushes; returns the function that stops. Once. */
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
  /** Art. 4(2): the caller's business changed, with the agent's reason (and note). */
  changeBusiness(to: BusinessType, reason: IntentChangeReason, note: string): Promise<void>;
  setComplaintOpen(open: boolean): void;
  submitComplaint(draft: ComplaintDraft): Promise<boolean>;
  setNotes(notes: string): void;
  submitWrapUp(): Promise<void>;
  /** Art. 12: the call-back form's choices and notes (kept in the store until recorded). */
  setCallbackDraft(draft: Partial<CallbackState['draft']>): void;
  /** Sends `outage:callback` once for the call; true when it was recorded. */
  submitCallback(): Promise<boolean>;
  dismissProblem(): void;
  /** Art. 14: a declined step, recorded with its reason; the call-back to the reserved mobile. */
  setDeclineOpen: RecallActions['setDeclineOpen'];
  decline: RecallActions['decline'];
  callBack: RecallActions['callBack'];
  /** Art. 22: the keypad satisfaction survey once the business is done (survey/). */
  survey: PanelSurvey;
}

export function createVerificationController(
  options: VerificationControllerOptions,
): VerificationController {
  const { api } = options;
  const store = createStore(verificationReducer, initialVerification);
  const ctx: PanelContext = { api, store, now: options.now ?? (() => Date.now()) };

  const followSession = () => {
    keypad.followSession();
    poll.follow();
  };
  const requests = createRequests(ctx, followSession);
  const keypad = createKeypad(ctx, {
    attachSecureEntry: options.attachSecureEntry,
    check: requests.check,
  });
  const poll = createApprovalPoll(ctx, requests.sessionLoaded);
  const closeKeypadAndPoll = () => {
    keypad.close();
    poll.stop();
  };
  const call = createCallFollow(ctx, {
    phone: options.phone,
    loadConfig: requests.loadConfig,
    onCallEnded: closeKeypadAndPoll,
  });
  const steps = createStepActions(ctx, {
    requests,
    closeKeypad: keypad.close,
    followSession,
    today: options.today ?? (() => new Date()),
  });

  const survey = createPanelSurvey(ctx, options.attachSecureEntry);
  const recall = createRecall(ctx, { phone: options.phone, requests, closeKeypad: keypad.close });

  /** The signed-in agent's tier predicts steps and approval; signing out forgets everything. */
  const followAgent = () => {
    const session = options.session.getState();
    const tier = session.status === 'signed-in' ? session.agent.tier : null;
    if (tier === null && store.getState().tier !== null) {
      closeKeypadAndPoll();
      store.dispatch({ type: 'signed-out' });
      return;
    }
    store.dispatch({ type: 'tier', tier });
    if (tier !== null) void requests.loadConfig();
  };

  return {
    store,

    start() {
      const outage = options.connectivity
        ? followOutage(ctx, {
            connectivity: options.connectivity,
            closeKeypad: keypad.close,
            sessionLoaded: requests.sessionLoaded,
            lookUp: call.lookUp,
          })
        : () => {};
      const offs = [
        outage,
        options.session.subscribe(followAgent),
        api.on('verify:changed', (session) => {
          if (store.getState().session?.id === session.id) requests.sessionLoaded(session);
        }),
      ];
      followAgent();
      offs.push(call.start(), recall.follow(), survey.follow());
      return () => {
        for (const off of offs) off();
        closeKeypadAndPoll();
      };
    },

    ...steps,
    changeBusiness: createBusinessChange(ctx, { requests, closeKeypad: keypad.close }),
    ...createFraudActions(ctx, requests),
    startKeypad: keypad.open,
    stopKeypad: keypad.close,
    ...createAfterCall(ctx),
    dismissProblem: () => store.dispatch({ type: 'problem-dismissed' }),
    setDeclineOpen: recall.setDeclineOpen,
    decline: recall.decline,
    callBack: recall.callBack,
    survey,
  };
}
