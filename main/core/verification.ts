// The verification panel's service in main (issue 5): the handlers behind `verify:*` and
// `approvals:*`. The records service is the authority for every check (Art. 5–8, 10, 18); this
// service carries the signed-in agent's token to it, journals every step (Art. 11) and watches what
// can change without the agent acting — a lead's decision on a waiting session, and, on a lead's
// desk, the pending-approvals inbox.
//
// Secrets — the mobile and ID number the customer states, the password and the passcode they key —
// go into the records service's request body and nowhere else: never into the journal, a log line,
// an error message or this service's memory beyond the call that carries them.
import type { ParsedRequestOf } from '../../common/contract.js';
import { maskNumber } from '../../common/dial.js';
import type { AgentProfile } from '../../common/domain.js';
import { mayApprove, type BusinessType } from '../../common/policy.js';
import type { CheckResponse, Verification } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import type { VerifyConfig } from '../../common/verify.js';
import type { Handlers } from './dispatcher.js';
import type { EventBus } from './event-bus.js';
import type { Journal, JournalEntry } from './journal/index.js';
import type { Logger } from './logger.js';
import type { RecordsClient } from './records-client.js';
import type { Settings } from './settings.js';

export type VerifyChannel = Extract<keyof Handlers, `verify:${string}` | `approvals:${string}`>;
export type VerificationHandlers = Pick<Handlers, VerifyChannel>;

export interface VerificationTiming {
  /** How often a session waiting for a lead is fetched: a decision reaches the panel within a second. */
  sessionPollMs: number;
  /** How often a lead's desk fetches the pending approvals. */
  approvalsPollMs: number;
  /** A waiting session is watched at most this long; `verify:get` starts watching it again. */
  sessionWatchCapMs: number;
}

export const DEFAULT_TIMING: VerificationTiming = { sessionPollMs: 500, approvalsPollMs: 1000, sessionWatchCapMs: 30 * 60_000 };

export interface VerificationServiceOptions {
  records: RecordsClient;
  journal: Journal;
  logger: Logger;
  events: Pick<EventBus, 'emit'>;
  settings: Pick<Settings, 'get'>;
  /** The signed-in agent and their token (app-core keeps it; it never reaches the renderer). */
  session: () => { token: string; agent: AgentProfile } | null;
  now?: () => Date;
  timing?: Partial<VerificationTiming>;
}

export interface VerificationService {
  handlers: VerificationHandlers;
  /** The agent signed in: a lead's desk starts watching the pending approvals. */
  signedIn(agent: AgentProfile): void;
  /** The agent signed out (or the app stops): every watch stops and the session memory is dropped. */
  signedOut(): void;
}

/** What this desk remembers of a session during the call, for the journal and the wrap-up. */
interface Known {
  callId: string;
  businessType: BusinessType;
  /** `basic:failed`, `basic:passed`, `otp-send:sent`…, in the order they happened on this desk. */
  outcomes: string[];
  last: Verification;
  suspendedJournaled: boolean;
}

const MAX_KNOWN_SESSIONS = 200;

/** Only the fields of the contract's Verification (a CheckResponse carries `result` and more). */
function viewOf(response: Verification): Verification {
  const { id, callId, agent, businessType, risk, status, callerNumber, customer, passwordKind, steps, nextStep, alternatives, basic, approval, fraud, createdAt, updatedAt } =
    response;
  return { id, callId, agent, businessType, risk, status, callerNumber, customer, passwordKind, steps, nextStep, alternatives, basic, approval, fraud, createdAt, updatedAt };
}

/** A change the panel must see: status, steps, approval, fraud — not only the timestamp. */
const fingerprint = (v: Verification) => JSON.stringify([v.status, v.steps, v.nextStep, v.approval, v.fraud, v.alternatives, v.basic, v.updatedAt]);

