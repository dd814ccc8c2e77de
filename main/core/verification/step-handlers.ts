// The verification steps (Art. 5–8, 10, 14, 18): caller look-up, start, every check, run on the
// records service — the authority — and journaled with their outcome (Art. 11). Secrets the
// customer states or keys go into the records service's request body and nowhere else: never
// into the journal, a log line, an error message or this desk's memory.
import { maskNumber } from '../../../common/dial.js';
import type { CheckResponse } from '../../../common/records-api.js';
import { AppError } from '../../../common/result.js';
import type { JournalEntry } from '../journal/index.js';
import type { VerificationContext, VerificationHandlers } from './context.js';
import type { SessionMemory } from './memory.js';
import type { SessionWatch } from './session-watch.js';

type StepChannel =
  'verify:lookup' | 'verify:start' | 'verify:get' | 'verify:customer-informed' | CheckChannel;
type CheckChannel =
  | 'verify:basic'
  | 'verify:password'
  | 'verify:password-forgotten'
  | 'verify:otp-send'
  | 'verify:otp'
  | 'verify:method'
  | 'verify:confirm'
  | 'verify:request-approval'
  | 'verify:business';

export function stepHandlers(
  ctx: VerificationContext,
  memory: SessionMemory,
  sessions: SessionWatch,
): Pick<VerificationHandlers, StepChannel> {
  const { records, journal } = ctx;
  return {
    'verify:lookup': async ({ callerNumber, training }) => {
      const { token, agent } = ctx.signedIn();
      const answer = await records.lookupCustomers(token, callerNumber, training === true);
      await journal.append('verify.lookup', {
        agent: agent.username,
        callerNumber: maskNumber(callerNumber),
        candidates: answer.customers.length,
        ...(training ? { training: true } : {}),
      });
      return answer;
    },

    'verify:start': async (request) => {
      const { token, agent } = ctx.signedIn();
      const view = await records.startVerification(token, request);
      memory.remember(view, 'started');
      await journal.append('verify.started', {
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
      await memory.noteSuspension(view, agent.username);
      return view;
    },

    'verify:get': async ({ sessionId }) => {
      const { token, agent } = ctx.signedIn();
      const view = await records.getVerification(token, sessionId);
      memory.remember(view);
      await memory.noteSuspension(view, agent.username);
      // After a reload the panel asks again: a session still waiting is watched again.
      const waiting = view.status === 'awaiting-approval' || view.approval.state === 'pending';
      if (view.agent === agent.username && waiting) sessions.watch(view.id);
      return view;
    },

    // Art. 18: the agent read the suspension script; the records service records it on the
    // fraud alert's emergency steps, the journal here.
    'verify:customer-informed': async ({ sessionId }) => {
      const { token, agent } = ctx.signedIn();
      const view = await records.customerInformed(token, sessionId);
      memory.remember(view, 'customer-informed');
      await journal.append('verify.customer-informed', {
        agent: agent.username,
        callId: view.callId,
        sessionId: view.id,
        at: view.fraud?.customerInformedAt ?? null,
      });
      return view;
    },

    ...checkHandlers(ctx, memory, sessions),
  };
}

function checkHandlers(
  ctx: VerificationContext,
  memory: SessionMemory,
  sessions: SessionWatch,
): Pick<VerificationHandlers, CheckChannel> {
  const { records, journal } = ctx;

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
    const { token, agent } = ctx.signedIn();
    let response: T;
    try {
      response = await run(token);
    } catch (error) {
      if (error instanceof AppError) {
        const callId = memory.get(sessionId)?.callId ?? null;
        await journal.append('verify.check-refused', {
          agent: agent.username,
          callId,
          sessionId,
          step,
          code: error.code,
        });
      }
      throw error;
    }
    memory.remember(response, `${step}:${response.result}`);
    await journal.append(journalAs, {
      agent: agent.username,
      callId: response.callId,
      sessionId: response.id,
      result: response.result,
      attemptsLeft: response.attemptsLeft,
      status: response.status,
      ...data(response),
    });
    await memory.noteSuspension(response, agent.username);
    if (response.status === 'awaiting-approval') sessions.watch(response.id);
    return response;
  }

  return {
    'verify:basic': ({ sessionId, customerId, mobile, nationalId }) =>
      check(
        sessionId,
        'basic',
        (token) => records.checkBasic(token, sessionId, { customerId, mobile, nationalId }),
        'verify.basic-checked',
        () => ({ customerId }),
      ),

    'verify:password': ({ sessionId, password }) =>
      check(
        sessionId,
        'password',
        (token) => records.checkPassword(token, sessionId, password),
        'verify.password-checked',
        (r) => ({ passwordKind: r.passwordKind }),
      ),

    'verify:password-forgotten': ({ sessionId }) =>
      check(
        sessionId,
        'password-forgotten',
        (token) => records.passwordForgotten(token, sessionId),
        'verify.password-forgotten',
        (r) => ({
          passwordKind: r.passwordKind,
        }),
      ),

    'verify:otp-send': ({ sessionId }) =>
      check(
        sessionId,
        'otp-send',
        (token) => records.sendOtp(token, sessionId),
        'verify.otp-sent',
        (r) => ({
          expiresAt: r.otp?.expiresAt ?? null,
          resendAvailableAt: r.otp?.resendAvailableAt ?? null,
        }),
      ),

    'verify:otp': ({ sessionId, code }) =>
      check(
        sessionId,
        'otp',
        (token) => records.verifyOtp(token, sessionId, code),
        'verify.otp-checked',
        () => ({}),
      ),

    'verify:method': ({ sessionId, alternative, reason }) =>
      check(
        sessionId,
        'method',
        (token) => records.switchMethod(token, sessionId, alternative, reason),
        'verify.method-switched',
        () => ({ alternative, reason }),
      ),

    'verify:confirm': ({ sessionId, confirmed }) =>
      check(
        sessionId,
        'confirmation',
        (token) => records.confirm(token, sessionId, confirmed),
        'verify.confirmed',
        () => ({ confirmed }),
      ),

    'verify:request-approval': ({ sessionId, note }) =>
      check(
        sessionId,
        'approval-request',
        (token) => records.requestApproval(token, sessionId, note),
        'verify.approval-requested',
        (r) => ({
          reasons: r.approval.reasons.join(','),
          note: note ?? null,
        }),
      ),

    // Art. 4(2): every change of business is journaled with its reason (the agent's note).
    'verify:business': ({ sessionId, ...change }) =>
      check(
        sessionId,
        'business',
        (token) => records.changeBusiness(token, sessionId, change),
        'verify.business-changed',
        (r) => ({
          from: r.change.from,
          businessType: r.change.to,
          direction: r.change.direction,
          reason: change.reason,
          note: change.note ?? null,
          nextStep: r.nextStep,
        }),
      ),
  };
}
