// The web host's per-launch token: accepted once in the query, then from an HttpOnly
// SameSite=Strict cookie. Compared in constant time; a request without it must never be served.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export const TOKEN_COOKIE = 'agentdesk_token';

export interface LaunchToken {
  token: string;
  /** Whether the request carries the token, and whether it came in the query (set the cookie). */
  check(req: http.IncomingMessage, url: URL): { ok: boolean; fromQuery: boolean };
  /** The Set-Cookie value that lets the page drop the token from its address. */
  cookie(): string;
}

const parseCookies = (header: string | undefined): Map<string, string> =>
  new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '')
      .map(([key, value]) => [key, decodeURIComponent(value)]),
  );

export function createLaunchToken(token = randomBytes(24).toString('base64url')): LaunchToken {
  const tokenBytes = Buffer.from(token);
  const matches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };
  return {
    token,
    check(req, url) {
      const fromQuery = url.searchParams.get('token');
      if (fromQuery !== null) return { ok: matches(fromQuery), fromQuery: true };
      return { ok: matches(parseCookies(req.headers.cookie).get(TOKEN_COOKIE)), fromQuery: false };
    },
    cookie: () => `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
  };
}
