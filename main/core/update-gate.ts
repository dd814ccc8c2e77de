// The update gate: a pure function from what the desk is doing to whether a downloaded update may
// be installed now, and why not. A restart must never cut a call, lose a journal entry that is not
// yet on disk, orphan a batch the archive may have applied (Art. 11, 12), or end a training
// assessment before it is scored (Art. 9). The journal need not be empty: a backlog durably on
// disk is kept through the restart and synced after it.
import type { UpdateBlocker } from '../../common/update.js';

export interface GateInputs {
  /** A call rings or is under way, on the live or the training line. */
  callUp: boolean;
  /** Journal appends not yet durably committed. */
  appendsInFlight: number;
  /** A sync batch was sent and its answer not yet recorded. */
  syncSending: boolean;
  /** A training call is up or its result is still being scored. */
  trainingRunning: boolean;
}

export interface GateDecision {
  mayInstall: boolean;
  /** Every reason that holds, in a fixed order (the status bar names the first). */
  blockers: UpdateBlocker[];
}

export function updateGate(inputs: GateInputs): GateDecision {
  const blockers: UpdateBlocker[] = [];
  if (inputs.callUp) blockers.push('call-up');
  if (inputs.appendsInFlight > 0) blockers.push('journal-writing');
  if (inputs.syncSending) blockers.push('sync-in-flight');
  if (inputs.trainingRunning) blockers.push('training-running');
  return { mayInstall: blockers.length === 0, blockers };
}
