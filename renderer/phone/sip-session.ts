// Small stateless helpers over one sip.js Session: its media handler, whether it may re-INVITE
// now, ending it whatever its phase, silencing its tracks, and the options every call uses.
// No call state lives here; RFC 3261 §14.1 and sip-lab.md pitfall 9 are where the rules come from.
import {
  Invitation,
  Inviter,
  SessionState,
  UserAgent,
  Web,
  type Session,
  type SessionDescriptionHandlerModifier,
  type URI,
} from 'sip.js';
import { dialTarget } from '../../common/dial-target.js';
import { dropTelephoneEvent8000 } from '../../common/sip-bodies.js';
import { legsOf, type CallContext } from './call-context.js';
import type { EngineTimers } from './engine-context.js';

/** Hold with this status (a queue may offer the call to another agent; 603 would stop it). */
export const BUSY = 486;

/** Every offer and answer we make: no telephone-event/8000 beside /48000 (pitfall 9). */
export const SDP_MODIFIERS: SessionDescriptionHandlerModifier[] = [
  (description) =>
    Promise.resolve(
      description.sdp
        ? { type: description.type, sdp: dropTelephoneEvent8000(description.sdp) }
        : description,
    ),
];

/** Audio only, for new calls and answers (a fresh object each time: sip.js keeps options). */
export const audioOnly = () => ({ constraints: { audio: true, video: false } });

/** A new outgoing call (or consultation) to `uri`; send its INVITE with invite(). */
export const newInviter = (ua: UserAgent, uri: URI): Inviter =>
  new Inviter(ua, uri, {
    sessionDescriptionHandlerOptions: audioOnly(),
    sessionDescriptionHandlerModifiers: SDP_MODIFIERS,
    sessionDescriptionHandlerModifiersReInvite: SDP_MODIFIERS,
  });

/** What the agent typed, as a URI on the account's domain (common/dial-target.ts); null if none. */
export function sipTarget(target: string, domain: string): { uri: URI; number: string } | null {
  const parsed = dialTarget(target, domain);
  const uri = parsed ? UserAgent.makeURI(parsed.uri) : undefined;
  return parsed && uri ? { uri, number: parsed.number } : null;
}

/** 180 Ringing or 183 Session Progress: the far end is alerting. */
export const isAlerting = (statusCode: number | undefined): boolean =>
  statusCode === 180 || statusCode === 183;

export function sdhOf(session: Session): Web.SessionDescriptionHandler | null {
  const sdh = session.sessionDescriptionHandler;
  return sdh instanceof Web.SessionDescriptionHandler ? sdh : null;
}

/** The options sip.js uses to answer the far end's re-INVITEs. */
export function setReinviteHold(session: Session, hold: boolean): void {
  session.sessionDescriptionHandlerOptionsReInvite = {
    hold,
  } as Web.SessionDescriptionHandlerOptions;
}

/**
 * May this session send a re-INVITE now? Not before the ACK of its 200 (RFC 3261 §14.1: no
 * new INVITE while one is in progress either way), and only from a stable offer/answer state:
 * sip.js creates the local offer before it checks the dialog, and does not roll it back if the
 * dialog then refuses, which leaves the call unable to renegotiate ever again.
 */
export function reinviteReady(session: Session): boolean {
  const dialog = session.dialog;
  if (!dialog || session.state !== SessionState.Established) return false;
  if (String(dialog.sessionState) !== 'Confirmed' || String(dialog.signalingState) !== 'Stable')
    return false;
  // The SessionDialog behind the core Session interface keeps its INVITE transactions here.
  const transactions = dialog as {
    reinviteUserAgentClient?: unknown;
    reinviteUserAgentServer?: unknown;
  };
  if (transactions.reinviteUserAgentClient || transactions.reinviteUserAgentServer) return false;
  const pc = sdhOf(session)?.peerConnection;
  return !pc || pc.signalingState === 'stable';
}

/** Polls reinviteReady every 50 ms; false when the session ends or `timeoutMs` passes first. */
export async function whenReinviteReady(
  session: Session,
  now: () => number,
  timers: EngineTimers,
  timeoutMs = 5_000,
): Promise<boolean> {
  const deadline = now() + timeoutMs;
  while (!reinviteReady(session)) {
    if (session.state === SessionState.Terminated || now() >= deadline) return false;
    await new Promise<void>((resolve) => timers.setTimeout(resolve, 50));
  }
  return true;
}

/** Cancel, reject or BYE, whatever the session's phase; `ctx` learns it was us. */
export async function endSession(
  session: Session,
  ctx?: Pick<CallContext, 'cancelledByUs' | 'rejectedByUs'>,
): Promise<void> {
  switch (session.state) {
    case SessionState.Initial:
    case SessionState.Establishing:
      if (session instanceof Inviter) {
        if (ctx) ctx.cancelledByUs = true;
        await session.cancel();
      } else if (session instanceof Invitation) {
        if (ctx) ctx.rejectedByUs = true;
        await session.reject({ statusCode: BUSY });
      }
      return;
    case SessionState.Established:
      await session.bye();
      return;
    default:
      return;
  }
}

/** Send nothing while held or muted; hear nothing while held. The consult leg is never held. */
export function applyTracks(ctx: CallContext): void {
  for (const leg of legsOf(ctx)) {
    const pc = sdhOf(leg.session)?.peerConnection;
    if (!pc) continue;
    const held = leg === ctx && ctx.held;
    for (const sender of pc.getSenders())
      if (sender.track) sender.track.enabled = !held && !ctx.muted;
    for (const receiver of pc.getReceivers()) if (receiver.track) receiver.track.enabled = !held;
  }
}
