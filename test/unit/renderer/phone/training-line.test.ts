// The training line inside the engine (engine.ts + training/line.ts + call-setup.ts), on the fake
// sip.js with the real sip.js core beside it: a training INVITE rings through the same call setup
// with the exchange's caller ID, its reports are marked, it never puts the agent in wrap-up, and a
// live INVITE ends it (the customer hears `live-call`) and rings instead of getting 486.
import { describe, expect, it, vi } from 'vitest';
import type { TrainingEndedBy } from '../../../../renderer/phone/types.js';
import * as sip from './fake-sip.js';
import { flush, inCall, registered, useFakeClock, type Harness } from './phone-harness.js';

vi.mock('sip.js', async () => ({
  ...(await vi.importActual<object>('sip.js')),
  ...(await import('./fake-sip.js')),
}));

useFakeClock();

const AGENT = 'sip:agent@training.invalid';

/** The live line's user agent: the first one made (the training line's come after). */
const liveUa = () => sip.UserAgent.instances[0]!;

/** A live caller, through a trusted proxy. */
function ringLive() {
  const invitation = new sip.Invitation(liveUa(), {
    displayName: 'Customer',
    uri: 'sip:1001@127.0.0.1',
    pai: ['"Zhang Wei" <sip:1001@127.0.0.1>'],
  });
  liveUa().options.delegate.onInvite(invitation);
  return invitation;
}

/** Starts the training line, registers it, and rings the desk with the customer's INVITE. */
async function trainingCall(h: Harness) {
  const started = h.phone.startTraining({
    callerNumber: '17000000101',
    displayName: 'Wang Fang',
    callerIdSource: 'pai',
  });
  await flush();
  const desk = sip.UserAgent.instances.find((ua) => ua.options.uri.toString() === AGENT)!;
  expect(desk).toBeDefined();
  sip.Registerer.instances.find((r) => r.ua === desk)!.accept();
  await flush();
  const leg = await started;
  const customer = sip.Inviter.instances.at(-1)!;
  expect(customer.target.toString()).toBe(AGENT);
  const invitation = new sip.Invitation(desk, {
    displayName: 'Wang Fang',
    uri: 'sip:17000000101@training.invalid',
    pai: ['"Wang Fang" <sip:17000000101@training.invalid>'],
  });
  desk.options.delegate.onInvite(invitation);
  const ended: TrainingEndedBy[] = [];
  leg.onEnded((by) => ended.push(by));
  return { leg, desk, customer, invitation, ended };
}

describe('the training line', () => {
  it('rings with the exchange’s caller ID even when not ready, marked in every report', async () => {
    const h = await registered();
    h.phone.setAgentState('not-ready', 'training');
    const { invitation } = await trainingCall(h);
    expect(invitation.rejectedWith).toBeNull();
    expect(h.state().call).toMatchObject({
      line: 'training',
      phase: 'ringing',
      remote: { number: '17000000101', displayName: 'Wang Fang', source: 'pai' },
    });
    vi.advanceTimersByTime(0);
    expect(h.ringer.start).toHaveBeenCalled();
    await h.phone.answer();
    await flush();
    expect(h.state().call?.phase).toBe('connected');
    await h.phone.hangup();
    await flush();
    const calls = h.events.filter((e) => e.type.startsWith('call-'));
    expect(calls.map((e) => e.type)).toEqual(['call-started', 'call-answered', 'call-ended']);
    for (const event of calls) expect(event).toMatchObject({ training: true });
    expect(h.state().history[0]).toMatchObject({ training: true, outcome: 'answered' });
  });

  it('never puts the agent in wrap-up; a live call afterwards still does', async () => {
    const h = await registered();
    await trainingCall(h);
    await h.phone.answer();
    await flush();
    await h.phone.hangup();
    await flush();
    expect(h.state().agent.state).toBe('ready');
    const live = ringLive();
    await h.phone.answer();
    await flush();
    live.bye();
    await flush();
    expect(h.state().agent.state).toBe('wrap-up');
  });

  it('gives way to a live call: BYE to the customer, who hears live-call; the live call rings', async () => {
    const h = await registered();
    const { invitation, customer, ended } = await trainingCall(h);
    await h.phone.answer();
    await flush();
    const live = ringLive();
    expect(invitation.byes).toBe(1);
    expect(live.rejectedWith).toBeNull();
    expect(h.state().call).toMatchObject({ line: 'live', phase: 'ringing' });
    expect(h.ofType('call-ended')[0]).toMatchObject({ training: true });
    // The exchange carries the BYE to the customer's user agent.
    customer.transition(sip.SessionState.Terminated);
    await flush();
    expect(ended).toEqual(['live-call']);
    await h.phone.answer();
    await flush();
    expect(h.state().call).toMatchObject({ line: 'live', phase: 'connected' });
    expect(h.ofType('call-started').at(-1)).not.toHaveProperty('training');
  });

  it('a ringing training call gives way too (486 to the customer, not to the live caller)', async () => {
    const h = await registered();
    const { invitation } = await trainingCall(h);
    const live = ringLive();
    expect(invitation.rejectedWith).toBe(486);
    expect(live.rejectedWith).toBeNull();
    expect(h.state().call?.line).toBe('live');
  });

  it('does not start over a live call', async () => {
    const h = await inCall();
    const setup = { callerNumber: '1', displayName: 'x', callerIdSource: 'from' } as const;
    await expect(h.phone.startTraining(setup)).rejects.toThrow('busy');
    expect(h.state().lastError).toEqual({ key: 'busy' });
    expect(h.state().call?.line).toBe('live');
  });

  it('a training INVITE during a live call gets 486, recorded and marked', async () => {
    const h = await registered();
    const { desk } = await trainingCall(h);
    ringLive();
    await h.phone.answer();
    await flush();
    const late = new sip.Invitation(desk, { displayName: 'Li', uri: 'sip:2@training.invalid' });
    desk.options.delegate.onInvite(late);
    expect(late.rejectedWith).toBe(486);
    expect(h.state().call).toMatchObject({ line: 'live', phase: 'connected' });
    expect(h.ofType('call-ended').at(-1)).toMatchObject({
      training: true,
      record: { number: '2', outcome: 'missed', training: true },
    });
  });

  it('a training call cannot be transferred', async () => {
    const h = await registered();
    await trainingCall(h);
    await h.phone.answer();
    await flush();
    await h.phone.blindTransfer('2002');
    expect(h.state().lastError).toEqual({ key: 'transfer-failed' });
    expect(h.state().call?.line).toBe('training');
  });

  it('the customer hangs up: the leg says so', async () => {
    const h = await registered();
    const { leg, customer, ended } = await trainingCall(h);
    await leg.hangup();
    expect(customer.cancelled).toBe(true);
    await flush();
    expect(ended).toEqual(['customer']);
  });

  it('stopTraining stops the training user agent and leaves the live line alone', async () => {
    const h = await registered();
    const { desk } = await trainingCall(h);
    await h.phone.stopTraining();
    expect(desk.stopped).toBe(true);
    expect(liveUa().stopped).toBe(false);
    expect(h.state().registration.kind).toBe('registered');
  });
});
