// The call in progress (one at a time): it becomes the current call when it rings or is dialled,
// is published to the UI as it changes, and is held, muted and hung up here. When it ends, its
// record goes to the history and to main, and nothing of it lingers: no ringing, no audio, no
// secure-entry consumer left to receive the next caller's digits.
import { SessionState, type Info, type Web } from 'sip.js';
import {
  activeCallView,
  callRecordOf,
  legsOf,
  lineMark,
  outcomeOf,
  type CallContext,
  type Leg,
} from './call-context.js';
import { noop, type EngineContext } from './engine-context.js';
import type { AudioDevices } from './audio-devices.js';
import type { AgentAvailability } from './agent.js';
import type { SecureEntry } from './secure-entry.js';
import {
  applyTracks,
  endSession,
  SDP_MODIFIERS,
  sdhOf,
  setReinviteHold,
  whenReinviteReady,
} from './sip-session.js';

export interface CallsDeps {
  audio: Pick<AudioDevices, 'play' | 'stopRinging' | 'switchMicrophone'>;
  agent: Pick<AgentAvailability, 'callEnded'>;
  secureEntry: Pick<SecureEntry, 'releaseAll'>;
  connected(): boolean;
  receiveInfo(info: Info, fromCustomer: boolean): void;
  /** The leg's media handler exists: read keypad digits in its media (call-digits.ts). */
  mediaReady(leg: Leg, customer: boolean): void;
  mediaEnded(leg: Leg): void;
  startQuality(): void;
  stopQuality(): void;
  cancelRestore(leg: Leg): void;
}

export interface Calls {
  current(): CallContext | null;
  /** The current call, if it is established; else an error for the agent and null. */
  established(): CallContext | null;
  /** Show the current call's latest state. */
  publish(): void;
  /** A call that rings or is being dialled becomes the current one. */
  adopt(call: CallContext): void;
  end(call: CallContext): void;
  /** Play this leg's remote audio (the consult call's while consulting); null: silence. */
  playLeg(leg: Leg | null): void;
  /** Hold or resume by re-INVITE; false (with an error shown) when it did not happen. */
  holdCall(call: CallContext, on: boolean): Promise<boolean>;
  hold(on: boolean): Promise<void>;
  mute(on: boolean): void;
  hangup(): Promise<void>;
  microphoneFellBack(): void;
  microphoneChosen(): Promise<void>;
}

/** Hold or resume by re-INVITE, once the dialog allows one; false (and an error) if refused. */
async function holdCall(
  ctx: EngineContext,
  c: CallContext,
  on: boolean,
  publish: () => void,
): Promise<boolean> {
  if (c.held === on) return true;
  if (!(await whenReinviteReady(c.session, ctx.now, ctx.timers))) {
    ctx.fail('hold-failed');
    return false;
  }
  return new Promise<boolean>((resolve) => {
    const failed = () => {
      // sip.js keeps the options for answering the far end's re-INVITEs: not on hold after all.
      setReinviteHold(c.session, c.held);
      ctx.fail('hold-failed');
      resolve(false);
    };
    const accepted = () => {
      c.held = on;
      if (c.phase === 'connected' || c.phase === 'held') c.phase = on ? 'held' : 'connected';
      applyTracks(c);
      publish();
      ctx.report({ type: 'call-held', callId: c.id, held: on, ...lineMark(c) });
      resolve(true);
    };
    c.session
      .invite({
        sessionDescriptionHandlerOptions: { hold: on } as Web.SessionDescriptionHandlerOptions,
        sessionDescriptionHandlerModifiers: SDP_MODIFIERS,
        requestDelegate: { onAccept: accepted, onReject: failed },
      })
      .catch(failed);
  });
}

