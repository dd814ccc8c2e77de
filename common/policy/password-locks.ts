// Who may lift a password lock (Art. 6 with Art. 10): after the reset procedure, a lead — never
// an agent of the call where the password locked, even a lead (four eyes, as for approvals).
// Pure data and functions: no I/O, no Node, no zod.
import type { Tier } from '../values.js';
import { mayApprove } from './tiers.js';

/** Why a lift is refused; null when it may go ahead. */
export type LockLiftRefusal = 'not-lead' | 'locking-agent';

/**
 * `lockingAgents`: the agents of the call where the lock happened (the session's agent and whoever
 * keyed the failing check). Leads are the tiers that may approve (TIER_POLICY).
 */
export function lockLiftRefusal(
  requester: { username: string; tier: Tier },
  lockingAgents: readonly string[],
): LockLiftRefusal | null {
  if (!mayApprove(requester.tier)) return 'not-lead';
  if (lockingAgents.includes(requester.username)) return 'locking-agent';
  return null;
}
