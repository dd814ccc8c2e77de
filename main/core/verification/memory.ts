// What this desk remembers of each verification session during the call — its last view and the
// outcomes in order — for the journal and the wrap-up. Memory only: the records service is the
// authority (Art. 5–8), and nothing the customer states or keys is ever kept here.
import type { BusinessType } from '../../../common/policy.js';
import type { Verification } from '../../../common/records-api.js';
import type { Journal } from '../journal/index.js';

export interface KnownSession {
  callId: string;
  businessType: BusinessType;
  /** `basic:failed`, `basic:passed`, `otp-send:sent`…, in the order they happened on this desk. */
  outcomes: string[];
  last: Verification;
  suspendedJournaled: boolean;
}

export interface SessionMemory {
  /** Records the latest view (and an outcome, if any) of a session; answers what is known. */
  remember(view: Verification, outcome?: string): KnownSession;
  get(sessionId: string): KnownSession | undefined;
  forget(sessionId: string): void;
  clear(): void;
  /** Art. 18: a suspension is journaled once per session, with the reason codes only. */
  noteSuspension(view: Verification, agent: string): Promise<void>;
  /** The newest session of a call this desk knows (the floor's current call), or undefined. */
  ofCall(callId: string): KnownSession | undefined;
}

const MAX_KNOWN_SESSIONS = 200;

/** Only the fields of the contract's Verification (a CheckResponse carries `result` and more). */
function viewOf(response: Verification): Verification {
  const { id, callId, agent, businessType, risk, status, callerNumber, customer, passwordKind } =
    response;
  const { callerIdSource } = response;
  const { steps, nextStep, alternatives, basic, approval, fraud, createdAt, updatedAt } = response;
  return {
    id,
    callId,
    agent,
    businessType,
    risk,
    status,
    callerNumber,
    callerIdSource,
    customer,
    passwordKind,
    steps,
    nextStep,
    alternatives,
    basic,
    approval,
    fraud,
    createdAt,
    updatedAt,
  };
}

export function createSessionMemory(
  journal: Pick<Journal, 'append'>,
  /** Told after every change (the desk's presence report carries the session's step). */
  onChange: () => void = () => undefined,
): SessionMemory {
  const known = new Map<string, KnownSession>();

  function remember(view: Verification, outcome?: string): KnownSession {
    let entry = known.get(view.id);
    if (!entry) {
      entry = {
        callId: view.callId,
        businessType: view.businessType,
        outcomes: [],
        last: view,
        suspendedJournaled: false,
      };
      known.set(view.id, entry);
      if (known.size > MAX_KNOWN_SESSIONS) known.delete(known.keys().next().value!);
    }
    entry.last = viewOf(view);
    entry.businessType = view.businessType;
    if (outcome) entry.outcomes.push(outcome);
    onChange();
    return entry;
  }

  return {
    remember,
    get: (sessionId) => known.get(sessionId),
    forget: (sessionId) => {
      known.delete(sessionId);
      onChange();
    },
    clear: () => known.clear(),
    ofCall(callId) {
      let found: KnownSession | undefined;
      for (const entry of known.values()) if (entry.callId === callId) found = entry;
      return found;
    },
    async noteSuspension(view, agent) {
      const entry = remember(view);
      if (view.status !== 'suspended' || entry.suspendedJournaled) return;
      entry.suspendedJournaled = true;
      await journal.append('verify.suspended', {
        agent,
        callId: view.callId,
        sessionId: view.id,
        reasons: view.fraud?.reasons.join(',') ?? '',
      });
    },
  };
}