export function createCalls(ctx: EngineContext, deps: CallsDeps): Calls {
  let call: CallContext | null = null;

  function publish() {
    if (call && !call.ended) ctx.dispatch({ type: 'call', call: activeCallView(call) });
  }

  function playLeg(leg: Leg | null) {
    deps.audio.play(leg ? sdhOf(leg.session)?.remoteMediaStream : undefined);
  }

  function established(): CallContext | null {
    if (!call || call.ended || call.session.state !== SessionState.Established) {
      ctx.fail('no-call');
      return null;
    }
    return call;
  }

  function onEstablished(c: CallContext) {
    if (c.ended) return;
    c.answeredAt ??= ctx.now();
    c.phase = 'connected';
    deps.audio.stopRinging();
    if (!c.consult) playLeg(c);
    applyTracks(c);
    deps.startQuality();
    publish();
    ctx.report({ type: 'call-answered', callId: c.id, ...lineMark(c) });
  }

  function end(c: CallContext) {
    if (c.ended) return;
    c.ended = true;
    const endedAt = ctx.now();
    for (const leg of legsOf(c)) {
      deps.cancelRestore(leg);
      deps.mediaEnded(leg);
    }
    if (c.transfer) ctx.timers.clearTimeout(c.transfer.timer);
    const consult = c.consult;
    c.consult = null;
    if (consult) void endSession(consult.session).catch(noop);
    if (call === c) {
      call = null;
      deps.stopQuality();
      deps.audio.stopRinging();
      playLeg(null);
      // Digits belong to a call: a consumer left attached must not receive the next caller's.
      deps.secureEntry.releaseAll();
    }
    const failedOut = c.direction === 'outbound' && c.answeredAt === null && !c.cancelledByUs;
    if (failedOut && c.failure) ctx.fail('call-failed', { status: c.failure });
    const record = callRecordOf(c, outcomeOf(c), endedAt);
    ctx.dispatch({ type: 'call-ended', callId: c.id, record });
    ctx.report({ type: 'call-ended', record, ...lineMark(c) });
    // Practice is not live work: no wrap-up after a training call.
    if (c.line === 'live') deps.agent.callEnded(c.answeredAt !== null, endedAt);
  }

  function adopt(c: CallContext) {
    call = c;
    c.session.delegate = {
      onInfo: (info) => deps.receiveInfo(info, call === c),
      onSessionDescriptionHandler: () => deps.mediaReady(c, true),
    };
    c.session.stateChange.addListener((state) => {
      if (state === SessionState.Established) onEstablished(c);
      else if (state === SessionState.Terminated) end(c);
    });
    publish();
  }

  return {
    current: () => call,
    established,
    publish,
    adopt,
    end,
    playLeg,
    holdCall: (c, on) => holdCall(ctx, c, on, publish),
    async hold(on) {
      const c = established();
      if (!c) return;
      if (c.phase !== 'connected' && c.phase !== 'held') return ctx.fail('hold-failed');
      await holdCall(ctx, c, on, publish);
    },
    mute(on) {
      if (!call || call.ended) return;
      call.muted = on;
      applyTracks(call);
      publish();
    },
    async hangup() {
      const c = call;
      if (!c || c.ended) return ctx.fail('no-call');
      const consult = c.consult;
      if (consult) {
        c.consult = null;
        await endSession(consult.session).catch(noop);
      }
      await endSession(c.session, c);
      // Without a connection no final answer will come (CANCEL, reject): the call ends here.
      if (c.session.state === SessionState.Terminated || !deps.connected()) end(c);
    },
    microphoneFellBack() {
      const c = call;
      if (!c || c.ended) return;
      for (const leg of legsOf(c)) {
        if (leg.session.state !== SessionState.Established) continue;
        // The consulted party keeps hearing the agent while the customer is held.
        const enabled = leg === c ? !c.held && !c.muted : !c.muted;
        void deps.audio
          .switchMicrophone(leg.session, enabled)
          .catch(() => ctx.fail('microphone-failed'));
      }
    },
    async microphoneChosen() {
      const c = call;
      if (!c || c.ended) return;
      for (const leg of legsOf(c)) {
        if (leg.session.state !== SessionState.Established) continue;
        await deps.audio.switchMicrophone(leg.session, !c.held && !c.muted);
      }
    },
  };
}
