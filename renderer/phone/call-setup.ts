// How a call starts: an INVITE rings (or is turned away with 486 when the agent is busy or not
// ready, and recorded), the agent answers or rejects it, or the agent dials out. Caller ID comes
// only from common/caller-id.ts's rules; a dialled number goes to the account's own domain only.
// The training line's INVITEs come here too; a live one arriving ends a training call first.
import { Invitation, SessionState, type Inviter, type UserAgent } from 'sip.js';
import { incomingCallDecision } from '../../common/agent-state.js';
import { callerIdFrom } from '../../common/caller-id.js';
import type { PhoneEvent } from '../../common/phone.js';
import type { AgentAvailability } from './agent.js';
import type { AudioDevices } from './audio-devices.js';
import { callRecordOf, lineMark, newCallContext, type CallContext } from './call-context.js';
import type { Calls } from './calls.js';
import { noop, type EngineContext } from './engine-context.js';
import {
  audioOnly,
  BUSY,
  isAlerting,
  newInviter,
  SDP_MODIFIERS,
  sipTarget,
} from './sip-session.js';
import { TRAINING_DOMAIN } from './training/exchange.js';
import type { CallDirection, CallerId, CallLine, CallPhase, DialOptions } from './types.js';
import { proxyHost } from './user-agent.js';

export interface CallSetupDeps {
  calls: Pick<Calls, 'current' | 'adopt' | 'publish'>;
  /** ctx.report in the next task, after the UI's commit; in order with every report (engine.ts). */
  reportAfterCommit(event: PhoneEvent): void;
  audio: Pick<AudioDevices, 'ring' | 'stopRinging'>;
  agent: Pick<AgentAvailability, 'state' | 'declined'>;
  userAgent(): UserAgent | null;
  stopping(): boolean;
  /** The training line is going away: its INVITEs are turned away (default: never). */
  trainingStopping?(): boolean;
  /** A live call is arriving: end this training call (its customer hears `live-call`). */
  yieldTraining?(call: CallContext): void;
}

export interface CallSetup {
  /** An INVITE on the live line (default) or the training line. */
  incoming(invitation: Invitation, line?: CallLine): void;
  dial(target: string, options?: DialOptions): Promise<void>;
  answer(): Promise<void>;
  reject(): Promise<void>;
}

