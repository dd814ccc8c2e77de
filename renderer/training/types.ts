// What the training controller needs of the phone engine's training line (renderer/phone/): a
// simulated customer's call that rings on the desk like any other, and the customer's side of it.
export type EndedBy = 'agent' | 'customer' | 'live-call';

export interface TrainingSetup {
  scenarioId: string;
  callerNumber: string;
  callerIdSource: 'pai' | 'from';
  displayName: string | null;
}

/** The simulated customer's end of the call (sip.js over the in-memory exchange). */
export interface CustomerLeg {
  /** Plays a recorded prompt into the call; resolves when it has been played. */
  say(url: string): Promise<void>;
  /** Keys digits on the customer's keypad (SIP INFO). */
  key(digits: string): Promise<void>;
  hangup(): Promise<void>;
  onEnded(listener: (by: EndedBy) => void): void;
}

export interface TrainingPhone {
  startTraining(setup: TrainingSetup): Promise<CustomerLeg>;
}
