// Art. 7 one-time passcode: sent through the SMS gateway to the reserved mobile only (never in a
// response), capped per customer (cooldown, sends per window), valid for a set time, single use,
// killed by the third wrong entry. Only its keyed hash is stored; a gateway refusal keeps nothing.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { LIMITS, nextSendAvailableAt, otpSendDecision } from '../../../common/policy.js';
import { OtpSendResponse, OtpVerifyRequest } from '../../../common/records-api.js';
import { AppError } from '../../../common/result.js';
import { lockCustomerMobile } from '../../customers/repository.js';
import { errorResponses, type Api } from '../../http.js';
import { Refused } from '../../permissions.js';
import { insertTrainingOtp } from '../../training/repository.js';
import type { Checks } from '../check.js';
import { newOtpCode, otpHash, sameHex } from '../crypto.js';
import {
  insertOtp,
  lockLatestOtp,
  markOtpUsed,
  recordEvent,
  recordWrongEntry,
  sendsSince,
  supersedeOtps,
} from '../repository.js';

/** The passcode text (Art. 7): the only place the code is in clear, on its way to the gateway. */
const otpText = (code: string) =>
  `【电话银行】您的动态口令为 ${code}，${LIMITS.otp.validitySeconds / 60} 分钟内有效，请勿告诉任何人（包括客服人员）。Your code is ${code}; never share it.`;

export function otpSendStep(
  api: Api,
  { deps, run, allowed, fraudFirst, schema, config }: Checks,
): void {
  api.post(
    '/api/v1/verifications/:id/otp',
    {
      config,
      schema: {
        ...schema,
        summary: 'Art. 7: send a one-time passcode to the reserved mobile (never in the response)',
        response: {
          200: OtpSendResponse,
          ...errorResponses(
            'unauthorized',
            'forbidden',
            'not-found',
            'conflict',
            'rate-limited',
            'unavailable',
          ),
        },
      },
    },
    async (request) => {
      const sms = deps.sms;
      const answer = run(request, request.params.id, 'otp-send', async (ctx) => {
        const permitted = await allowed(ctx, { type: 'otp-send' });
        if (permitted instanceof Refused) return permitted;
        // Art. 9: a training session's passcode goes to the training outbox, never to an SMS.
        if (!sms && !ctx.row.training)
          throw new AppError(
            'unavailable',
            'no SMS gateway is configured; passcodes cannot be sent (Art. 12 emergency procedure)',
          );
        const customerId = ctx.row.customer_id!;
        const early = await fraudFirst(ctx, customerId);
        if (early) return { ...early, extra: { otp: null } };
        // Caps and cooldown are per customer: lock the customer so two sessions cannot both send.
        const mobile = await lockCustomerMobile(ctx.tx, customerId);
        const sends = await sendsSince(
          ctx.tx,
          customerId,
          new Date(ctx.at.getTime() - LIMITS.otp.sendWindowSeconds * 1000),
          ctx.row.training ? ctx.row.id : null,
        );
        const decision = otpSendDecision(sends, ctx.at);
        if (!decision.ok) {
          const why =
            decision.reason === 'cooldown'
              ? `wait ${LIMITS.otp.resendCooldownSeconds} s between passcodes`
              : `at most ${LIMITS.otp.maxSendsPerWindow} passcodes per ${LIMITS.otp.sendWindowSeconds / 60} minutes`;
          throw new AppError(
            'rate-limited',
            `${why}; the next one can be sent at ${decision.retryAt.toISOString()}`,
          );
        }
        await supersedeOtps(ctx.tx, ctx.row.id, ctx.at);
        const otpId = randomUUID();
        const code = newOtpCode();
        const expiresAt = new Date(ctx.at.getTime() + LIMITS.otp.validitySeconds * 1000);
        await insertOtp(ctx.tx, {
          id: otpId,
          sessionId: ctx.row.id,
          customerId,
          codeHash: otpHash(deps.pepper, otpId, code),
          sentAt: ctx.at,
          expiresAt,
        });
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId,
          step: 'otp-send',
          outcome: 'sent',
        });
        // Last, inside the transaction: if the gateway refuses, nothing above is kept.
        try {
          if (ctx.row.training)
            await insertTrainingOtp(ctx.tx, { sessionId: ctx.row.id, code, at: ctx.at });
          else await sms!.send({ to: mobile, text: otpText(code) });
        } catch {
          throw new AppError(
            'unavailable',
            'the SMS gateway did not accept the passcode; try again or use the emergency procedure (Art. 12)',
          );
        }
        const otp = {
          expiresAt: expiresAt.toISOString(),
          resendAvailableAt: nextSendAvailableAt(sends, ctx.at).toISOString(),
        };
        return {
          state: ctx.state,
          result: 'sent',
          attemptsLeft: LIMITS.otp.maxWrongEntries,
          extra: { otp },
        };
      });
      // `extra` carries `otp` on every path (null when the session was suspended instead).
      return answer as Promise<z.infer<typeof OtpSendResponse>>;
    },
  );
}

export function otpVerifyStep(
  api: Api,
  { deps, run, allowed, fraudFirst, fraudAfter, schema, config }: Checks,
): void {
  api.post(
    '/api/v1/verifications/:id/otp/verify',
    {
      config,
      schema: {
        ...schema,
        summary:
          'Art. 7: check the passcode the customer keyed; single use, 3 wrong entries kill it',
        body: OtpVerifyRequest,
      },
    },
    async (request) =>
      run(request, request.params.id, 'otp', async (ctx) => {
        const permitted = await allowed(ctx, { type: 'otp', passed: true });
        if (permitted instanceof Refused) return permitted;
        const customerId = ctx.row.customer_id!;
        const early = await fraudFirst(ctx, customerId);
        if (early) return early;
        const otp = await lockLatestOtp(ctx.tx, ctx.row.id);
        if (!otp)
          throw new AppError('conflict', 'no passcode was sent for this session; send one first');
        const record = (outcome: string) =>
          recordEvent(ctx.tx, {
            sessionId: ctx.row.id,
            at: ctx.at,
            agent: ctx.agent.username,
            customerId,
            step: 'otp',
            outcome,
          });
        if (
          otp.used_at !== null ||
          otp.killed_at !== null ||
          otp.expires_at.getTime() <= ctx.at.getTime()
        ) {
          await record('expired');
          return { state: ctx.state, result: 'expired', attemptsLeft: 0 };
        }
        if (sameHex(otpHash(deps.pepper, otp.id, request.body.code), otp.code_hash)) {
          await markOtpUsed(ctx.tx, otp.id, ctx.at);
          await record('passed');
          const state = await allowed(ctx, { type: 'otp', passed: true });
          return state instanceof Refused ? state : { state, result: 'passed', attemptsLeft: null };
        }
        const wrong = otp.wrong_entries + 1;
        const killed = wrong >= LIMITS.otp.maxWrongEntries;
        await recordWrongEntry(ctx.tx, otp.id, wrong, killed ? ctx.at : null);
        await record(killed ? 'killed' : 'failed');
        const state = await allowed(ctx, { type: 'otp', passed: false });
        if (state instanceof Refused) return state;
        return fraudAfter(
          ctx,
          {
            state,
            result: killed ? 'killed' : 'failed',
            attemptsLeft: LIMITS.otp.maxWrongEntries - wrong,
          },
          customerId,
        );
      }),
  );
}
