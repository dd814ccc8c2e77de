// Passing the customer on: blind (REFER to a number) or attended (hold the customer, consult the
// colleague on a second call, then REFER with Replaces naming that call). A transfer counts only
// when the far end's NOTIFY says 2xx; otherwise, or with no word in 30 s, the agent gets the
// customer back. It never hangs up on the customer before the transfer is confirmed.
import {
  SessionState,
  type Info,
  type Inviter,
  type Notification,
  type Session,
  type URI,
  type UserAgent,
} from 'sip.js';
import { sipfragStatus } from '../../common/sip-bodies.js';
import type { CallContext, ConsultLeg, Leg } from './call-context.js';
import type { Calls } from './calls.js';
import { noop, type EngineContext } from './engine-context.js';
import { applyTracks, endSession, isAlerting, newInviter, sipTarget } from './sip-session.js';

const TRANSFER_CONFIRM_MS = 30_000;

export interface TransferDeps {
  calls: Pick<Calls, 'current' | 'established' | 'publish' | 'playLeg' | 'holdCall'>;
  userAgent(): UserAgent | null;
  /** An INFO on the consultation: never the customer's keypad. */
  receiveInfo(info: Info): void;
  cancelRestore(leg: Leg): void;
  /** The consultation's media: frames passed on, its keys never read (call-digits.ts). */
  mediaReady(leg: Leg, customer: false): void;
  mediaEnded(leg: Leg): void;
}

export interface Transfer {
  blind(target: string): Promise<void>;
  startConsult(target: string): Promise<void>;
  completeAttended(): Promise<void>;
  cancelConsult(): Promise<void>;
}

type Outcome = 'ok' | 'failed' | 'unconfirmed';

/** How a REFER ended: the call is handed over and ends, or it comes back with the reason. */
function finishTransfer(
  ctx: EngineContext,
  calls: TransferDeps['calls'],
  result: {
    call: CallContext;
    kind: 'blind' | 'attended';
    number: string;
    status: number | null;
    why: Outcome;
  },
) {
  const { call, kind, number, status, why } = result;
  if (why === 'ok') {
    call.outcome = 'transferred';
    ctx.report({ type: 'call-transferred', callId: call.id, kind, target: number });
    const consult = call.consult;
    call.consult = null;
    if (consult) void endSession(consult.session).catch(noop);
    void endSession(call.session, call).catch(noop);
    return;
  }
  call.transfer = null;
  call.phase = call.held ? 'held' : 'connected';
  calls.publish();
  if (why === 'unconfirmed') ctx.fail('transfer-unconfirmed');
  else ctx.fail('transfer-failed', status === null ? undefined : { status: String(status) });
}

export function createTransfer(ctx: EngineContext, deps: TransferDeps): Transfer {
  const { calls } = deps;
  const target = (input: string) => {
    const account = ctx.config()?.account;
    return account ? sipTarget(input, account.domain) : null;
  };
  const busy = (call: CallContext) =>
    call.phase === 'transferring' || call.phase === 'reconnecting';

  /** REFER, then wait for the NOTIFY that says how it went; resolves either way. */
  function refer(
    call: CallContext,
    kind: 'blind' | 'attended',
    to: URI | Session,
    number: string,
  ): Promise<void> {
    return new Promise<void>((resolve) => {
      let finished = false;
      const done = (status: number | null, why: Outcome) => {
        if (finished) return;
        finished = true;
        ctx.timers.clearTimeout(timer);
        if (!call.ended) finishTransfer(ctx, calls, { call, kind, number, status, why });
        resolve();
      };
      call.phase = 'transferring';
      const timer = ctx.timers.setTimeout(() => done(null, 'unconfirmed'), TRANSFER_CONFIRM_MS);
      call.transfer = { kind, target: number, timer };
      calls.publish();
      const onNotify = (notification: Notification) => {
        void notification.accept().catch(noop);
        const status = sipfragStatus(notification.request.body);
        if (status !== null && status >= 200 && status < 300) done(status, 'ok');
        else if (status !== null && status >= 300) done(status, 'failed');
      };
      call.session
        .refer(to, {
          requestDelegate: {
            onReject: (response) => done(response.message.statusCode ?? null, 'failed'),
          },
          onNotify,
        })
        .catch(() => done(null, 'failed'));
    });
  }

  /** The consultation's own life: its audio while connected, back to the customer when it ends. */
  function watchConsult(call: CallContext, consult: ConsultLeg, inviter: Inviter) {
    inviter.delegate = {
      onInfo: (info) => deps.receiveInfo(info),
      onSessionDescriptionHandler: () => deps.mediaReady(consult, false),
    };
    inviter.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        consult.phase = 'connected';
        if (call.consult === consult) calls.playLeg(consult);
        applyTracks(call);
        calls.publish();
      } else if (state === SessionState.Terminated) {
        deps.cancelRestore(consult);
        deps.mediaEnded(consult);
        if (call.consult !== consult) return;
        call.consult = null;
        if (call.ended) return;
        calls.playLeg(call);
        if (call.phase === 'transferring') return;
        ctx.fail(consult.phase === 'connected' ? 'consult-ended' : 'consult-failed');
        calls.publish();
      }
    });
  }

  return {
    async blind(input) {
      const call = calls.established();
      if (!call) return;
      const to = target(input);
      if (!to) return ctx.fail('bad-target');
      if (busy(call)) return ctx.fail('transfer-failed');
      await refer(call, 'blind', to.uri, to.number);
    },

    async startConsult(input) {
      const call = calls.established();
      const ua = deps.userAgent();
      if (!call || !ua) return;
      if (call.consult) return ctx.fail('busy');
      const to = target(input);
      if (!to) return ctx.fail('bad-target');
      if (!(await calls.holdCall(call, true))) return;
      if (call.ended) return;
      const inviter = newInviter(ua, to.uri);
      const consult: ConsultLeg = { session: inviter, phase: 'dialing', number: to.number };
      call.consult = consult;
      watchConsult(call, consult, inviter);
      calls.publish();
      const onProgress = (statusCode: number | undefined) => {
        if (!isAlerting(statusCode) || consult.phase !== 'dialing') return;
        consult.phase = 'alerting';
        calls.publish();
      };
      await inviter
        .invite({
          requestDelegate: { onProgress: (response) => onProgress(response.message.statusCode) },
        })
        .catch(noop);
    },

    async completeAttended() {
      const call = calls.established();
      if (!call) return;
      const consult = call.consult;
      if (!consult || consult.session.state !== SessionState.Established)
        return ctx.fail('consult-failed');
      if (busy(call)) return ctx.fail('transfer-failed');
      // REFER to the customer with Replaces naming our dialog with the consulted party.
      await refer(call, 'attended', consult.session, consult.number);
    },

    async cancelConsult() {
      const call = calls.current();
      const consult = call?.consult;
      if (!call || !consult) return ctx.fail('no-call');
      call.consult = null;
      deps.cancelRestore(consult);
      await endSession(consult.session).catch(noop);
      calls.playLeg(call);
      calls.publish();
      // Back to the customer.
      if (call.held && call.session.state === SessionState.Established)
        await calls.holdCall(call, false);
    },
  };
}
