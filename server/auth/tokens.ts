// Agent sign-in and bearer tokens. Tokens are 256 random bits handed to the desktop once; only
// their SHA-256 is stored, they expire after a fixed lifetime measured with the injected clock, and
// sign-out revokes them. Tiers come back with the profile for Art. 10 checks.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AgentProfile } from '../../common/domain.js';
import { AppError } from '../../common/result.js';
import type { Db } from '../db.js';
import { hashPassword, verifyPassword, type ScryptCost } from '../passwords.js';
import { newToken, tokenHash } from '../secrets.js';
import { agentForToken, findAgent, insertToken, revokeToken } from './repository.js';
import { createTokenCache } from './token-cache.js';

export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  agent: AgentProfile;
}

export interface Authenticated {
  agent: AgentProfile;
  /** An auditor's account: reads the archive and nothing else (server/archive/access.ts). */
  auditor: boolean;
  tokenHash: string;
}

export interface AuthOptions {
  db: Db;
  now: () => Date;
  tokenTtlSeconds: number;
  passwordCost: ScryptCost;
  /** A lost LISTEN link or a failed start of it (the cache stops serving until it is back). */
  onCacheError?: (error: Error) => void;
}

export interface Auth {
  /** Null for an unknown user, a wrong password and a disabled agent alike. */
  signIn(username: string, password: string): Promise<SignedIn | null>;
  /** Null for a malformed, unknown, expired or revoked token, or a disabled agent. */
  authenticate(token: string): Promise<Authenticated | null>;
  revoke(tokenHash: string): Promise<void>;
  /** Stops listening for token changes (the service is closing). */
  close(): Promise<void>;
}

export function createAuth({
  db,
  now,
  tokenTtlSeconds,
  passwordCost,
  onCacheError,
}: AuthOptions): Auth {
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds <= 0)
    throw new RangeError('tokenTtlSeconds must be a positive integer');
  // An unknown username still costs one scrypt verification against this hash, so response time
  // does not tell an attacker which usernames exist.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'), passwordCost);
  dummyHash.catch(() => {}); // surfaced on first use, not as an unhandled rejection
  const cache = createTokenCache(db, onCacheError);

  return {
    async signIn(username, password) {
      const agent = await findAgent(db, username.toLowerCase());
      const matches = await verifyPassword(password, agent?.password_hash ?? (await dummyHash));
      if (!agent || !matches || agent.disabled) return null;
      const token = newToken();
      const issuedAt = now();
      const expiresAt = new Date(issuedAt.getTime() + tokenTtlSeconds * 1000);
      await insertToken(db, { hash: tokenHash(token), agentId: agent.id, issuedAt, expiresAt });
      return {
        token,
        expiresAt,
        agent: { username: agent.username, name: agent.name, tier: agent.tier },
      };
    },

    async authenticate(token) {
      if (!TOKEN_SHAPE.test(token)) return null;
      const hash = tokenHash(token);
      const at = now();
      if (!cache.live) void cache.start().catch(() => {});
      const cached = cache.get(hash, at);
      if (cached) return { agent: cached.agent, auditor: cached.auditor, tokenHash: hash };
      const since = cache.generation();
      const row = await agentForToken(db, hash, at);
      if (!row) return null;
      const agent = { username: row.username, name: row.name, tier: row.tier };
      cache.set(hash, { agent, auditor: row.auditor, expiresAt: row.expires_at }, since, at);
      return { agent, auditor: row.auditor, tokenHash: hash };
    },

    async revoke(hash) {
      await revokeToken(db, hash, now());
      cache.forget(hash);
    },

    close: () => cache.stop(),
  };
}

/** The guard every signed-in route calls: 401 `unauthorized` without a live bearer token. */
export function bearerGuard(auth: Auth): (request: FastifyRequest) => Promise<Authenticated> {
  return async (request) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match)
      throw new AppError('unauthorized', 'sign in first: send Authorization: Bearer <token>');
    const authenticated = await auth.authenticate(match[1]!);
    if (!authenticated)
      throw new AppError('unauthorized', 'the token is invalid, expired or revoked; sign in again');
    return authenticated;
  };
}
