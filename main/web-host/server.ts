// The web host: serves the built renderer on loopback and binds the same contract over a
// WebSocket, so the app runs in a real browser (end-to-end tests, thin clients); the second thin
// adapter over the one dispatcher (main/shell/ipc.ts is the first). Every request and socket must
// carry the per-launch token (query once, then an HttpOnly SameSite=Strict cookie), and sockets
// must come from our own origin: another page in the browser cannot drive the agent's desk.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { fail, type Result } from '../../common/result.js';
import type { AppCore } from '../core/app-core.js';
import { CONTENT_TYPES } from '../core/content-types.js';
import { buildCsp } from '../core/csp.js';
import { describeIssues } from '../core/dispatcher.js';
import type { Logger } from '../core/logger.js';

export const TOKEN_COOKIE = 'agentdesk_token';
export const BRIDGE_PATH = '/bridge';
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** One bridge message from the page: `invoke` a channel, answered by `result` with the same id. */
export const BridgeRequest = z
  .object({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    channel: z.string().max(100),
    payload: z.unknown().optional(),
  })
  .strict();

export type BridgeMessage =
  | { type: 'result'; id: number | null; result: Result<unknown> }
  | { type: 'event'; event: string; payload: unknown };

export interface WebHostOptions {
  core: AppCore;
  staticDir: string;
  host: string;
  port: number;
  /** Listening on anything but loopback must be asked for explicitly (thin clients on a LAN). */
  allowRemote?: boolean;
  token?: string;
  logger: Logger;
}

export interface WebHost {
  url: string;
  /** The URL with the token, as printed on the `listening:` line. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

const parseCookies = (header: string | undefined): Map<string, string> =>
  new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '')
      .map(([key, value]) => [key, decodeURIComponent(value)]),
  );

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, logger } = options;
  if (!isLoopbackHost(options.host) && !options.allowRemote) {
    throw new Error(
      `refusing to listen on ${options.host}: not a loopback address (set allowRemote to allow it)`,
    );
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const staticDir = path.resolve(options.staticDir);
  const indexHtml = (await readFile(path.join(staticDir, 'index.html'), 'utf8')).replace(
    '<!-- host-bridge -->',
    '<script src="./web-bridge.js"></script>',
  );
  if (!indexHtml.includes('web-bridge.js'))
    throw new Error(`${staticDir}/index.html lacks the <!-- host-bridge --> marker`);

  const tokenMatches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };
  const requestToken = (
    req: http.IncomingMessage,
    url: URL,
  ): { ok: boolean; fromQuery: boolean } => {
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null) return { ok: tokenMatches(fromQuery), fromQuery: true };
    return {
      ok: tokenMatches(parseCookies(req.headers.cookie).get(TOKEN_COOKIE)),
      fromQuery: false,
    };
  };

  // 'self' covers ws: to the same host:port in current Chromium; it is named for older ones.
  // The softphone's SIP WebSocket (from the policy, the flags or settings) is the only other.
  const csp = (req: http.IncomingMessage) =>
    buildCsp({ connectSrc: [`ws://${req.headers.host ?? ''}`, ...core.phone.connectSources()] });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const auth = requestToken(req, url);
    if (!auth.ok) {
      logger.warn(
        { path: url.pathname, remote: req.socket.remoteAddress },
        'web host: request without a valid launch token refused',
      );
      res.writeHead(401, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(
        'Agent Desk web host: open the address printed on the "listening:" line (it carries the launch token).\n',
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const headers: Record<string, string> = {
      'content-security-policy': csp(req),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'x-frame-options': 'DENY',
    };
    if (auth.fromQuery)
      headers['set-cookie'] =
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;

    const relative =
      decodeURIComponent(url.pathname) === '/'
        ? 'index.html'
        : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(staticDir, relative);
    if (file !== staticDir && !file.startsWith(staticDir + path.sep)) {
      res.writeHead(404, headers).end();
      return;
    }
    try {
      const body = relative === 'index.html' ? Buffer.from(indexHtml) : await readFile(file);
      headers['content-type'] = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      headers['cache-control'] = 'no-store';
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const refuse = (status: number, why: string) => {
      logger.warn(
        { remote: req.socket.remoteAddress, origin: req.headers.origin, why },
        'web host: bridge connection refused',
      );
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      );
    };
    if (url.pathname !== BRIDGE_PATH) return refuse(404, 'unknown path');
    if (!requestToken(req, url).ok) return refuse(401, 'missing or wrong launch token');
    // Same-origin only: the page's Origin must name the host it loaded from.
    if (!req.headers.origin || req.headers.origin !== `http://${req.headers.host}`)
      return refuse(403, 'foreign origin');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  let nextSocket = 1;
  wss.on('connection', (ws: WebSocket) => {
    const sender = `web-${nextSocket++}`;
    sockets.add(ws);
    const send = (message: BridgeMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('message', async (data, isBinary) => {
      let parsed: z.infer<typeof BridgeRequest>;
      try {
        if (isBinary) throw new Error('binary frames are not part of the bridge protocol');
        const result = BridgeRequest.safeParse(JSON.parse(String(data)));
        if (!result.success) throw new Error(describeIssues(result.error.issues));
        parsed = result.data;
      } catch (error) {
        logger.warn(
          { sender, err: (error as Error).message },
          'web host: malformed bridge message refused',
        );
        send({
          type: 'result',
          id: null,
          result: fail('bad-request', `malformed bridge message: ${(error as Error).message}`),
        });
        return;
      }
      const result = await core.dispatcher.dispatch(parsed.channel, parsed.payload, {
        host: 'web',
        sender,
      });
      send({ type: 'result', id: parsed.id, result });
    });
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', (error) =>
      logger.warn({ sender, err: error.message }, 'web host: socket error'),
    );
  });
  const unsubscribe = core.events.subscribe((event, payload) => {
    const message = JSON.stringify({ type: 'event', event, payload } satisfies BridgeMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}/`;
  return {
    url,
    launchUrl: `${url}?token=${token}`,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
