// What the verification service's parts share: the channels they serve, the signed-in agent and
// token they act for (kept in main, never sent to the renderer), and the way into the journal.
import type { AgentProfile } from '../../../common/domain.js';
import { AppError } from '../../../common/result.js';
import type { Handlers } from '../dispatcher.js';
import type { Journal } from '../journal/index.js';
import type { Logger } from '../logger.js';
import type { RecordsClient } from '../records-client.js';

export type VerifyChannel = Extract<keyof Handlers, `verify:${string}` | `approvals:${string}`>;
export type VerificationHandlers = Pick<Handlers, VerifyChannel>;

export interface SignedIn {
  token: string;
  agent: AgentProfile;
}

export interface VerificationContext {
  records: RecordsClient;
  journal: Pick<Journal, 'append'>;
  logger: Logger;
  /** The signed-in agent and their token; throws `unauthorized` when nobody is signed in. */
  signedIn(): SignedIn;
}

export function requireSession(session: () => SignedIn | null): () => SignedIn {
  return () => {
    const current = session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current;
  };
}

/** A records-service refusal's contract code; anything else is `internal`. */
export const errorCode = (error: unknown) => (error instanceof AppError ? error.code : 'internal');
