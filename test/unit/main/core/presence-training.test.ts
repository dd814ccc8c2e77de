// The floor shows live work only: a training-line call (its reports marked `training: true`)
// leaves the desk's presence as it was — ready stays ready, never ringing or on a call.
import { describe, expect, it, vi } from 'vitest';
import type { PhoneEvent } from '../../../../common/phone.js';
import { createPresenceReporter } from '../../../../main/core/presence.js';
import { recordingLogger } from '../../../support/fakes.js';
import { manualTimers } from '../../../support/manual-timers.js';

const CALL = '00000000-0000-4000-8000-000000000001';
const started: PhoneEvent = {
  type: 'call-started',
  callId: CALL,
  direction: 'inbound',
  number: '17000000101',
  name: null,
  callerIdSource: 'pai',
};

function reporter() {
  const clock = manualTimers();
  const reportDeskState = vi.fn(async () => ({}) as never);
  const presence = createPresenceReporter({
    records: { reportDeskState },
    deviceId: 'desk-1',
    logger: recordingLogger(),
    session: () => ({ token: 't' }),
    connectivity: () => ({ state: 'online', backlog: 0 }) as never,
    callView: () => null,
    now: () => new Date('2026-12-06T08:00:00.000Z'),
    timers: clock.timers,
  });
  presence.signedIn();
  return presence;
}

describe('presence and the training line', () => {
  it('a training call leaves the desk ready; the same call live shows ringing, then on a call', () => {
    const training = reporter();
    training.phoneEvent({ ...started, training: true });
    training.phoneEvent({ type: 'call-answered', callId: CALL, training: true });
    expect(training.current()).toMatchObject({ state: 'ready', call: null });

    const live = reporter();
    live.phoneEvent(started);
    expect(live.current()).toMatchObject({ state: 'ringing', call: { callId: CALL } });
    live.phoneEvent({ type: 'call-answered', callId: CALL });
    expect(live.current()?.state).toBe('on-call');
  });
});
