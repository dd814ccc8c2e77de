// Helpers over one sip.js session (sip-session.ts), on the fake sip.js: when a re-INVITE may go,
// how a session is ended in each phase, which tracks are silent, what a dial target becomes.
import { describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../../renderer/phone/call-context.js';
import { globalEngineTimers } from '../../../../renderer/phone/engine-context.js';
import {
  applyTracks,
  endSession,
  isAlerting,
  reinviteReady,
  sipTarget,
  whenReinviteReady,
} from '../../../../renderer/phone/sip-session.js';
import * as sip from './fake-sip.js';
import { useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

const ua = () =>
  new sip.UserAgent({ uri: new sip.FakeURI('sip:agent01@127.0.0.1'), delegate: {} as never });
const established = () => {
  const session = new sip.Invitation(ua(), { displayName: 'Customer', uri: 'sip:1001@127.0.0.1' });
  session.transition(sip.SessionState.Established);
  return session;
};
const asSession = (session: sip.Session) => session as never;

describe('reinviteReady', () => {
  it('only for an established, confirmed, stable dialog with no INVITE in flight', () => {
    const session = established();
    expect(reinviteReady(asSession(session))).toBe(true);
    session.dialog!.sessionState = 'AckWait';
    expect(reinviteReady(asSession(session))).toBe(false);
    session.dialog!.sessionState = 'Confirmed';
    session.dialog!.reinviteUserAgentServer = {};
    expect(reinviteReady(asSession(session))).toBe(false);
    delete session.dialog!.reinviteUserAgentServer;
    session.sessionDescriptionHandler!.peerConnection.signalingState = 'have-local-offer';
    expect(reinviteReady(asSession(session))).toBe(false);
    const ringing = new sip.Invitation(ua(), { displayName: '', uri: 'sip:1002@127.0.0.1' });
    expect(reinviteReady(asSession(ringing))).toBe(false);
  });

  it('whenReinviteReady waits for the dialog, and gives up after the timeout', async () => {
    const session = established();
    session.dialog!.sessionState = 'AckWait';
    const ready = whenReinviteReady(asSession(session), () => Date.now(), globalEngineTimers);
    await vi.advanceTimersByTimeAsync(100);
    session.dialog!.sessionState = 'Confirmed';
    await vi.advanceTimersByTimeAsync(50);
    await expect(ready).resolves.toBe(true);
    session.dialog!.sessionState = 'AckWait';
    const never = whenReinviteReady(
      asSession(session),
      () => Date.now(),
      globalEngineTimers,
      1_000,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(never).resolves.toBe(false);
  });
});

describe('endSession', () => {
  it('cancels our unanswered call, rejects theirs with 486, says BYE to an established one', async () => {
    const marks = { cancelledByUs: false, rejectedByUs: false };
    const inviter = new sip.Inviter(ua(), new sip.FakeURI('sip:1002@127.0.0.1'), {});
    inviter.transition(sip.SessionState.Establishing);
    await endSession(asSession(inviter), marks);
    expect([inviter.cancelled, marks.cancelledByUs]).toEqual([true, true]);
    const invitation = new sip.Invitation(ua(), { displayName: '', uri: 'sip:1001@127.0.0.1' });
    await endSession(asSession(invitation), marks);
    expect([invitation.rejectedWith, marks.rejectedByUs]).toEqual([486, true]);
    const talking = established();
    await endSession(asSession(talking));
    expect(talking.byes).toBe(1);
    await endSession(asSession(talking));
    expect(talking.byes).toBe(1);
  });
});

describe('applyTracks', () => {
  it('a held customer hears and is sent nothing; the consulted party still hears the agent', () => {
    const customer = established();
    const consult = established();
    const call = {
      session: customer,
      held: true,
      muted: false,
      consult: { session: consult },
    } as unknown as CallContext;
    applyTracks(call);
    const pc = customer.sessionDescriptionHandler!.peerConnection;
    expect([pc.senders[0]!.track!.enabled, pc.receivers[0]!.track.enabled]).toEqual([false, false]);
    const other = consult.sessionDescriptionHandler!.peerConnection;
    expect([other.senders[0]!.track!.enabled, other.receivers[0]!.track.enabled]).toEqual([
      true,
      true,
    ]);
    call.muted = true;
    applyTracks(call);
    expect([other.senders[0]!.track!.enabled, other.receivers[0]!.track.enabled]).toEqual([
      false,
      true,
    ]);
  });
});

describe('sipTarget and isAlerting', () => {
  it('dials on the account domain whatever host a link names; nothing for what is not a number', () => {
    const target = sipTarget('sip:2001@evil.example;transport=ws', 'pbx.bank.example');
    expect([String(target?.uri), target?.number]).toEqual(['sip:2001@pbx.bank.example', '2001']);
    expect(sipTarget('javascript:alert(1)', 'pbx.bank.example')).toBeNull();
  });

  it('180 and 183 mean the far end is alerting', () => {
    expect([180, 183, 100, 200, undefined].map(isAlerting)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
