// The verification panel's service in main: the handlers behind `verify:*` and `approvals:*`.
// The records service is the authority for every check (Art. 5–8, 10, 18); this service carries
// the signed-in agent's token to it, journals every step (Art. 11) and watches what can change
// without the agent acting — a lead's decision on a waiting session and, on a lead's desk, the
// pending-approvals inbox — on the records service's pushes. It only composes the parts beside it.
import type { AgentProfile } from '../../../common/domain.js';
import type { DeskCall, DeskEvent } from '../../../common/floor-api.js';
import { mayApprove } from '../../../common/policy.js';
import type { VerifyConfig } from '../../../common/verify.js';
import type { EventBus } from '../event-bus.js';
import type { Journal } from '../journal/index.js';
import type { Logger } from '../logger.js';
import type { RecordsClient } from '../records-client.js';
import type { Settings } from '../settings.js';
import { approvalHandlers } from './approval-handlers.js';
import { createApprovalsWatch } from './approvals-watch.js';
import { callbackHandlers } from './callback-handlers.js';
import { callHandlers } from './call-handlers.js';
import { requireSession, type VerificationContext, type VerificationHandlers } from './context.js';
import { createSessionMemory } from './memory.js';
import { createSessionWatch } from './session-watch.js';
import { stepHandlers } from './step-handlers.js';

export type { VerificationHandlers, VerifyChannel } from './context.js';

export interface VerificationServiceOptions {
  records: RecordsClient;
  journal: Journal;
  logger: Logger;
  events: Pick<EventBus, 'emit'>;
  settings: Pick<Settings, 'get'>;
  /** The signed-in agent and their token (app-core keeps it; it never reaches the renderer). */
  session: () => { token: string; agent: AgentProfile } | null;
  /** Told when a session's view changes on this desk (presence.ts reports the step). */
  onSessionChanged?: () => void;
}

export interface VerificationService {
  handlers: VerificationHandlers;
  /** The agent signed in: a lead's desk starts watching the pending approvals. */
  signedIn(agent: AgentProfile): void;
  /** The agent signed out (or the app stops): every watch stops, the session memory is dropped. */
  signedOut(): void;
  /** A push from the records service (records-events): the watches re-fetch what it names. */
  pushed(event: DeskEvent): void;
  /** The verification of a call as the floor shows it, or null when none was started. */
  callView(
    callId: string,
  ): Pick<DeskCall, 'businessType' | 'sessionId' | 'step' | 'awaitingApproval'> | null;
}

export function createVerificationService(
  options: VerificationServiceOptions,
): VerificationService {
  const { records, journal, logger, events, settings, session } = options;
  const ctx: VerificationContext = { records, journal, logger, signedIn: requireSession(session) };
  const memory = createSessionMemory(journal, options.onSessionChanged);
  const sessions = createSessionWatch({
    records,
    journal,
    logger,
    events,
    memory,
    session,
  });
  const inbox = createApprovalsWatch({
    records,
    logger,
    events,
    session,
  });

  const config = (): VerifyConfig => ({
    companyName: settings.get('companyName'),
    departmentName: settings.get('departmentName'),
    complaintHotline: settings.get('complaintHotline'),
  });

  return {
    handlers: {
      // The greeting's names are not confidential: answered signed out too, so the panel renders.
      'verify:config': () => config(),
      ...stepHandlers(ctx, memory, sessions),
      ...callHandlers(ctx, { memory, sessions }),
      ...approvalHandlers(ctx, inbox),
      ...callbackHandlers(ctx, memory, events),
    },
    signedIn(agent) {
      sessions.invalidate();
      inbox.invalidate();
      if (mayApprove(agent.tier)) inbox.start();
    },
    signedOut() {
      sessions.stopAll();
      inbox.stopAll();
      memory.clear();
    },
    callView(callId) {
      const known = memory.ofCall(callId);
      if (!known) return null;
      const { last } = known;
      return {
        businessType: last.businessType,
        sessionId: last.id,
        step: last.nextStep,
        awaitingApproval: last.status === 'awaiting-approval' || last.approval.state === 'pending',
      };
    },
    pushed(event) {
      sessions.pushed(event);
      inbox.pushed(event);
    },
  };
}
