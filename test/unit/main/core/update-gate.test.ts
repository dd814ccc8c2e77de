// The update gate, every input on its own and together: an update installs only with no call up,
// the journal safe on disk with no batch in flight, and no training assessment running.
import { describe, expect, it } from 'vitest';
import { updateGate, type GateInputs } from '../../../../main/core/update-gate.js';

const idle: GateInputs = {
  callUp: false,
  appendsInFlight: 0,
  syncSending: false,
  trainingRunning: false,
};

describe('the update gate', () => {
  it('is open when the desk is idle', () => {
    expect(updateGate(idle)).toEqual({ mayInstall: true, blockers: [] });
  });

  it('a call up blocks it; the call ends, it opens', () => {
    expect(updateGate({ ...idle, callUp: true })).toEqual({
      mayInstall: false,
      blockers: ['call-up'],
    });
    expect(updateGate({ ...idle, callUp: false }).mayInstall).toBe(true);
  });

  it('a journal entry not yet durable blocks it; so does a batch in flight to the archive', () => {
    expect(updateGate({ ...idle, appendsInFlight: 1 })).toEqual({
      mayInstall: false,
      blockers: ['journal-writing'],
    });
    expect(updateGate({ ...idle, syncSending: true })).toEqual({
      mayInstall: false,
      blockers: ['sync-in-flight'],
    });
  });

  it('a training assessment running blocks it', () => {
    expect(updateGate({ ...idle, trainingRunning: true })).toEqual({
      mayInstall: false,
      blockers: ['training-running'],
    });
  });

  it('names every reason that holds, call first', () => {
    expect(
      updateGate({ callUp: true, appendsInFlight: 2, syncSending: true, trainingRunning: true }),
    ).toEqual({
      mayInstall: false,
      blockers: ['call-up', 'journal-writing', 'sync-in-flight', 'training-running'],
    });
  });
});
