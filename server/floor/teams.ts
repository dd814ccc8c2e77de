// Teams in SQL (Art. 26): an account's team, and which team a lead's floor or queue figures show
// when the request names none (common/policy/teams.ts decides; this reads the column).
import type { AgentProfile } from '../../common/domain.js';
import { teamFilter, type TeamMember } from '../../common/policy.js';
import type { Queryable } from '../db.js';

/** The account's team (null: in none, or no such account). */
export async function teamOf(tx: Queryable, username: string): Promise<string | null> {
  const { rows } = await tx.query<{ team: string | null }>(
    'select team from agents where username = $1',
    [username],
  );
  return rows[0]?.team ?? null;
}

export async function memberOf(tx: Queryable, agent: AgentProfile): Promise<TeamMember> {
  return { tier: agent.tier, team: await teamOf(tx, agent.username) };
}

/** The team to show `viewer`: `requested` (`all` → null), else the viewer's own. */
export async function viewedTeam(
  tx: Queryable,
  viewer: AgentProfile,
  requested: string | undefined,
): Promise<string | null> {
  return teamFilter(requested, await memberOf(tx, viewer));
}
