// Art. 6 password check: the query or the transaction password, by business type, compared with
// its scrypt hash. Five consecutive failures per customer and kind, across sessions, lock it with
// an alert; a success resets the count. A customer who forgot it goes to the reset procedure.
import { LIMITS, passwordKindFor, type OtherAlertReason } from '../../../common/policy.js';
import { PasswordCheckRequest } from '../../../common/records-api.js';
import { raiseAlert } from '../../alerts/repository.js';
import { passwordHashOf } from '../../customers/repository.js';
import type { Api } from '../../http.js';
import { verifyPassword } from '../../passwords.js';
import { Refused } from '../../permissions.js';
import type { Checks } from '../check.js';
import { trainingPasswordCounter } from '../training.js';
import {
  lockPasswordCounter,
  recordEvent,
  resetPasswordCounter,
  setPasswordCounter,
} from '../repository.js';

export function passwordStep(
  api: Api,
  { run, allowed, fraudFirst, fraudAfter, schema, config }: Checks,
): void {
  api.post(
    '/api/v1/verifications/:id/password',
    {
      config,
      schema: {
        ...schema,
        summary: 'Art. 6 password check (query or transaction password by business type)',
        body: PasswordCheckRequest,
      },
    },
    async (request) =>
      run(request, request.params.id, 'password', async (ctx) => {
        const permitted = await allowed(ctx, { type: 'password', passed: true });
        if (permitted instanceof Refused) return permitted;
        const customerId = ctx.row.customer_id!;
        const early = await fraudFirst(ctx, customerId);
        if (early) return early;
        const kind = passwordKindFor(ctx.row.business_type)!;
        // The counter row is locked too: two sessions for one customer cannot both miss the 5th.
        // A training session counts its own misses only (Art. 9): the shared row stays live's.
        const training = ctx.row.training;
        const counter = training
          ? await trainingPasswordCounter(ctx.tx, ctx.row.id)
          : await lockPasswordCounter(ctx.tx, customerId, kind, ctx.at);
        const record = (outcome: string) =>
          recordEvent(ctx.tx, {
            sessionId: ctx.row.id,
            at: ctx.at,
            agent: ctx.agent.username,
            customerId,
            step: 'password',
            outcome,
          });
        if (counter.locked_at !== null) {
          await record('locked');
          const state = await allowed(ctx, { type: 'password', passed: false, locked: true });
          return state instanceof Refused ? state : { state, result: 'locked', attemptsLeft: 0 };
        }
        const passed = await verifyPassword(
          request.body.password,
          await passwordHashOf(ctx.tx, customerId, kind),
        );
        if (passed) {
          if (!training) await resetPasswordCounter(ctx.tx, customerId, kind, ctx.at);
          await record('passed');
          const state = await allowed(ctx, { type: 'password', passed: true });
          return state instanceof Refused ? state : { state, result: 'passed', attemptsLeft: null };
        }
        const consecutive = counter.consecutive + 1;
        const locked = consecutive >= LIMITS.passwordFailuresToLock;
        if (!training)
          await setPasswordCounter(
            ctx.tx,
            customerId,
            kind,
            consecutive,
            locked ? ctx.at : null,
            ctx.at,
          );
        await record(locked ? 'locked' : 'failed');
        // Art. 9: a training customer's lock tells no lead anything (the drill ends there).
        if (locked && !training) {
          await raiseAlert(ctx.tx, {
            kind: 'password-locked',
            at: ctx.at,
            agentUsername: ctx.agent.username,
            sessionId: ctx.row.id,
            customerId,
            reasons: [`${kind}-password-locked` satisfies OtherAlertReason],
            details: { kind, failures: consecutive },
          });
        }
        const state = await allowed(ctx, { type: 'password', passed: false, locked });
        if (state instanceof Refused) return state;
        return fraudAfter(
          ctx,
          {
            state,
            result: locked ? 'locked' : 'failed',
            attemptsLeft: LIMITS.passwordFailuresToLock - consecutive,
          },
          customerId,
        );
      }),
  );

  api.post(
    '/api/v1/verifications/:id/password-forgotten',
    {
      config,
      schema: {
        ...schema,
        summary: 'Art. 6(2): the customer forgot the password → reset procedure',
      },
    },
    async (request) =>
      run(request, request.params.id, 'password-forgotten', async (ctx) => {
        const state = await allowed(ctx, { type: 'password-forgotten' });
        if (state instanceof Refused) return state;
        await recordEvent(ctx.tx, {
          sessionId: ctx.row.id,
          at: ctx.at,
          agent: ctx.agent.username,
          customerId: ctx.row.customer_id,
          step: 'password-forgotten',
          outcome: 'reset-procedure',
        });
        return { state, result: 'password-reset' };
      }),
  );
}
