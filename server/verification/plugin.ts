// Verification sessions (Art. 5–8, 10, 14, 18): open one for a call, read it, and run its checks,
// one module per step in ./steps/. The policy (common/policy.ts) decides every step; the session
// is opened even beyond the agent's tier, recording that a lead must approve it (Art. 10).
import { randomUUID } from 'node:crypto';
import { normalizeCallerNumber } from '../../common/phone-number.js';
import {
  callerCountsAsReservedMobile,
  initialSession,
  LIMITS,
  mayApprove,
  mayVerify,
} from '../../common/policy.js';
import { CreateVerificationRequest, IdParams, Verification } from '../../common/records-api.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api } from '../http.js';
import { inTransaction, overPermission } from '../permissions.js';
import { createChecks, type Checks } from './check.js';
import { customerInformedRoute } from './customer-informed.js';
import { evaluateFraud, suspendFor, verdictOf } from './fraud.js';
import { fraudThresholds, type VerificationDeps } from './options.js';
import { insertSession } from './repository.js';
import { approvalRequestStep } from './steps/approval-request.js';
import { basicStep } from './steps/basic.js';
import { businessStep } from './steps/business.js';
import { callbackDialStep, callbackResultStep, declineStep } from './steps/callback.js';
import { confirmationStep } from './steps/confirmation.js';
import { methodStep } from './steps/method.js';
import { otpSendStep, otpVerifyStep } from './steps/otp.js';
import { passwordStep } from './steps/password.js';
import { requireTrainingPassed, sessionIsTraining } from './training.js';
import { insertSessionView, sessionView } from './view.js';

const TAGS = ['verification'];

/** The check routes, in the order they are registered (and listed in /openapi.json). */
const STEPS: readonly ((api: Api, checks: Checks) => void)[] = [
  basicStep,
  passwordStep,
  otpSendStep,
  otpVerifyStep,
  methodStep,
  confirmationStep,
  approvalRequestStep,
  businessStep,
  declineStep,
  callbackDialStep,
  callbackResultStep,
];

export async function verificationPlugin(api: Api, deps: VerificationDeps): Promise<void> {
  const { db, now } = deps;

  api.post(
    '/api/v1/verifications',
    {
      schema: {
        summary: 'Open a verification session for a call; the policy says which steps it needs',
        tags: TAGS,
        security: BEARER,
        body: CreateVerificationRequest,
        response: {
          201: Verification,
          ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict'),
        },
      },
    },
    async (request, reply) => {
      const { agent } = await deps.requireAgent(request);
      const { callId, businessType, customerId, callerIdSource } = request.body;
      const callerNumber = normalizeCallerNumber(request.body.callerNumber);
      if (callerNumber === null)
        throw new AppError('bad-request', 'callerNumber: must be a phone number');
      const at = now();
      const view = await inTransaction(db, async (tx) => {
        // Art. 10: a tier that does not verify (admin, by default) is refused and recorded.
        if (!mayVerify(agent.tier))
          return overPermission(
            tx,
            at,
            agent,
            'verify',
            `the ${agent.tier} tier does not verify customers (Art. 10); the attempt was recorded`,
            { customerId: customerId ?? null },
          );
        const id = randomUUID();
        const thresholds = fraudThresholds(deps);
        const customer = await sessionIsTraining(
          tx,
          { customerId, asked: request.body.training, sessionId: id, callerNumber, at },
          thresholds,
        );
        const { training, mobile } = customer;
        if (!training) await requireTrainingPassed(tx, deps, agent.username);
        // Art. 18: a number only the From header gave counts as not the reserved mobile.
        const callerIsReserved =
          mobile === undefined
            ? null
            : callerCountsAsReservedMobile(callerNumber, callerIdSource, mobile);
        // Beyond the agent's tier is not refused here: the session records that a lead must approve
        // it (Art. 10); completing it without that approval is the over-permission attempt.
        const state = initialSession(businessType, agent.tier, callerIsReserved);
        // Art. 5(2): a known customer's failures in the window so far (earlier calls count), so
        // the panel shows the attempts they have left; the basic check counts again, locked. A
        // training session counts its own failures only (it has none yet).
        state.basicFailures = Math.min(customer.basicFailures, LIMITS.basic.maxFailures);
        const session = {
          id,
          callId,
          agent,
          callerNumber,
          callerIdSource,
          customerId: customerId ?? null,
          state,
          at,
          training,
        };
        // Art. 18 before the insert: the new session (in progress) adds nothing the rules count
        // (its customer is counted as the one concerned; it has no failure and no passcode yet).
        // With a customer, its counts came with it; nearly always no rule hits, and the session
        // is inserted and answered in one statement.
        const verdict = customer.facts
          ? verdictOf(customer.facts, thresholds)
          : await evaluateFraud(
              tx,
              { callerNumber, customerId: null, now: at, trainingSession: training ? id : null },
              thresholds,
            );
        if (verdict.reasons.length === 0) return insertSessionView(tx, session);
        const row = await insertSession(tx, session);
        const suspending = { at, agent, row, state, customerId: session.customerId };
        await suspendFor(tx, deps, suspending, verdict);
        return sessionView(tx, id);
      });
      request.log.info(
        { session: view.id, businessType, status: view.status, approval: view.approval.state },
        'verification session opened',
      );
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
        response: {
          200: Verification,
          ...errorResponses('unauthorized', 'forbidden', 'not-found'),
        },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const at = now();
      return inTransaction(db, async (tx) => {
        const view = await sessionView(tx, request.params.id);
        if (view.agent !== agent.username && !mayApprove(agent.tier)) {
          return overPermission(
            tx,
            at,
            agent,
            'view-another-agents-session',
            'only the session’s agent or a lead may see it (Art. 10, 11); the attempt was recorded',
            {
              sessionId: view.id,
            },
          );
        }
        return view;
      });
    },
  );

  const checks = createChecks(deps);
  for (const step of STEPS) step(api, checks);
  customerInformedRoute(api, deps);
}
