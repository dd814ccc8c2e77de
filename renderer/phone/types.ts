// The softphone's public shape: what the UI reads (PhoneState, a snapshot in a store) and what it
// may ask (Phone). The engine (renderer/phone/) owns sip.js; nothing outside it imports sip.js.
// Secrets never enter PhoneState: keypad digits go to a SecureEntryConsumer, not to React.
import type { Store } from '../state/store.js';
import type {
  PhoneConfig,
  AgentStateName,
  NotReadyReason,
  CallRecord,
} from '../../common/phone.js';

export type RegistrationStatus =
  | { kind: 'idle' } // no account configured
  | { kind: 'connecting'; attempt: number; nextRetryAt?: number }
  | { kind: 'registered'; since: number }
  | { kind: 'failed'; reason: string; nextRetryAt?: number };

export type CallDirection = 'inbound' | 'outbound';

export type CallPhase =
  | 'ringing' // inbound, not yet answered
  | 'dialing' // outbound INVITE sent, no provisional answer
  | 'alerting' // outbound, far end ringing (180)
  | 'connected'
  | 'held' // we put it on hold
  | 'reconnecting' // transport lost mid-call; media is being restored (re-INVITE + ICE restart)
  | 'transferring'
  | 'ended';

export interface CallerId {
  /** Digits/number as presented (sanitized: no markup). */
  number: string;
  displayName: string | null;
  /** 'pai' when taken from P-Asserted-Identity of a trusted proxy, else 'from'. */
  source: 'pai' | 'from';
}

export interface QualitySample {
  at: number;
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
  mos: number | null;
}

/** Which line a call came in on: the live SIP account, or the in-page training line. */
export type CallLine = 'live' | 'training';

export interface ActiveCall {
  id: string; // our own UUID; the SIP Call-ID is kept in `sipCallId`
  sipCallId: string;
  line: CallLine;
  direction: CallDirection;
  phase: CallPhase;
  remote: CallerId;
  startedAt: number; // INVITE sent/received
  answeredAt: number | null;
  muted: boolean;
  /** Last ≤ 5 samples; `qualityWarning` is true when 3 of them breach a threshold. */
  quality: QualitySample[];
  qualityWarning: boolean;
  /** Set while an attended transfer consults a third party. */
  consult: { number: string; phase: CallPhase } | null;
}

export interface DeviceState {
  microphones: { deviceId: string; label: string }[];
  speakers: { deviceId: string; label: string }[];
  microphoneId: string; // 'default' when none chosen
  speakerId: string;
  ringerId: string;
  /** Shown once when a chosen device disappeared and we fell back to the default. */
  notice: {
    kind: 'microphone-fallback' | 'speaker-fallback' | 'ringer-fallback';
    label: string;
  } | null;
}

export interface AgentStateView {
  state: AgentStateName;
  reason: NotReadyReason | null;
  since: number;
  /** In wrap-up: when after-call work ends on its own. */
  wrapUpEndsAt: number | null;
  declinedWhileNotReady: number;
}

export interface PhoneState {
  registration: RegistrationStatus;
  transport: 'disconnected' | 'connecting' | 'connected';
  call: ActiveCall | null;
  agent: AgentStateView;
  devices: DeviceState;
  history: CallRecord[];
  /** Non-secret progress of a secure entry (dot count only). */
  secureEntry: { active: boolean; digitCount: number } | null;
  lastError: { key: string; params?: Record<string, string> } | null;
}

/** Receives keypad digits from the caller. Digits never go to React state, logs or the DOM. */
export interface SecureEntryConsumer {
  onDigit(digit: string): void;
}

/**
 * How the call shows a number it dials: the Art. 14 call-back dials the reserved mobile in full but
 * shows, reports and keeps in the history only the masked form (Art. 11).
 */
export interface DialOptions {
  display?: string;
}

/** Who calls on the training line, and whose word the caller ID rests on. */
export interface TrainingSetup {
  callerNumber: string;
  displayName: string;
  /** 'pai': the training exchange asserts the identity (trusted); 'from': the caller's From. */
  callerIdSource: 'pai' | 'from';
}

/** Who ended a training call: the agent (hang-up, reject), the customer, or a live call. */
export type TrainingEndedBy = 'agent' | 'customer' | 'live-call';

/** The simulated customer's end of a training call (renderer/phone/training/customer.ts). */
export interface TrainingCustomerLeg {
  /** Plays an audio file as the customer's voice; resolves once played (or the call ended). */
  say(url: string): Promise<void>;
  /** Keys digits as SIP INFO application/dtmf-relay, one per digit, with a human gap. */
  key(digits: string): Promise<void>;
  hangup(): Promise<void>;
  /** Called once when the call ends (at once, asynchronously, if it already has). */
  onEnded(cb: (by: TrainingEndedBy) => void): void;
  /** RTP packets of the customer's peer connection (getStats), to and from the agent. */
  stats(): Promise<{ sent: number; received: number }>;
}

export interface Phone {
  readonly store: Store<PhoneState, unknown>;
  start(config: PhoneConfig): Promise<void>;
  stop(): Promise<void>;
  /**
   * Before an update's restart: from now on an INVITE gets 480 Temporarily Unavailable (the ACD
   * routes it elsewhere); then, if no call rings or is up, stops (unregisters) and resolves true.
   * With a call on the line it takes calls again and resolves false: no call is cut for an update.
   */
  stopTakingCalls(): Promise<boolean>;
  dial(target: string, options?: DialOptions): Promise<void>;
  answer(): Promise<void>;
  reject(): Promise<void>;
  hangup(): Promise<void>;
  hold(on: boolean): Promise<void>;
  mute(on: boolean): void;
  sendDtmf(tone: string): Promise<void>;
  blindTransfer(target: string): Promise<void>;
  startConsult(target: string): Promise<void>;
  completeAttendedTransfer(): Promise<void>;
  cancelConsult(): Promise<void>;
  setAgentState(state: AgentStateName, reason?: NotReadyReason): void;
  selectDevice(kind: 'microphone' | 'speaker' | 'ringer', deviceId: string): Promise<void>;
  /** Keypad digits (SIP INFO) go to this consumer until released. */
  attachSecureEntry(consumer: SecureEntryConsumer): () => void;
  /** Called on `online` and on OS resume: re-register now, reset backoff. */
  nudge(reason: 'online' | 'resume'): void;
  /**
   * Starts the training line if needed and has a simulated customer call the agent (answered as
   * any call: answer()). Rejects (with lastError set) while another call is in progress.
   */
  startTraining(setup: TrainingSetup): Promise<TrainingCustomerLeg>;
  /** Ends the training line: any training call, the customer and the training user agent. */
  stopTraining(): Promise<void>;
}
