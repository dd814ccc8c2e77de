// Art. 14 choices on the desk: a declined step (journaled with the reason and what was offered),
// and the call-back to the reserved mobile. The records service's dial carries the number in full:
// it goes from here to the phone (`phone:dial-callback`) and nowhere else — the panel, the journal
// and the logs get the masked form (Art. 11).
import type { EventBus } from '../event-bus.js';
import type { VerificationContext, VerificationHandlers } from './context.js';
import type { SessionMemory } from './memory.js';

type CallbackChannel = 'verify:decline' | 'verify:callback-dial' | 'verify:callback-result';

export function callbackHandlers(
  ctx: VerificationContext,
  memory: SessionMemory,
  events: Pick<EventBus, 'emit'>,
): Pick<VerificationHandlers, CallbackChannel> {
  const { records, journal } = ctx;
  return {
    'verify:decline': async ({ sessionId, step, reason }) => {
      const { token, agent } = ctx.signedIn();
      const response = await records.decline(token, sessionId, step, reason);
      memory.remember(response, `decline:${step}`);
      await journal.append('verify.declined', {
        agent: agent.username,
        callId: response.callId,
        sessionId,
        step,
        reason,
        offered: response.decline.alternatives.join(','),
        noAlternative: response.decline.noAlternative,
      });
      return response;
    },

    'verify:callback-dial': async ({ sessionId }) => {
      const { token, agent } = ctx.signedIn();
      const { dial, ...view } = await records.callbackDial(token, sessionId);
      memory.remember(view, 'callback-dial:dialled');
      await journal.append('verify.callback-dialled', {
        agent: agent.username,
        callId: view.callId,
        sessionId,
        dialId: dial.dialId,
        number: dial.masked,
      });
      // The full number: to the phone only, which dials it and shows `display`.
      events.emit('phone:dial-callback', {
        target: dial.number,
        display: dial.masked,
        dialId: dial.dialId,
        sessionId,
      });
      ctx.logger.info({ sessionId, dialId: dial.dialId }, 'call-back to the reserved mobile');
      return {
        ...view,
        dial: { dialId: dial.dialId, masked: dial.masked, expiresAt: dial.expiresAt },
      };
    },

    'verify:callback-result': async ({ sessionId, dialId, callId, answered }) => {
      const { token, agent } = ctx.signedIn();
      const response = await records.callbackResult(token, sessionId, { dialId, callId, answered });
      memory.remember(response, `callback:${response.result}`);
      await journal.append('verify.callback-checked', {
        agent: agent.username,
        callId,
        sessionId,
        dialId,
        result: response.result,
        status: response.status,
      });
      return response;
    },
  };
}
