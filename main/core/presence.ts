// The desk's presence on the live floor (Art. 10, 26): what the agent's screen shows — ready, not
// ready and why, break, wrap-up, ringing, on a call (the caller masked, Art. 11; the verification's
// business, session and step) — its links and unsynced journal, sent to the records service at
// every change and as a heartbeat. A failed report is not queued: the next one carries the state.
import { maskNumber } from '../../common/dial.js';
import type { Connectivity } from '../../common/connectivity.js';
import { MaskedNumber, type DeskCall, type DeskPresence } from '../../common/floor-api.js';
import type { AgentStateName, NotReadyReason, PhoneEvent } from '../../common/phone.js';
import { FLOOR_POLICY, type DeskState } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import type { Logger } from './logger.js';
import type { DeskReportInput, RecordsClient } from './records-client.js';
import { createRefresher } from './records-events/refresher.js';
import type { Timers } from './records-events/stream.js';

type CallFacts = Pick<DeskCall, 'businessType' | 'sessionId' | 'step' | 'awaitingApproval'>;

export interface PresenceOptions {
  records: Pick<RecordsClient, 'reportDeskState'>;
  deviceId: string;
  logger: Logger;
  session: () => { token: string } | null;
  connectivity: () => Pick<Connectivity, 'state' | 'backlog'>;
  /** What the verification service knows of a call (verification/service.ts). */
  callView: (callId: string) => CallFacts | null;
  now: () => Date;
  heartbeatMs?: number;
  timers?: Timers;
  /** Every answer of the service (its `setBy` names a lead's pending not-ready order). */
  onPresence?: (presence: DeskPresence) => void;
}

export interface PresenceReporter {
  /** Someone signed in: ready (as the phone starts), reported now, heartbeats from here. */
  signedIn(): void;
  /** The phone's reports: the agent's state and the calls. */
  phoneEvent(event: PhoneEvent): void;
  /** Something the report carries may have moved (links, backlog, the verification): re-check. */
  changed(): void;
  /** Before the token is revoked: `signed-out` is the last report (bounded; never blocks long). */
  signingOut(token: string): Promise<void>;
  /** The report as it would be sent now (null when nobody is signed in). */
  current(): DeskReportInput | null;
}

interface PhoneCall {
  direction: 'inbound' | 'outbound';
  number: string;
  answered: boolean;
}

/** The masked caller the floor may show, or null (an extension, a SIP address: nothing to mask). */
export function floorCaller(number: string): string | null {
  const masked = maskNumber(number);
  return MaskedNumber.safeParse(masked).success ? masked : null;
}

const SIGN_OUT_REPORT_MS = 2_000;

/** The calls the phone reported, and the one the desk shows: the latest still going. */
function createCallTracker() {
  const calls = new Map<string, PhoneCall>();
  let shownId: string | null = null;
  return {
    clear() {
      calls.clear();
      shownId = null;
    },
    current(): { id: string; call: PhoneCall } | null {
      const call = shownId === null ? undefined : calls.get(shownId);
      return call && shownId !== null ? { id: shownId, call } : null;
    },
    /** Applies a call event; false when the event is not about a call. */
    apply(event: PhoneEvent): boolean {
      switch (event.type) {
        case 'call-started':
          calls.set(event.callId, {
            direction: event.direction,
            number: event.number,
            answered: false,
          });
          shownId = event.callId;
          return true;
        case 'call-answered': {
          const call = calls.get(event.callId);
          if (call) call.answered = true;
          shownId = event.callId;
          return true;
        }
        case 'call-ended':
          calls.delete(event.record.id);
          if (shownId === event.record.id) shownId = [...calls.keys()].at(-1) ?? null;
          return true;
        default:
          return false;
      }
    },
  };
}