export function createVerificationService(options: VerificationServiceOptions): VerificationService {
  const { records, journal, logger, events, settings } = options;
  const now = options.now ?? (() => new Date());
  const timing: VerificationTiming = { ...DEFAULT_TIMING, ...options.timing };
  const known = new Map<string, Known>();
  /** Bumped on every sign-in and sign-out, so a poll that started before one never acts after it. */
  let generation = 0;
  const sessionWatches = new Map<string, { timer: NodeJS.Timeout | null; until: number }>();
  let approvalsWatch: { timer: NodeJS.Timeout | null; lastIds: string | null } | null = null;

  const signedInOrThrow = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current;
  };

  const append = (type: string, data: JournalEntry['data']) => journal.append(type, data);

  function remember(view: Verification, outcome?: string): Known {
    let entry = known.get(view.id);
    if (!entry) {
      entry = { callId: view.callId, businessType: view.businessType, outcomes: [], last: view, suspendedJournaled: false };
      known.set(view.id, entry);
      if (known.size > MAX_KNOWN_SESSIONS) known.delete(known.keys().next().value!);
    }
    entry.last = viewOf(view);
    entry.businessType = view.businessType;
    if (outcome) entry.outcomes.push(outcome);
    return entry;
  }

  /** Art. 18: a suspension is journaled once per session, with the reason codes only. */
  async function noteSuspension(view: Verification, agent: string): Promise<void> {
    const entry = remember(view);
    if (view.status !== 'suspended' || entry.suspendedJournaled) return;
    entry.suspendedJournaled = true;
    await append('verify.suspended', { agent, callId: view.callId, sessionId: view.id, reasons: view.fraud?.reasons.join(',') ?? '' });
  }

  /**
   * Runs one check on the records service and journals its outcome; a refusal (over-permission,
   * out of order, rate-limited, unreachable…) is journaled too, with its code, then passed on.
   */
  async function check<T extends CheckResponse>(
    sessionId: string,
    step: string,
    run: (token: string) => Promise<T>,
    journalAs: string,
    data: (response: T) => JournalEntry['data'],
  ): Promise<T> {
    const { token, agent } = signedInOrThrow();
    let response: T;
    try {
      response = await run(token);
    } catch (error) {
      if (error instanceof AppError) {
        await append('verify.check-refused', { agent: agent.username, callId: known.get(sessionId)?.callId ?? null, sessionId, step, code: error.code });
      }
      throw error;
    }
    remember(response, `${step}:${response.result}`);
    await append(journalAs, {
      agent: agent.username,
      callId: response.callId,
      sessionId: response.id,
      result: response.result,
      attemptsLeft: response.attemptsLeft,
      status: response.status,
      ...data(response),
    });
    await noteSuspension(response, agent.username);
    if (response.status === 'awaiting-approval') watchSession(response.id);
    return response;
  }

  // --- watching a session that waits for a lead (Art. 10) ---------------------------------------

  function watchSession(sessionId: string): void {
    const existing = sessionWatches.get(sessionId);
    const until = Date.now() + timing.sessionWatchCapMs;
    if (existing) {
      existing.until = until;
      return;
    }
    const watch: { timer: NodeJS.Timeout | null; until: number } = { timer: null, until };
    sessionWatches.set(sessionId, watch);
    const myGeneration = generation;
    const stop = () => {
      if (watch.timer) clearTimeout(watch.timer);
      if (sessionWatches.get(sessionId) === watch) sessionWatches.delete(sessionId);
    };
    const tick = async () => {
      watch.timer = null;
      const current = options.session();
      if (!current || generation !== myGeneration || sessionWatches.get(sessionId) !== watch) return stop();
      if (Date.now() > watch.until) {
        logger.info({ sessionId }, 'stopped watching a session that still waits for an approval (cap reached); verify:get resumes');
        return stop();
      }
      try {
        const view = await records.getVerification(current.token, sessionId);
        if (generation !== myGeneration || sessionWatches.get(sessionId) !== watch) return;
        const before = known.get(sessionId)?.last;
        if (!before || fingerprint(before) !== fingerprint(view)) {
          const decidedNow = before?.approval.state === 'pending' && view.approval.state !== 'pending';
          remember(view, decidedNow ? `approval:${view.approval.state}` : undefined);
          events.emit('verify:changed', view);
          if (decidedNow) {
            await append('verify.approval-decided', {
              agent: current.agent.username,
              callId: view.callId,
              sessionId,
              decision: view.approval.state,
              decidedBy: view.approval.decidedBy,
              reason: view.approval.reason,
              status: view.status,
            });
          }
          await noteSuspension(view, current.agent.username);
        }
        if (view.status !== 'awaiting-approval' && view.approval.state !== 'pending') return stop();
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'internal';
        // An outage (Art. 12) does not end the wait: the lead may decide meanwhile. Anything else does.
        if (code !== 'unavailable') {
          logger.warn({ sessionId, code }, 'stopped watching a session waiting for approval');
          return stop();
        }
      }
      watch.timer = setTimeout(() => void tick(), timing.sessionPollMs);
      watch.timer.unref?.();
    };
    watch.timer = setTimeout(() => void tick(), timing.sessionPollMs);
    watch.timer.unref?.();
  }

  // --- a lead's inbox (Art. 10) ------------------------------------------------------------------

  function watchApprovals(): void {
    if (approvalsWatch) return;
    const watch: { timer: NodeJS.Timeout | null; lastIds: string | null } = { timer: null, lastIds: null };
    approvalsWatch = watch;
    const myGeneration = generation;
    const stop = () => {
      if (watch.timer) clearTimeout(watch.timer);
      if (approvalsWatch === watch) approvalsWatch = null;
    };
    const tick = async () => {
      watch.timer = null;
      const current = options.session();
      if (!current || generation !== myGeneration || approvalsWatch !== watch) return stop();
      try {
        await refreshApprovals(current.token, watch);
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'internal';
        if (code !== 'unavailable') {
          logger.warn({ code }, 'stopped watching the pending approvals');
          return stop();
        }
      }
      if (generation !== myGeneration || approvalsWatch !== watch) return;
      watch.timer = setTimeout(() => void tick(), timing.approvalsPollMs);
      watch.timer.unref?.();
    };
    void tick();
  }

  async function refreshApprovals(token: string, watch: { lastIds: string | null }): Promise<void> {
    const { approvals } = await records.listApprovals(token, 'pending');
    const ids = approvals
      .map((a) => a.id)
      .sort()
      .join(',');
    if (ids !== watch.lastIds) {
      watch.lastIds = ids;
      events.emit('approvals:changed', { pending: approvals.length });
    }
  }

  // --- handlers ----------------------------------------------------------------------------------

  const config = (): VerifyConfig => ({
    companyName: settings.get('companyName'),
    departmentName: settings.get('departmentName'),
    complaintResponseDays: settings.get('complaintResponseDays'),
  });

  const handlers: VerificationHandlers = {
    // The greeting's names are not confidential: answered signed out too, so the panel can render.
    'verify:config': () => config(),

    'verify:lookup': async ({ callerNumber }) => {
      const { token, agent } = signedInOrThrow();
      const answer = await records.lookupCustomers(token, callerNumber);
      await append('verify.lookup', { agent: agent.username, callerNumber: maskNumber(callerNumber), candidates: answer.customers.length });
      return answer;
    },

    'verify:start': async (request) => {
      const { token, agent } = signedInOrThrow();
      const view = await records.startVerification(token, request);
      remember(view, 'started');
      await append('verify.started', {
        agent: agent.username,
        callId: view.callId,
        sessionId: view.id,
        businessType: view.businessType,
        risk: view.risk,
        status: view.status,
        approval: view.approval.state,
        approvalReasons: view.approval.reasons.join(','),
        customerKnown: view.customer !== null,
        callerNumber: view.callerNumber,
      });
      await noteSuspension(view, agent.username);
      return view;
    },

    'verify:get': async ({ sessionId }) => {
      const { token, agent } = signedInOrThrow();
      const view = await records.getVerification(token, sessionId);
      remember(view);
      await noteSuspension(view, agent.username);
      // After a reload the panel asks again: a session still waiting is watched again.
      if (view.agent === agent.username && (view.status === 'awaiting-approval' || view.approval.state === 'pending')) watchSession(view.id);
      return view;
    },

    'verify:basic': ({ sessionId, customerId, mobile, nationalId }) =>
      check(sessionId, 'basic', (token) => records.checkBasic(token, sessionId, { customerId, mobile, nationalId }), 'verify.basic-checked', () => ({ customerId })),

    'verify:password': ({ sessionId, password }) =>
      check(sessionId, 'password', (token) => records.checkPassword(token, sessionId, password), 'verify.password-checked', (r) => ({ passwordKind: r.passwordKind })),

    'verify:password-forgotten': ({ sessionId }) =>
      check(sessionId, 'password-forgotten', (token) => records.passwordForgotten(token, sessionId), 'verify.password-forgotten', (r) => ({ passwordKind: r.passwordKind })),

    'verify:otp-send': ({ sessionId }) =>
      check(sessionId, 'otp-send', (token) => records.sendOtp(token, sessionId), 'verify.otp-sent', (r) => ({
        expiresAt: r.otp?.expiresAt ?? null,
        resendAvailableAt: r.otp?.resendAvailableAt ?? null,
      })),

    'verify:otp': ({ sessionId, code }) => check(sessionId, 'otp', (token) => records.verifyOtp(token, sessionId, code), 'verify.otp-checked', () => ({})),

    'verify:method': ({ sessionId, alternative, reason }) =>
      check(sessionId, 'method', (token) => records.switchMethod(token, sessionId, alternative, reason), 'verify.method-switched', () => ({ alternative, reason })),

    'verify:confirm': ({ sessionId, confirmed }) =>
      check(sessionId, 'confirmation', (token) => records.confirm(token, sessionId, confirmed), 'verify.confirmed', () => ({ confirmed })),

    'verify:request-approval': ({ sessionId, note }) =>
      check(sessionId, 'approval-request', (token) => records.requestApproval(token, sessionId, note), 'verify.approval-requested', (r) => ({
        reasons: r.approval.reasons.join(','),
        note: note ?? null,
      })),

    'verify:complaint': async (request: ParsedRequestOf<'verify:complaint'>) => {
      const { agent } = signedInOrThrow();
      const session = request.sessionId ? known.get(request.sessionId) : undefined;
      const dueAt = new Date(now().getTime() + config().complaintResponseDays * 24 * 60 * 60 * 1000).toISOString();
      const entry = await append('complaint.recorded', {
        agent: agent.username,
        callId: request.callId,
        sessionId: request.sessionId ?? null,
        category: request.category,
        // The agent's own note of what the customer said (Art. 16): kept as written.
        summary: request.text,
        wantsReply: request.wantsReply,
        dueAt,
        // Masked references only (Art. 11): `李*` and the records service's id.
        customerRef: session?.last.customer?.name ?? null,
        customerId: session?.last.customer?.id ?? null,
      });
      return { id: entry.id, dueAt };
    },

    'verify:wrap-up': async ({ callId, sessionId, businessType, notes }) => {
      const { token, agent } = signedInOrThrow();
      let session = sessionId ? known.get(sessionId) : undefined;
      if (sessionId && !session) {
        // The desk restarted mid-call: ask the records service how the session ended (best effort).
        try {
          session = remember(await records.getVerification(token, sessionId));
        } catch (error) {
          logger.warn({ sessionId, code: error instanceof AppError ? error.code : 'internal' }, 'wrap-up without the session’s final state');
        }
      }
      const last = session?.last;
      await append('verify.wrap-up', {
        agent: agent.username,
        callId,
        sessionId: sessionId ?? null,
        businessType: businessType ?? last?.businessType ?? null,
        steps: last ? last.steps.map((s) => `${s.step}:${s.passed ? 'passed' : 'open'}`).join(',') : '',
        outcomes: session?.outcomes.join(',') ?? '',
        status: last?.status ?? null,
        verified: last?.status === 'verified',
        notes,
      });
      if (sessionId) {
        const watch = sessionWatches.get(sessionId);
        if (watch?.timer) clearTimeout(watch.timer);
        sessionWatches.delete(sessionId);
        known.delete(sessionId);
      }
      return {};
    },

    'approvals:list': async () => {
      const { token } = signedInOrThrow();
      return records.listApprovals(token, 'pending');
    },

    'approvals:decide': async ({ approvalId, approve, reason }) => {
      const { token, agent } = signedInOrThrow();
      let answer;
      try {
        answer = await records.decideApproval(token, approvalId, approve, reason);
      } catch (error) {
        if (error instanceof AppError) await append('verify.approval-refused', { agent: agent.username, approvalId, code: error.code });
        throw error;
      }
      await append('verify.approval-decided', {
        agent: agent.username,
        callId: answer.approval.case.callId,
        sessionId: answer.approval.sessionId,
        approvalId,
        decision: answer.approval.status,
        requestedBy: answer.approval.requestedBy,
        reason,
        status: answer.session.status,
      });
      // The inbox shows the change at once rather than at the next poll.
      if (approvalsWatch) await refreshApprovals(token, approvalsWatch).catch(() => undefined);
      return answer;
    },
  };

  return {
    handlers,
    signedIn(agent) {
      generation += 1;
      if (mayApprove(agent.tier)) watchApprovals();
    },
    signedOut() {
      generation += 1;
      for (const watch of sessionWatches.values()) if (watch.timer) clearTimeout(watch.timer);
      sessionWatches.clear();
      if (approvalsWatch?.timer) clearTimeout(approvalsWatch.timer);
      approvalsWatch = null;
      known.clear();
    },
  };
}
