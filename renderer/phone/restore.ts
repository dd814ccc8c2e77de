// Live calls survive a reconnect: when the transport drops, the call's legs show reconnecting;
// once registered again, each is re-INVITEd with an ICE restart so media finds its way over
// whatever path exists now, retried with jitter until it works or the call ends.
// It never re-INVITEs before the registration is back, nor while another re-INVITE is in flight.
import { SessionState, type Web } from 'sip.js';
import { fullJitterDelay, RECONNECT_BACKOFF } from '../../common/backoff.js';
import { legsOf, type CallContext, type Leg } from './call-context.js';
import type { EngineContext } from './engine-context.js';
import { applyTracks, reinviteReady, SDP_MODIFIERS, setReinviteHold } from './sip-session.js';

export interface Restore {
  /** The transport dropped: the call's legs are reconnecting; restore them once registered. */
  transportLost(): void;
  /** Registered again: restore the call's media if the transport dropped meanwhile. */
  registered(): void;
  /** Forget any planned restore of this leg (it ended, or the transport dropped again). */
  cancel(leg: Leg): void;
  reset(): void;
}

export interface RestoreDeps {
  current(): CallContext | null;
  connected(): boolean;
  publish(): void;
}

export function createRestore(ctx: EngineContext, deps: RestoreDeps): Restore {
  let pending = false;
  /** Per leg: failed tries so far and the planned retry. */
  const tries = new WeakMap<Leg, { attempt: number; timer: unknown }>();
  const triesOf = (leg: Leg) => {
    let entry = tries.get(leg);
    if (!entry) tries.set(leg, (entry = { attempt: 0, timer: null }));
    return entry;
  };

  function cancel(leg: Leg) {
    const entry = tries.get(leg);
    if (!entry) return;
    if (entry.timer !== null) ctx.timers.clearTimeout(entry.timer);
    entry.timer = null;
  }

  function restored(call: CallContext, leg: Leg) {
    if (leg.phase === 'reconnecting') leg.phase = leg === call && call.held ? 'held' : 'connected';
    if (leg === call) applyTracks(call);
    deps.publish();
    if (leg === call) ctx.report({ type: 'call-media-restored', callId: call.id });
  }

  /** Re-INVITE with an ICE restart, so media finds its way again over whatever path exists now. */
  function restoreLeg(call: CallContext, leg: Leg) {
    cancel(leg);
    if (call.ended || leg.session.state !== SessionState.Established || !deps.connected()) return;
    const hold = leg === call ? call.held : false;
    const entry = triesOf(leg);
    const retry = () => {
      if (call.ended || leg.session.state !== SessionState.Established) return;
      setReinviteHold(leg.session, hold);
      // Jittered like the reconnects, but the window stops growing at 4 s: a call without audio
      // cannot wait half a minute.
      const delay = fullJitterDelay(Math.min(entry.attempt, 2), RECONNECT_BACKOFF, ctx.random);
      entry.attempt += 1;
      entry.timer = ctx.timers.setTimeout(() => {
        entry.timer = null;
        restoreLeg(call, leg);
      }, delay);
    };
    // A re-INVITE (ours or theirs) still in flight: try again shortly.
    if (!reinviteReady(leg.session)) return retry();
    const options: Web.SessionDescriptionHandlerOptions = {
      hold,
      offerOptions: { iceRestart: true },
    };
    leg.session
      .invite({
        sessionDescriptionHandlerOptions: options,
        sessionDescriptionHandlerModifiers: SDP_MODIFIERS,
        requestDelegate: {
          onAccept: () => {
            // Back to plain re-INVITE options: a lingering iceRestart would make every later
            // answer wait for a new gathering round.
            setReinviteHold(leg.session, hold);
            entry.attempt = 0;
            if (!call.ended) restored(call, leg);
          },
          onReject: () => retry(),
        },
      })
      .catch(() => retry());
  }

  return {
    transportLost() {
      const call = deps.current();
      if (!call || call.ended) return;
      pending = true;
      for (const leg of legsOf(call)) {
        cancel(leg);
        if (leg.session.state === SessionState.Established && leg.phase !== 'reconnecting')
          leg.phase = 'reconnecting';
      }
      deps.publish();
    },
    registered() {
      if (!pending) return;
      pending = false;
      const call = deps.current();
      if (!call || call.ended) return;
      for (const leg of legsOf(call)) restoreLeg(call, leg);
    },
    cancel,
    reset() {
      pending = false;
    },
  };
}
