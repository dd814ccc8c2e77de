// One call as the engine tracks it: its sip.js session(s) and what happened to it, and the pure
// views of it — the ActiveCall the UI shows, the CallRecord main keeps, the call's outcome.
// The rules for the outcome (missed, rejected, cancelled, failed, transferred) are here only.
import type { Session } from 'sip.js';
import type { CallOutcome, CallRecord } from '../../common/phone.js';
import { summariseQuality } from '../../common/call-quality.js';
import type { LossCounters } from './quality.js';
import type {
  ActiveCall,
  CallDirection,
  CallerId,
  CallLine,
  CallPhase,
  QualitySample,
} from './types.js';

/** One SIP dialog of a call: the customer's, or the consultation of an attended transfer. */
export interface Leg {
  session: Session;
  phase: CallPhase;
}

export interface ConsultLeg extends Leg {
  number: string;
}

export interface CallContext extends Leg {
  id: string;
  sipCallId: string;
  line: CallLine;
  direction: CallDirection;
  remote: CallerId;
  startedAt: number;
  answeredAt: number | null;
  held: boolean;
  muted: boolean;
  samples: QualitySample[];
  counters: LossCounters | null;
  warning: boolean;
  rejectedByUs: boolean;
  cancelledByUs: boolean;
  failure: string | null;
  outcome: CallOutcome | null;
  transfer: { kind: 'blind' | 'attended'; target: string; timer: unknown } | null;
  consult: ConsultLeg | null;
  ended: boolean;
}

export interface NewCall {
  id: string;
  session: Session & { request: { callId: string } };
  direction: CallDirection;
  remote: CallerId;
  phase: CallPhase;
  startedAt: number;
  /** Default 'live'. */
  line?: CallLine;
}

export function newCallContext({
  id,
  session,
  direction,
  remote,
  phase,
  startedAt,
  line = 'live',
}: NewCall): CallContext {
  return {
    id,
    sipCallId: session.request.callId,
    line,
    session,
    phase,
    direction,
    remote,
    startedAt,
    answeredAt: null,
    held: false,
    muted: false,
    samples: [],
    counters: null,
    warning: false,
    rejectedByUs: false,
    cancelledByUs: false,
    failure: null,
    outcome: null,
    transfer: null,
    consult: null,
    ended: false,
  };
}

/** Spread into a call's reports: a training-line call's are marked (main never counts them). */
export const lineMark = (ctx: Pick<CallContext, 'line'>): { training?: true } =>
  ctx.line === 'training' ? { training: true } : {};

export const legsOf = (ctx: CallContext): Leg[] => (ctx.consult ? [ctx, ctx.consult] : [ctx]);

/** What the UI shows of a call: the last five quality samples, never the session. */
export function activeCallView(ctx: CallContext): ActiveCall {
  return {
    id: ctx.id,
    sipCallId: ctx.sipCallId,
    line: ctx.line,
    direction: ctx.direction,
    phase: ctx.phase,
    remote: ctx.remote,
    startedAt: ctx.startedAt,
    answeredAt: ctx.answeredAt,
    muted: ctx.muted,
    quality: ctx.samples.slice(-5),
    qualityWarning: ctx.warning,
    consult: ctx.consult ? { number: ctx.consult.number, phase: ctx.consult.phase } : null,
  };
}

export function callRecordOf(ctx: CallContext, outcome: CallOutcome, endedAt: number): CallRecord {
  const talked =
    ctx.answeredAt === null ? 0 : Math.max(0, Math.round((endedAt - ctx.answeredAt) / 1000));
  return {
    id: ctx.id,
    direction: ctx.direction,
    number: ctx.remote.number,
    name: ctx.remote.displayName,
    startedAt: new Date(ctx.startedAt).toISOString(),
    durationSeconds: talked,
    outcome,
    quality: ctx.samples.length === 0 ? null : summariseQuality(ctx.samples),
    ...lineMark(ctx),
  };
}

export function outcomeOf(ctx: CallContext): CallOutcome {
  if (ctx.outcome) return ctx.outcome;
  if (ctx.answeredAt !== null) return 'answered';
  if (ctx.direction === 'inbound') return ctx.rejectedByUs ? 'rejected' : 'missed';
  return ctx.cancelledByUs ? 'cancelled' : 'failed';
}
