// Agent sign-in and bearer tokens. Tokens are 256 random bits handed to the desktop once; only
// their SHA-256 is stored, they expire after a fixed lifetime measured with the injected clock, and
// sign-out revokes them. Tiers come back with the profile for Art. 10 checks.
import { randomBytes } from 'node:crypto';
import type { AgentProfile, Tier } from '../common/domain.js';
import type { Db } from './db.js';
import { hashPassword, verifyPassword, type ScryptCost } from './passwords.js';
import { newToken, tokenHash } from './secrets.js';

export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  agent: AgentProfile;
}

export interface Authenticated {
  agent: AgentProfile;
  tokenHash: string;
}

export interface AuthOptions {
  db: Db;
  now: () => Date;
  tokenTtlSeconds: number;
  passwordCost: ScryptCost;
}

export interface Auth {
  /** Null for an unknown user, a wrong password and a disabled agent alike. */
  signIn(username: string, password: string): Promise<SignedIn | null>;
  /** Null for a malformed, unknown, expired or revoked token, or a disabled agent. */
  authenticate(token: string): Promise<Authenticated | null>;
  revoke(tokenHash: string): Promise<void>;
}

export function createAuth({ db, now, tokenTtlSeconds, passwordCost }: AuthOptions): Auth {
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds <= 0) throw new RangeError('tokenTtlSeconds must be a positive integer');
  // An unknown username still costs one scrypt verification against this hash, so response time
  // does not tell an attacker which usernames exist.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'), passwordCost);
  dummyHash.catch(() => {}); // surfaced on first use, not as an unhandled rejection

  return {
    async signIn(username, password) {
      const { rows } = await db.query<{ id: string; username: string; name: string; tier: Tier; password_hash: string; disabled: boolean }>(
        'select id, username, name, tier, password_hash, disabled from agents where username = $1',
        [username.toLowerCase()],
      );
      const agent = rows[0];
      const matches = await verifyPassword(password, agent?.password_hash ?? (await dummyHash));
      if (!agent || !matches || agent.disabled) return null;
      const token = newToken();
      const issuedAt = now();
      const expiresAt = new Date(issuedAt.getTime() + tokenTtlSeconds * 1000);
      await db.query('insert into agent_tokens (token_hash, agent_id, created_at, expires_at) values ($1, $2, $3, $4)', [
        tokenHash(token),
        agent.id,
        issuedAt,
        expiresAt,
      ]);
      return { token, expiresAt, agent: { username: agent.username, name: agent.name, tier: agent.tier } };
    },

    async authenticate(token) {
      if (!TOKEN_SHAPE.test(token)) return null;
      const hash = tokenHash(token);
      const { rows } = await db.query<AgentProfile>(
        `select a.username, a.name, a.tier
           from agent_tokens t join agents a on a.id = t.agent_id
          where t.token_hash = $1 and t.revoked_at is null and t.expires_at > $2 and not a.disabled`,
        [hash, now()],
      );
      const agent = rows[0];
      return agent ? { agent: { username: agent.username, name: agent.name, tier: agent.tier }, tokenHash: hash } : null;
    },

    async revoke(hash) {
      await db.query('update agent_tokens set revoked_at = $2 where token_hash = $1 and revoked_at is null', [hash, now()]);
    },
  };
}
