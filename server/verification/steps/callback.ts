// Art. 14 choices: a customer who declines a step (recorded with the reason and what was offered;
// nothing for the basic check, Art. 5), and the call-back to the reserved mobile instead of the
// OTP — a dial handed to the desk's phone only, and the phone's report that it was answered.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  CALLBACK_LIMITS,
  callbackDialValid,
  declineOptions,
  declineOutcome,
} from '../../../common/policy.js';
import { maskCaller } from '../../../common/phone-number.js';
import {
  CallbackDialResponse,
  CallbackResultRequest,
  DeclineRequest,
  DeclineResponse,
} from '../../../common/records-api.js';
import { AppError } from '../../../common/result.js';
import { reservedMobile } from '../../customers/repository.js';
import type { Api } from '../../http.js';
import { Refused } from '../../permissions.js';
import {
  callbackDialOf,
  countCallbackDials,
  insertCallbackDial,
  settleCallbackDial,
} from '../callbacks.js';
import type { Checks } from '../check.js';
import { recordEvent } from '../repository.js';

export function declineStep(api: Api, { run, schema, config }: Checks): void {
  api.post(
    '/api/v1/verifications/:id/decline',
    {
      config,
      schema: {
        ...schema,
        summary: 'Art. 14: the customer declines a step; recorded with what may be offered',
        body: DeclineRequest,
        response: { ...schema.response, 200: DeclineResponse },
      },
    },
    async (request) => {
      const answer = run(request, request.params.id, 'decline', async (ctx) => {
        const { step, reason } = request.body;
        if (ctx.state.status !== 'in-progress')
          throw new AppError('conflict', `the session is ${ctx.state.status}; nothing to decline`);
        if (!ctx.state.steps.includes(step) || ctx.state.passed.includes(step))
          throw new AppError('conflict', `the ${step} step is not open in this session`);
        const options = declineOptions(ctx.state, step);
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId: ctx.row.customer_id,
          step: 'decline',
          outcome: declineOutcome(step, options),
          note: reason,
        });
        return { state: ctx.state, result: 'declined', extra: { decline: { step, ...options } } };
      });
      // `extra` carries `decline` on the only path that answers.
      return answer as Promise<z.infer<typeof DeclineResponse>>;
    },
  );
}

export function callbackDialStep(api: Api, { run, allowed, schema, config }: Checks): void {
  api.post(
    '/api/v1/verifications/:id/callback-dial',
    {
      config,
      schema: {
        ...schema,
        summary:
          'Art. 14: dial the reserved mobile instead of the OTP — the number for the desk’s phone only',
        response: { ...schema.response, 200: CallbackDialResponse },
      },
    },
    async (request) => {
      const answer = run(request, request.params.id, 'callback-dial', async (ctx) => {
        // Art. 9: a training customer's mobile is synthetic and may be someone's real phone; a
        // training call-back is never dialled (the desk gets no number to ring).
        if (ctx.row.training)
          throw new AppError(
            'conflict',
            'a training session’s call-back is not dialled: the training line cannot ring a real phone',
          );
        const state = await allowed(ctx, { type: 'callback-dial' });
        if (state instanceof Refused) return state;
        const customerId = ctx.row.customer_id;
        const mobile = customerId === null ? undefined : await reservedMobile(ctx.tx, customerId);
        if (customerId === null || mobile === undefined)
          throw new AppError('conflict', 'the session has no customer to call back');
        if ((await countCallbackDials(ctx.tx, ctx.row.id)) >= CALLBACK_LIMITS.maxDialsPerSession)
          throw new AppError(
            'rate-limited',
            `at most ${CALLBACK_LIMITS.maxDialsPerSession} call-backs per session; ask the customer to call again`,
          );
        const dialId = randomUUID();
        const expiresAt = new Date(ctx.at.getTime() + CALLBACK_LIMITS.dialValiditySeconds * 1000);
        await insertCallbackDial(ctx.tx, {
          id: dialId,
          sessionId: ctx.row.id,
          customerId,
          agent: ctx.agent.username,
          at: ctx.at,
          expiresAt,
        });
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId,
          step: 'callback-dial',
          outcome: 'dialled',
        });
        const dial = {
          dialId,
          number: mobile,
          masked: maskCaller(mobile),
          expiresAt: expiresAt.toISOString(),
        };
        return { state, result: 'dialled', extra: { dial } };
      });
      // `extra` carries `dial` on the only path that answers (a refusal throws).
      return answer as Promise<z.infer<typeof CallbackDialResponse>>;
    },
  );
}

export function callbackResultStep(api: Api, { run, allowed, schema, config }: Checks): void {
  api.post(
    '/api/v1/verifications/:id/callback',
    {
      config,
      schema: {
        ...schema,
        summary: 'Art. 14: the desk’s phone reports whether the reserved mobile answered the dial',
        body: CallbackResultRequest,
      },
    },
    async (request) =>
      run(request, request.params.id, 'callback', async (ctx) => {
        const { dialId, callId, answered } = request.body;
        const dial = await callbackDialOf(ctx.tx, ctx.row.id, dialId);
        if (!dial) throw new AppError('not-found', 'no such call-back dial for this session');
        if (dial.outcome !== null)
          throw new AppError('conflict', `this call-back was already reported (${dial.outcome})`);
        if (answered && !callbackDialValid(dial.dialled_at, ctx.at))
          throw new AppError('conflict', 'this call-back dial has expired; dial again');
        const state = await allowed(ctx, { type: 'callback', answered });
        if (state instanceof Refused) return state;
        await settleCallbackDial(ctx.tx, dialId, callId, answered, ctx.at);
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId: ctx.row.customer_id,
          step: 'callback',
          outcome: answered ? 'answered' : 'not-answered',
        });
        return { state, result: answered ? 'passed' : 'not-answered' };
      }),
  );
}
