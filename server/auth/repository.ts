// Agents and their bearer tokens in the database (Art. 10 tiers come with the profile). Only a
// token's SHA-256 is stored, never the token, and a token counts only while it is unexpired,
// unrevoked and its agent enabled. Password hashes are read to verify, never returned.
import type { AgentProfile, Tier } from '../../common/domain.js';
import type { Queryable } from '../db.js';

export interface AgentRow {
  id: string;
  username: string;
  name: string;
  tier: Tier;
  password_hash: string;
  disabled: boolean;
}

/** `username` as stored: lower case. */
export async function findAgent(db: Queryable, username: string): Promise<AgentRow | undefined> {
  const { rows } = await db.query<AgentRow>(
    'select id, username, name, tier, password_hash, disabled from agents where username = $1',
    [username],
  );
  return rows[0];
}

export async function insertToken(
  db: Queryable,
  token: { hash: string; agentId: string; issuedAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    'insert into agent_tokens (token_hash, agent_id, created_at, expires_at) values ($1, $2, $3, $4)',
    [token.hash, token.agentId, token.issuedAt, token.expiresAt],
  );
}

/** The agent a live token belongs to at `now`, with the token's expiry; or undefined. */
export async function agentForToken(
  db: Queryable,
  hash: string,
  now: Date,
): Promise<(AgentProfile & { auditor: boolean; expires_at: Date }) | undefined> {
  const { rows } = await db.query<AgentProfile & { auditor: boolean; expires_at: Date }>(
    `select a.username, a.name, a.tier, a.auditor, t.expires_at
       from agent_tokens t join agents a on a.id = t.agent_id
      where t.token_hash = $1 and t.revoked_at is null and t.expires_at > $2 and not a.disabled`,
    [hash, now],
  );
  return rows[0];
}

export async function revokeToken(db: Queryable, hash: string, at: Date): Promise<void> {
  await db.query(
    'update agent_tokens set revoked_at = $2 where token_hash = $1 and revoked_at is null',
    [hash, at],
  );
}