export function createPresenceReporter(options: PresenceOptions): PresenceReporter {
  const { records, logger } = options;
  const heartbeatMs = options.heartbeatMs ?? FLOOR_POLICY.heartbeatMs;
  const timers = options.timers ?? {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms).unref(),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
  let active = false;
  let agent: { state: AgentStateName; reason: NotReadyReason | null } = {
    state: 'ready',
    reason: null,
  };
  const calls = createCallTracker();
  /** The shown state and when it began: it changes when state, reason or call change. */
  let shown: { key: string; since: string } | null = null;
  let lastSent: string | null = null;
  let heartbeat: unknown = null;
  let sending: Promise<void> | null = null;

  function current(): DeskReportInput | null {
    if (!active) return null;
    const { id: currentCall, call } = calls.current() ?? { id: null, call: undefined };
    let state: DeskState = agent.state;
    let deskCall: DeskCall | null = null;
    if (call && currentCall) {
      state = call.direction === 'inbound' && !call.answered ? 'ringing' : 'on-call';
      deskCall = {
        callId: currentCall,
        caller: floorCaller(call.number),
        businessType: null,
        sessionId: null,
        step: null,
        awaitingApproval: false,
        ...options.callView(currentCall),
      };
    }
    const reason = state === 'not-ready' ? (agent.reason ?? 'other') : null;
    const key = `${state}|${reason}|${currentCall ?? ''}`;
    if (shown?.key !== key) shown = { key, since: options.now().toISOString() };
    const links = options.connectivity();
    return {
      deviceId: options.deviceId,
      state,
      reason,
      since: shown.since,
      call: deskCall,
      connectivity: links.state,
      backlog: links.backlog,
    };
  }

  function scheduleHeartbeat(): void {
    if (heartbeat !== null) timers.clearTimeout(heartbeat);
    heartbeat = null;
    if (!active) return;
    heartbeat = timers.setTimeout(() => {
      heartbeat = null;
      void sender.trigger();
    }, heartbeatMs);
  }

  const sender = createRefresher(async () => {
    const signedIn = options.session();
    const report = current();
    if (!signedIn || !report) return;
    lastSent = JSON.stringify(report);
    scheduleHeartbeat();
    const attempt = records.reportDeskState(signedIn.token, report);
    sending = attempt.then(
      () => undefined,
      () => undefined,
    );
    try {
      const presence = await attempt;
      if (active) options.onPresence?.(presence);
    } catch (error) {
      // An outage: nothing is queued; the next heartbeat carries whatever is current then.
      const code = error instanceof AppError ? error.code : 'internal';
      if (code !== 'unavailable') logger.warn({ code }, 'desk state report refused');
    }
  });

  const reportIfChanged = () => {
    const report = current();
    if (report && JSON.stringify(report) !== lastSent) void sender.trigger();
  };

  return {
    signedIn() {
      active = true;
      agent = { state: 'ready', reason: null };
      calls.clear();
      shown = null;
      lastSent = null;
      void sender.trigger();
    },
    phoneEvent(event) {
      // The floor shows live work only: a training call leaves the desk as it was.
      if ('training' in event && event.training) return;
      if (event.type === 'agent-state') agent = { state: event.state, reason: event.reason };
      else if (!calls.apply(event)) return;
      reportIfChanged();
    },
    changed: reportIfChanged,
    async signingOut(token) {
      if (!active) return;
      const last = current();
      active = false;
      if (heartbeat !== null) timers.clearTimeout(heartbeat);
      heartbeat = null;
      if (!last) return;
      const report: DeskReportInput = {
        ...last,
        state: 'signed-out',
        reason: null,
        since: options.now().toISOString(),
        call: null,
      };
      // After a report still on its way, so the service sees them in order.
      const done = (sending ?? Promise.resolve()).then(() =>
        records.reportDeskState(token, report).then(
          () => undefined,
          (error: unknown) =>
            logger.warn({ err: (error as Error).message }, 'signed-out report not delivered'),
        ),
      );
      await Promise.race([
        done,
        new Promise((resolve) => timers.setTimeout(() => resolve(undefined), SIGN_OUT_REPORT_MS)),
      ]);
    },
    current,
  };
}
