// The renderer's own privileged scheme, `agentdesk://app/…`, instead of `file://` (whose origin
// is the whole disk): one origin that the sender check (ipc.ts), the permission handler
// (window.ts) and the navigation guard recognise, and one place where every response gets the
// CSP (style.md §7). Imports nothing from `electron`: the handler maps a fetch-style Request to
// a Response, so it is unit-tested in plain Node.
import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_TYPES } from '../core/content-types.js';

export const APP_SCHEME = 'agentdesk';
export const APP_HOST = 'app';
/** The origin Chromium gives pages on our scheme (standard schemes have a real origin). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * For `protocol.registerSchemesAsPrivileged`, before the app is ready.
 * - standard: real origin, relative URLs resolve, localStorage/IndexedDB work;
 * - secure: treated like https, so getUserMedia (the softphone's microphone) is allowed;
 * - supportFetchAPI: the renderer may fetch its own assets (fonts, ring tones).
 * Not `bypassCSP` (the CSP must bind) and not `corsEnabled` (nobody else should read us).
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * True for a URL (or bare origin) of the app itself: our scheme, our host, no credentials, no
 * port. Used to decide which frames may call IPC, which pages may navigate and who gets media.
 */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // `agentdesk://app@evil/` parses with host `evil`; a user part or port on our URL is never ours.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/**
 * Maps an app URL to a file under `rootDir`, or null when the URL is not ours or would leave the
 * root. URL parsing already folds `..` and `%2e%2e`; what is left to catch is an encoded
 * separator (`..%2f..%2f`, `..%5c` on Windows) that only becomes a path step once decoded, a
 * NUL byte, and malformed escapes.
 */
export function resolveAppPath(rootDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}

export interface AppProtocolOptions {
  /** The built renderer: dist/renderer. */
  rootDir: string;
  /** The Content-Security-Policy header value (core/csp.ts). */
  csp: string;
  readFile?: (file: string) => Promise<Uint8Array>;
}

/** The `protocol.handle(APP_SCHEME, …)` handler. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const readFile = options.readFile ?? ((file: string) => fsReadFile(file));
  const headers = (contentType: string): Record<string, string> => ({
    'content-type': contentType,
    'content-security-policy': options.csp,
    'x-content-type-options': 'nosniff',
    // The renderer is part of the installed app; a stale cached copy after an update is a bug.
    'cache-control': 'no-store',
  });
  const refuse = (status: number, text: string) =>
    new Response(text, { status, headers: headers('text/plain; charset=utf-8') });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(405, 'method not allowed');
    const file = resolveAppPath(options.rootDir, request.url);
    if (file === null) return refuse(404, 'not found');
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
    // Only the kinds of file the renderer build emits; nothing else under dist/ is served.
    if (type === undefined) return refuse(404, 'not found');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return refuse(404, 'not found');
    }
    return new Response(request.method === 'HEAD' ? null : (body as BodyInit), {
      status: 200,
      headers: headers(type),
    });
  };
}