export function createCallSetup(ctx: EngineContext, deps: CallSetupDeps): CallSetup {
  const { calls } = deps;
  const newCall = (
    session: Inviter | Invitation,
    direction: CallDirection,
    remote: CallerId,
    phase: CallPhase,
    line: CallLine = 'live',
  ) =>
    newCallContext({
      id: ctx.uuid(),
      session,
      direction,
      remote,
      phase,
      startedAt: ctx.now(),
      line,
    });

  /** Turned away with 486: kept in the history; a not-ready agent's count goes up. */
  function decline(
    invitation: Invitation,
    remote: CallerId,
    decision: 'busy' | 'not-ready',
    line: CallLine,
  ) {
    void invitation.reject({ statusCode: BUSY }).catch(noop);
    const declined = newCall(invitation, 'inbound', remote, 'ended', line);
    declined.ended = true;
    const record = callRecordOf(
      declined,
      decision === 'not-ready' ? 'declined-not-ready' : 'missed',
      declined.startedAt,
    );
    if (decision === 'not-ready') {
      deps.agent.declined();
      ctx.report({ type: 'call-declined-not-ready', number: remote.number });
    }
    ctx.dispatch({ type: 'history-recorded', record });
    ctx.report({ type: 'call-ended', record, ...lineMark(declined) });
  }

  /** The current call if it is an unanswered incoming one; else an error for the agent. */
  function ringing(): (CallContext & { session: Invitation }) | null {
    const call = calls.current();
    if (call && call.session instanceof Invitation && call.session.state === SessionState.Initial) {
      return call as CallContext & { session: Invitation };
    }
    ctx.fail('no-call');
    return null;
  }

  return {
    incoming(invitation, line = 'live') {
      const training = line === 'training';
      if (training ? deps.trainingStopping?.() : deps.stopping()) {
        void invitation.reject({ statusCode: 480 }).catch(noop);
        return;
      }
      const remote = callerOf(ctx, invitation, line);
      // A live call takes precedence over practice: never turned away for a training call.
      const current = calls.current();
      if (!training && current?.line === 'training') deps.yieldTraining?.(current);
      const busy = calls.current() !== null;
      // The agent asked for the training call: only a call in progress stops it ringing.
      const decision = training
        ? busy
          ? 'busy'
          : null
        : incomingCallDecision(deps.agent.state(), busy);
      if (decision) return decline(invitation, remote, decision, line);
      const call = newCall(invitation, 'inbound', remote, 'ringing', line);
      // The caller ID first: the store's change renders in this task's microtask; the report's
      // bridge round trip and the ring (AudioDevices.ring) follow in the next task.
      calls.adopt(call);
      const { number, displayName: name, source: callerIdSource } = remote;
      deps.reportAfterCommit({
        type: 'call-started',
        callId: call.id,
        direction: 'inbound',
        number,
        name,
        callerIdSource,
        ...lineMark(call),
      });
      deps.audio.ring();
    },

    async dial(input, options) {
      const account = ctx.config()?.account;
      const ua = deps.userAgent();
      if (!account || !ua) return ctx.fail('no-account');
      if (calls.current()) return ctx.fail('busy');
      const target = sipTarget(input, account.domain);
      if (!target) return ctx.fail('bad-target');
      if (!ua.isConnected()) return ctx.fail('not-connected');
      const inviter = newInviter(ua, target.uri);
      // What the screen, the report and the history get: the masked form for a call-back.
      const shown = options?.display ?? target.number;
      const remote: CallerId = { number: shown, displayName: null, source: 'from' };
      const call = newCall(inviter, 'outbound', remote, 'dialing');
      calls.adopt(call);
      const started = {
        callId: call.id,
        number: shown,
        name: null,
        callerIdSource: 'from',
      } as const;
      ctx.report({ type: 'call-started', direction: 'outbound', ...started });
      await inviter
        .invite({
          requestDelegate: {
            onProgress: (response) => {
              if (!isAlerting(response.message.statusCode) || call.phase !== 'dialing') return;
              call.phase = 'alerting';
              calls.publish();
            },
            onReject: (response) => {
              call.failure = String(response.message.statusCode ?? 0);
            },
          },
        })
        .catch(() => {
          call.failure ??= 'local';
        });
    },

    async answer() {
      const call = ringing();
      if (!call) return;
      deps.audio.stopRinging();
      call.session.sessionDescriptionHandlerModifiersReInvite = SDP_MODIFIERS;
      await call.session
        .accept({
          sessionDescriptionHandlerOptions: audioOnly(),
          sessionDescriptionHandlerModifiers: SDP_MODIFIERS,
        })
        .catch(() => ctx.fail('answer-failed'));
    },

    async reject() {
      const call = ringing();
      if (!call) return;
      call.rejectedByUs = true;
      deps.audio.stopRinging();
      await call.session.reject({ statusCode: BUSY });
    },
  };
}

/**
 * The live line trusts P-Asserted-Identity only from its trusted proxies; the training line
 * only from the training exchange, which replaced whatever the simulated caller sent.
 */
function callerOf(ctx: EngineContext, invitation: Invitation, line: CallLine): CallerId {
  const config = ctx.config();
  const training = line === 'training';
  return callerIdFrom({
    paiHeader: invitation.request.getHeaders('P-Asserted-Identity').join(', ') || undefined,
    paiSourceHost: training ? TRAINING_DOMAIN : proxyHost(config?.account?.wsUrl),
    trustedProxies: training ? [TRAINING_DOMAIN] : (config?.trustedProxies ?? []),
    fromDisplayName: invitation.remoteIdentity.displayName,
    fromUri: invitation.remoteIdentity.uri.toString(),
  });
}
