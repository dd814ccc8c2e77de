// Teams on the floor (Art. 10, 26): a lead watches their own team's agents and calls by default,
// may look at any other team or all of them, and orders only their own team's agents. An account
// without a team sees everything by default, and orders only agents without a team: a team left
// out of the seed never widens what a lead may do (a centre without teams works as one). Pure.
import type { Tier } from '../values.js';
import { mayApprove } from './tiers.js';

export const TEAM_NAME_MAX_LENGTH = 40;
/** The filter value for every team at once. */
export const ALL_TEAMS = 'all';

/** Names that mean something else: every team (`all`), the queue of desks without a team. */
const RESERVED_TEAM_NAMES: readonly string[] = [ALL_TEAMS, 'team'];

/** A team's name as stored: trimmed, 1–40 characters, no control characters, not reserved. */
export function isTeamName(value: string): boolean {
  return (
    !RESERVED_TEAM_NAMES.includes(value) &&
    value === value.trim() &&
    value.length >= 1 &&
    [...value].length <= TEAM_NAME_MAX_LENGTH &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f-\u009f]/.test(value)
  );
}

export interface TeamMember {
  readonly tier: Tier;
  /** null: in no team. */
  readonly team: string | null;
}

/**
 * The team a viewer's floor or queue figures show: the one asked for, `all` → null (every team),
 * nothing asked → the viewer's own team (null without one).
 */
export function teamFilter(requested: string | undefined, viewer: TeamMember): string | null {
  if (requested === undefined) return viewer.team;
  return requested === ALL_TEAMS ? null : requested;
}

/**
 * Art. 10: who may order an agent not ready — a lead of the agent's team (a lead in no team: the
 * agents in no team), and an administrator whose tier approves. A lead of another team may not.
 */
export function mayDirectAgent(lead: TeamMember, agentTeam: string | null): boolean {
  if (!mayApprove(lead.tier)) return false;
  if (lead.tier === 'admin') return true;
  return lead.team === agentTeam;
}
