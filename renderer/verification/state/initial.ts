// The verification panel's empty state and the resets that return to it. Pure values, no I/O;
// what one call owns is dropped here and nowhere else.
import type { CallbackState, VerificationState } from '../state.js';
import { noDecline } from './recall.js';

export const idleLookup: VerificationState['lookup'] = {
  status: 'idle',
  slow: false,
  customers: [],
  problem: null,
};

const noCallback: CallbackState = {
  draft: { businessType: null, window: 'asap', notes: '' },
  sending: false,
  recorded: null,
  problem: null,
};

export const initialVerification: VerificationState = {
  config: null,
  configProblem: null,
  tier: null,
  call: null,
  lookup: idleLookup,
  customerId: null,
  businessType: null,
  session: null,
  pending: null,
  last: null,
  basicProblem: null,
  keypad: null,
  otp: null,
  methodOpen: false,
  problem: null,
  outcomes: [],
  complaint: { open: false, filed: [] },
  wrapUpDue: false,
  notes: '',
  outage: false,
  callback: noCallback,
  decline: noDecline,
  recall: null,
};

/** Everything that belongs to one call goes; the config, who is signed in and the outage stay. */
export const forNextCall = (state: VerificationState): VerificationState => ({
  ...initialVerification,
  config: state.config,
  configProblem: state.configProblem,
  tier: state.tier,
  outage: state.outage,
});

export const sameCall = (state: VerificationState, callId: string): boolean =>
  state.call?.id === callId;
