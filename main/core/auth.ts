// The signed-in agent (Art. 10: nobody acts beyond what they were allowed): sign-in and sign-out
// on the records service, each journaled (Art. 11). The token stays here in main — the renderer
// only ever sees the profile — and whatever acts for the agent reads the session from here.
import type { AgentProfile } from '../../common/domain.js';
import { AppError } from '../../common/result.js';
import type { Handlers } from './dispatcher.js';
import type { EventBus } from './event-bus.js';
import type { Journal } from './journal/index.js';
import type { Logger } from './logger.js';
import type { RecordsClient } from './records-client.js';

export interface AgentSession {
  token: string;
  agent: AgentProfile;
}

export interface AuthOptions {
  records: Pick<RecordsClient, 'signIn' | 'signOut'>;
  journal: Pick<Journal, 'append'>;
  events: Pick<EventBus, 'emit'>;
  logger: Logger;
  /** After a sign-in is journaled and announced. */
  onSignedIn(agent: AgentProfile): void;
  /** As soon as the session is dropped, before the sign-out is journaled. */
  onSignedOut(): void;
  /** Last words with the token before it is revoked (the desk reports `signed-out`). */
  beforeRevoke?(token: string): Promise<void>;
}

export interface Auth {
  current(): AgentSession | null;
  handlers: Pick<Handlers, 'auth:current' | 'auth:sign-in' | 'auth:sign-out'>;
  /** Signs out locally at once, then revokes the token on the records service (best effort). */
  signOut(reason: 'agent' | 'shutdown'): Promise<void>;
}

export function createAuth(options: AuthOptions): Auth {
  const { records, journal, events, logger } = options;
  let session: AgentSession | null = null;

  const signOut = async (reason: 'agent' | 'shutdown'): Promise<void> => {
    if (!session) return;
    const { token, agent } = session;
    session = null;
    options.onSignedOut();
    await journal.append('auth.sign-out', { username: agent.username, reason });
    events.emit('agent:changed', { agent: null });
    await options.beforeRevoke?.(token).catch(() => undefined);
    try {
      await records.signOut(token);
    } catch (error) {
      // Signed out locally regardless; the token expires on the server by itself.
      logger.warn({ err: (error as Error).message }, 'records service did not confirm sign-out');
    }
  };

  return {
    current: () => session,
    signOut,
    handlers: {
      'auth:current': () => ({ agent: session?.agent ?? null }),
      'auth:sign-in': async ({ username, password }) => {
        if (session)
          throw new AppError(
            'conflict',
            `already signed in as ${session.agent.username}; sign out first`,
          );
        try {
          const result = await records.signIn(username, password);
          session = { token: result.token, agent: result.agent };
        } catch (error) {
          if (error instanceof AppError && error.code === 'invalid-credentials') {
            await journal.append('auth.sign-in-refused', { username });
          }
          throw error;
        }
        await journal.append('auth.sign-in', {
          username: session.agent.username,
          tier: session.agent.tier,
        });
        events.emit('agent:changed', { agent: session.agent });
        options.onSignedIn(session.agent);
        return session.agent;
      },
      'auth:sign-out': async () => {
        await signOut('agent');
        return {};
      },
    },
  };
}
