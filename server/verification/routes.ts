// Customer look-up and the verification session's checks (Art. 5–8, 14, 18). Each check is one
// transaction: the session row is locked first (`for update`), so two concurrent checks queue and
// cannot both slip under a limit; the attempt, the new status, counters and alerts commit together.
import { createHash, createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { mayApprove, passwordKindFor, initialSession, LIMITS, nextSendAvailableAt, otpSendDecision, type SessionEvent, type SessionState } from '../../common/policy.js';
import {
  BasicCheckRequest,
  CheckResponse,
  ConfirmationRequest,
  CreateVerificationRequest,
  CustomerLookupQuery,
  CustomerLookupResponse,
  IdParams,
  MethodRequest,
  OtpSendResponse,
  OtpVerifyRequest,
  PasswordCheckRequest,
  Verification,
  ApprovalRequestBody,
  type CheckResult,
} from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import type { AgentProfile } from '../../common/domain.js';
import { raiseAlert } from '../alerts.js';
import type { Queryable } from '../db.js';
import { BEARER, errorResponses, type Api } from '../http.js';
import { checkNationalId, normaliseMobile } from '../../common/national-id.js';
import { verifyPassword } from '../passwords.js';
import { nationalIdHash } from '../secrets.js';
import { apply, inTransaction, overPermission, Refused, suspendIfFraud, type VerificationDeps } from './context.js';
import { normaliseCaller } from './mask.js';
import { insertSession, lockSession, maskCustomer, recordEvent, saveState, sessionView, stateOf, type SessionRow } from './sessions.js';

const TAGS = ['verification'];

/** The passcode text (Art. 7): the only place the code exists in clear, on its way to the gateway. */
const otpText = (code: string) => `【电话银行】您的动态口令为 ${code}，${LIMITS.otp.validitySeconds / 60} 分钟内有效，请勿告诉任何人（包括客服人员）。Your code is ${code}; never share it.`;

const otpHash = (pepper: string, otpId: string, code: string) => createHmac('sha256', pepper).update(`otp:v1:${otpId}:${code}`).digest('hex');

const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

interface CheckContext {
  tx: Queryable;
  row: SessionRow;
  state: SessionState;
  agent: AgentProfile;
  at: Date;
}

type CheckOutcome = { state: SessionState; result: CheckResult; attemptsLeft?: number | null; extra?: Record<string, unknown> };

export function verificationRoutes(api: Api, deps: VerificationDeps): void {
  const { db, now } = deps;

  /** Owner-only: a check on someone else's session is an over-permission attempt (Art. 10). */
  async function check(request: FastifyRequest, id: string, step: string, run: (ctx: CheckContext) => Promise<CheckOutcome | Refused>) {
    const { agent } = await deps.requireAgent(request);
    const at = now();
    return inTransaction(db, async (tx) => {
      const row = await lockSession(tx, id);
      if (row.agent_username !== agent.username) {
        return overPermission(tx, at, agent, `${step}-on-another-agents-session`, 'only the agent who opened this session may run its checks (Art. 10); the attempt was recorded', {
          sessionId: row.id,
          customerId: row.customer_id,
        });
      }
      const outcome = await run({ tx, row, state: stateOf(row), agent, at });
      if (outcome instanceof Refused) return outcome;
      await saveState(tx, row.id, outcome.state, at);
      const view = await sessionView(tx, row.id);
      request.log.info({ session: row.id, step, result: outcome.result, status: view.status }, 'verification check');
      return { ...view, result: outcome.result, attemptsLeft: outcome.attemptsLeft ?? null, ...outcome.extra };
    });
  }

  /** Art. 18 before a check: a hit suspends the session and the check does not run. */
  async function fraudFirst(ctx: CheckContext, customerId: string | null): Promise<CheckOutcome | null> {
    const suspended = await suspendIfFraud(ctx.tx, deps, ctx.at, ctx.agent, ctx.row, ctx.state, customerId);
    return suspended ? { state: suspended, result: 'suspended' } : null;
  }

  /** Art. 18 after a check: its own outcome may be the hit (e.g. a killed passcode). */
  async function fraudAfter(ctx: CheckContext, outcome: CheckOutcome, customerId: string | null): Promise<CheckOutcome> {
    const suspended = await suspendIfFraud(ctx.tx, deps, ctx.at, ctx.agent, ctx.row, outcome.state, customerId);
    return suspended ? { ...outcome, state: suspended, result: 'suspended' } : outcome;
  }

  /** Refuses (409, or 403 recorded) unless the policy allows `event` now; writes nothing itself. */
  function allowed(ctx: CheckContext, event: SessionEvent): Promise<SessionState | Refused> {
    return apply(ctx.tx, ctx.at, ctx.agent, ctx.row, ctx.state, event);
  }

  api.get(
    '/api/v1/customers',
    {
      // The caller number travels in the query string; the access log must not keep it (Art. 11).
      logSerializers: { req: (req: FastifyRequest) => ({ method: req.method, url: req.url.replace(/([?&]mobile=)[^&]*/g, '$1[redacted]') }) },
      schema: {
        summary: 'Customers reserved on a caller number (Art. 5), masked',
        tags: TAGS,
        security: BEARER,
        querystring: CustomerLookupQuery,
        response: { 200: CustomerLookupResponse, ...errorResponses('unauthorized') },
      },
    },
    async (request) => {
      await deps.requireAgent(request);
      const mobile = normaliseMobile(request.query.mobile);
      if (mobile === null) throw new AppError('bad-request', 'mobile: must be a mainland mobile number (+86 / 0086, spaces and dashes allowed)');
      const { rows } = await db.query<{ id: string; name: string; mobile: string; national_id_masked: string }>(
        'select id, name, mobile, national_id_masked from customers where mobile = $1 order by created_at, id limit 50',
        [mobile],
      );
      return { customers: rows.map(maskCustomer) };
    },
  );

  api.post(
    '/api/v1/verifications',
    {
      schema: {
        summary: 'Open a verification session for a call; the policy says which steps it needs',
        tags: TAGS,
        security: BEARER,
        body: CreateVerificationRequest,
        response: { 201: Verification, ...errorResponses('unauthorized', 'not-found') },
      },
    },
    async (request, reply) => {
      const { agent } = await deps.requireAgent(request);
      const { callId, businessType, customerId } = request.body;
      const callerNumber = normaliseCaller(request.body.callerNumber);
      if (callerNumber === null) throw new AppError('bad-request', 'callerNumber: must be a phone number');
      const at = now();
      const view = await inTransaction(db, async (tx) => {
        let callerIsReserved: boolean | null = null;
        if (customerId !== undefined) {
          const { rows } = await tx.query<{ mobile: string }>('select mobile from customers where id = $1', [customerId]);
          if (!rows[0]) throw new AppError('not-found', 'no such customer');
          callerIsReserved = rows[0].mobile === callerNumber;
        }
        // Beyond the agent's tier is not refused here: the session records that a lead must approve
        // it (Art. 10); completing it without that approval is the over-permission attempt.
        const state = initialSession(businessType, agent.tier, callerIsReserved);
        const id = randomUUID();
        await insertSession(tx, { id, callId, agent, callerNumber, customerId: customerId ?? null, state, at });
        const row = await lockSession(tx, id);
        await suspendIfFraud(tx, deps, at, agent, row, state, customerId ?? null);
        return sessionView(tx, id);
      });
      request.log.info({ session: view.id, businessType, status: view.status, approval: view.approval.state }, 'verification session opened');
      return reply.status(201).send(view);
    },
  );

  api.get(
    '/api/v1/verifications/:id',
    {
      schema: {
        summary: 'A verification session, masked',
        tags: TAGS,
        security: BEARER,
        params: IdParams,
        response: { 200: Verification, ...errorResponses('unauthorized', 'forbidden', 'not-found') },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const at = now();
      return inTransaction(db, async (tx) => {
        const view = await sessionView(tx, request.params.id);
        if (view.agent !== agent.username && !mayApprove(agent.tier)) {
          return overPermission(tx, at, agent, 'view-another-agents-session', 'only the session’s agent or a lead may see it (Art. 10, 11); the attempt was recorded', {
            sessionId: view.id,
          });
        }
        return view;
      });
    },
  );

  const checkRoute = {
    security: BEARER,
    tags: TAGS,
    params: IdParams,
    response: { 200: CheckResponse, ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict', 'rate-limited') },
  };
  // Per signed-in agent (the token, hashed), so a scripted client cannot hammer the checks.
  const limit = deps.verification?.checkRateLimit ?? { max: 60, timeWindowMs: 60_000 };
  const config = {
    rateLimit: {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: (request: FastifyRequest) => createHash('sha256').update(request.headers.authorization ?? request.ip).digest('hex'),
      errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) => new AppError('rate-limited', `too many checks; try again in ${context.after}`),
    },
  };

  api.post(
    '/api/v1/verifications/:id/basic',
    { config, schema: { ...checkRoute, summary: 'Art. 5 basic check: reserved mobile + ID number, compared server-side', body: BasicCheckRequest } },
    async (request) =>
      check(request, request.params.id, 'basic', async (ctx) => {
        const { customerId } = request.body;
        if (ctx.row.customer_fixed && ctx.row.customer_id !== customerId) throw new AppError('conflict', 'this session is for another customer');
        const { rows } = await ctx.tx.query<{ id: string; mobile: string; national_id_hash: string }>(
          'select id, mobile, national_id_hash from customers where id = $1',
          [customerId],
        );
        const customer = rows[0];
        if (!customer) throw new AppError('not-found', 'no such customer');
        const permitted = await allowed(ctx, { type: 'basic', passed: true });
        if (permitted instanceof Refused) return permitted;
        const early = await fraudFirst(ctx, customerId);
        if (early) return early;

        // Both compared, always, and one answer: the response never says which field failed (Art. 5).
        const id = checkNationalId(request.body.nationalId, ctx.at);
        const idMatches = sameHex(id.ok ? nationalIdHash(deps.pepper, id.value) : '0'.repeat(64), customer.national_id_hash);
        const mobileMatches = normaliseMobile(request.body.mobile) === customer.mobile;
        const passed = idMatches && mobileMatches;
        const event = passed ? { type: 'basic' as const, passed, callerIsReservedMobile: ctx.row.caller_number === customer.mobile } : { type: 'basic' as const, passed };
        const state = await allowed(ctx, event);
        if (state instanceof Refused) return state;
        if (!ctx.row.customer_fixed) {
          await ctx.tx.query('update verification_sessions set customer_id = $2, customer_fixed = $3 where id = $1', [ctx.row.id, customerId, passed]);
        }
        await recordEvent(ctx.tx, { sessionId: ctx.row.id, at: ctx.at, agent: ctx.agent.username, customerId, step: 'basic', outcome: passed ? 'passed' : 'failed' });
        if (state.status === 'exception') {
          // Art. 5(2): repeated failures → the exception procedure, which a supervisor reviews.
          await raiseAlert(ctx.tx, { kind: 'verification-exception', at: ctx.at, agentUsername: ctx.agent.username, sessionId: ctx.row.id, customerId, reasons: ['basic-attempts-exhausted'] });
        }
        const result: CheckResult = passed ? 'passed' : state.status === 'exception' ? 'exception' : 'failed';
        return fraudAfter(ctx, { state, result, attemptsLeft: LIMITS.basicAttemptsPerSession - state.basicFailures }, customerId);
      }),
  );

  api.post(
    '/api/v1/verifications/:id/password',
    { config, schema: { ...checkRoute, summary: 'Art. 6 password check (query or transaction password by business type)', body: PasswordCheckRequest } },
    async (request) =>
      check(request, request.params.id, 'password', async (ctx) => {
        const permitted = await allowed(ctx, { type: 'password', passed: true });
        if (permitted instanceof Refused) return permitted;
        const customerId = ctx.row.customer_id!;
        const early = await fraudFirst(ctx, customerId);
        if (early) return early;
        const kind = passwordKindFor(ctx.row.business_type)!;
        // The counter row is locked too: two sessions for one customer cannot both miss the 5th failure.
        await ctx.tx.query('insert into password_failures (customer_id, kind, consecutive, updated_at) values ($1, $2, 0, $3) on conflict do nothing', [
          customerId,
          kind,
          ctx.at,
        ]);
        const counter = (
          await ctx.tx.query<{ consecutive: number; locked_at: Date | null }>('select consecutive, locked_at from password_failures where customer_id = $1 and kind = $2 for update', [
            customerId,
            kind,
          ])
        ).rows[0]!;
        const record = (outcome: string) => recordEvent(ctx.tx, { sessionId: ctx.row.id, at: ctx.at, agent: ctx.agent.username, customerId, step: 'password', outcome });
        if (counter.locked_at !== null) {
          await record('locked');
          const state = await allowed(ctx, { type: 'password', passed: false, locked: true });
          return state instanceof Refused ? state : { state, result: 'locked', attemptsLeft: 0 };
        }
        const column = kind === 'query' ? 'query_password_hash' : 'transaction_password_hash';
        const stored = (await ctx.tx.query<{ hash: string }>(`select ${column} as hash from customers where id = $1`, [customerId])).rows[0]!.hash;
        const passed = await verifyPassword(request.body.password, stored);
        if (passed) {
          await ctx.tx.query('update password_failures set consecutive = 0, updated_at = $3 where customer_id = $1 and kind = $2', [customerId, kind, ctx.at]);
          await record('passed');
          const state = await allowed(ctx, { type: 'password', passed: true });
          return state instanceof Refused ? state : { state, result: 'passed', attemptsLeft: null };
        }
        const consecutive = counter.consecutive + 1;
        const locked = consecutive >= LIMITS.passwordFailuresToLock;
        await ctx.tx.query('update password_failures set consecutive = $3, locked_at = $4, updated_at = $5 where customer_id = $1 and kind = $2', [
          customerId,
          kind,
          consecutive,
          locked ? ctx.at : null,
          ctx.at,
        ]);
        await record(locked ? 'locked' : 'failed');
        if (locked) {
          await raiseAlert(ctx.tx, { kind: 'password-locked', at: ctx.at, agentUsername: ctx.agent.username, sessionId: ctx.row.id, customerId, reasons: [`${kind}-password-locked`], details: { kind, failures: consecutive } });
        }
        const state = await allowed(ctx, { type: 'password', passed: false, locked });
        if (state instanceof Refused) return state;
        return fraudAfter(ctx, { state, result: locked ? 'locked' : 'failed', attemptsLeft: LIMITS.passwordFailuresToLock - consecutive }, customerId);
      }),
  );

  api.post(
    '/api/v1/verifications/:id/password-forgotten',
    { config, schema: { ...checkRoute, summary: 'Art. 6(2): the customer forgot the password → reset procedure' } },
    async (request) =>
      check(request, request.params.id, 'password-forgotten', async (ctx) => {
        const state = await allowed(ctx, { type: 'password-forgotten' });
        if (state instanceof Refused) return state;
        await recordEvent(ctx.tx, { sessionId: ctx.row.id, at: ctx.at, agent: ctx.agent.username, customerId: ctx.row.customer_id, step: 'password-forgotten', outcome: 'reset-procedure' });
        return { state, result: 'password-reset' };
      }),
  );

  api.post(
    '/api/v1/verifications/:id/otp',
    {
      config,
      schema: {
        ...checkRoute,
        summary: 'Art. 7: send a one-time passcode to the reserved mobile (never in the response)',
        response: { 200: OtpSendResponse, ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict', 'rate-limited', 'unavailable') },
      },
    },
    async (request) => {
      const sms = deps.sms;
      if (!sms) throw new AppError('unavailable', 'no SMS gateway is configured; passcodes cannot be sent (Art. 12 emergency procedure)');
      const answer = check(request, request.params.id, 'otp-send', async (ctx) => {
        const permitted = await allowed(ctx, { type: 'otp-send' });
        if (permitted instanceof Refused) return permitted;
        const customerId = ctx.row.customer_id!;
        const early = await fraudFirst(ctx, customerId);
        if (early) return { ...early, extra: { otp: null } };
        // Caps and cooldown are per customer: lock the customer so two sessions cannot both send.
        const customer = (await ctx.tx.query<{ mobile: string }>('select mobile from customers where id = $1 for update', [customerId])).rows[0]!;
        const windowStart = new Date(ctx.at.getTime() - LIMITS.otp.sendWindowSeconds * 1000);
        const sends = (
          await ctx.tx.query<{ sent_at: Date }>('select sent_at from verification_otps where customer_id = $1 and sent_at > $2', [customerId, windowStart])
        ).rows.map((r) => r.sent_at);
        const decision = otpSendDecision(sends, ctx.at);
        if (!decision.ok) {
          const why = decision.reason === 'cooldown' ? `wait ${LIMITS.otp.resendCooldownSeconds} s between passcodes` : `at most ${LIMITS.otp.maxSendsPerWindow} passcodes per ${LIMITS.otp.sendWindowSeconds / 60} minutes`;
          throw new AppError('rate-limited', `${why}; the next one can be sent at ${decision.retryAt.toISOString()}`);
        }
        await ctx.tx.query('update verification_otps set superseded_at = $2 where session_id = $1 and used_at is null and killed_at is null and superseded_at is null', [
          ctx.row.id,
          ctx.at,
        ]);
        const otpId = randomUUID();
        const code = String(randomInt(0, 10 ** LIMITS.otp.digits)).padStart(LIMITS.otp.digits, '0');
        const expiresAt = new Date(ctx.at.getTime() + LIMITS.otp.validitySeconds * 1000);
        await ctx.tx.query('insert into verification_otps (id, session_id, customer_id, code_hash, sent_at, expires_at) values ($1, $2, $3, $4, $5, $6)', [
          otpId,
          ctx.row.id,
          customerId,
          otpHash(deps.pepper, otpId, code),
          ctx.at,
          expiresAt,
        ]);
        await recordEvent(ctx.tx, { sessionId: ctx.row.id, at: ctx.at, agent: ctx.agent.username, customerId, step: 'otp-send', outcome: 'sent' });
        // Last, inside the transaction: if the gateway refuses, nothing above is kept.
        try {
          await sms.send({ to: customer.mobile, text: otpText(code) });
        } catch {
          throw new AppError('unavailable', 'the SMS gateway did not accept the passcode; try again or use the emergency procedure (Art. 12)');
        }
        const otp = { expiresAt: expiresAt.toISOString(), resendAvailableAt: nextSendAvailableAt(sends, ctx.at).toISOString() };
        return { state: ctx.state, result: 'sent', attemptsLeft: LIMITS.otp.maxWrongEntries, extra: { otp } };
      });
      // `extra` carries `otp` on every path (null when the session was suspended instead).
      return answer as Promise<z.infer<typeof OtpSendResponse>>;
    },
  );

  api.post(
    '/api/v1/verifications/:id/otp/verify',
    { config, schema: { ...checkRoute, summary: 'Art. 7: check the passcode the customer keyed; single use, 3 wrong entries kill it', body: OtpVerifyRequest } },
    async (request) =>
      check(request, request.params.id, 'otp', async (ctx) => {
        const permitted = await allowed(ctx, { type: 'otp', passed: true });
        if (permitted instanceof Refused) return permitted;
        const customerId = ctx.row.customer_id!;
        const early = await fraudFirst(ctx, customerId);
        if (early) return early;
        const otp = (
          await ctx.tx.query<{ id: string; code_hash: string; expires_at: Date; wrong_entries: number; used_at: Date | null; killed_at: Date | null }>(
            'select id, code_hash, expires_at, wrong_entries, used_at, killed_at from verification_otps where session_id = $1 and superseded_at is null order by sent_at desc limit 1 for update',
            [ctx.row.id],
          )
        ).rows[0];
        if (!otp) throw new AppError('conflict', 'no passcode was sent for this session; send one first');
        const record = (outcome: string) => recordEvent(ctx.tx, { sessionId: ctx.row.id, at: ctx.at, agent: ctx.agent.username, customerId, step: 'otp', outcome });
        if (otp.used_at !== null || otp.killed_at !== null || otp.expires_at.getTime() <= ctx.at.getTime()) {
          await record('expired');
          return { state: ctx.state, result: 'expired', attemptsLeft: 0 };
        }
        if (sameHex(otpHash(deps.pepper, otp.id, request.body.code), otp.code_hash)) {
          await ctx.tx.query('update verification_otps set used_at = $2 where id = $1', [otp.id, ctx.at]);
          await record('passed');
          const state = await allowed(ctx, { type: 'otp', passed: true });
          return state instanceof Refused ? state : { state, result: 'passed', attemptsLeft: null };
        }
        const wrong = otp.wrong_entries + 1;
        const killed = wrong >= LIMITS.otp.maxWrongEntries;
        await ctx.tx.query('update verification_otps set wrong_entries = $2, killed_at = $3 where id = $1', [otp.id, wrong, killed ? ctx.at : null]);
        await record(killed ? 'killed' : 'failed');
        const state = await allowed(ctx, { type: 'otp', passed: false });
        if (state instanceof Refused) return state;
        return fraudAfter(ctx, { state, result: killed ? 'killed' : 'failed', attemptsLeft: LIMITS.otp.maxWrongEntries - wrong }, customerId);
      }),
  );

  api.post(
    '/api/v1/verifications/:id/method',
    { config, schema: { ...checkRoute, summary: 'Art. 14: switch to an allowed alternative method, with the reason', body: MethodRequest } },
    async (request) =>
      check(request, request.params.id, 'method', async (ctx) => {
        const state = await allowed(ctx, { type: 'switch-method', alternative: request.body.alternative });
        if (state instanceof Refused) return state;
        await recordEvent(ctx.tx, { sessionId: ctx.row.id, at: ctx.at, agent: ctx.agent.username, customerId: ctx.row.customer_id, step: 'method', outcome: request.body.alternative, note: request.body.reason });
        return { state, result: 'switched' };
      }),
  );

  api.post(
    '/api/v1/verifications/:id/confirmation',
    { config, schema: { ...checkRoute, summary: 'Art. 8: the customer affirmed (or not) the read-back; verified only when every step passed', body: ConfirmationRequest } },
    async (request) =>
      check(request, request.params.id, 'confirmation', async (ctx) => {
        const permitted = await allowed(ctx, { type: 'confirmation', confirmed: request.body.confirmed });
        if (permitted instanceof Refused) return permitted;
        const early = await fraudFirst(ctx, ctx.row.customer_id);
        if (early) return early;
        await recordEvent(ctx.tx, { sessionId: ctx.row.id, at: ctx.at, agent: ctx.agent.username, customerId: ctx.row.customer_id, step: 'confirmation', outcome: permitted.status });
        return { state: permitted, result: permitted.status === 'verified' ? 'verified' : 'not-confirmed' };
      }),
  );

  api.post(
    '/api/v1/verifications/:id/approval-request',
    { config, schema: { ...checkRoute, summary: 'Art. 10: ask a lead to approve a session beyond the agent’s tier; the session waits', body: ApprovalRequestBody } },
    async (request) =>
      check(request, request.params.id, 'approval-request', async (ctx) => {
        const state = await allowed(ctx, { type: 'request-approval' });
        if (state instanceof Refused) return state;
        await ctx.tx.query(
          `insert into verification_approvals (id, session_id, reasons, requested_by, requested_at, note, status) values ($1, $2, $3::jsonb, $4, $5, $6, 'pending')`,
          [randomUUID(), ctx.row.id, JSON.stringify(state.approvalReasons), ctx.agent.username, ctx.at, request.body.note ?? null],
        );
        await recordEvent(ctx.tx, { sessionId: ctx.row.id, at: ctx.at, agent: ctx.agent.username, customerId: ctx.row.customer_id, step: 'approval-request', outcome: 'requested', note: request.body.note ?? null });
        return { state, result: 'requested' };
      }),
  );
}
