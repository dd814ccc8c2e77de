// The web host's WebSocket bridge: the contract's channels invoked from the page and the core's
// events pushed to it, through the one dispatcher. A socket must carry the launch token and come
// from our own origin; another page in the browser must never drive the agent's desk.
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { fail, type Result } from '../../common/result.js';
import type { AppCore } from '../core/app-core.js';
import { describeIssues } from '../core/dispatcher.js';
import type { Logger } from '../core/logger.js';
import type { LaunchToken } from './launch-token.js';

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

export interface BridgeOptions {
  core: AppCore;
  launchToken: LaunchToken;
  logger: Logger;
  /** Behind a TLS proxy: the page's origin is https://<host>. */
  secureOrigin?: boolean;
}

export interface Bridge {
  /** Stops the event push and ends every socket. */
  close(): Promise<void>;
}

/** Answers the server's upgrades on BRIDGE_PATH and pushes the core's events to every socket. */
export function attachBridge(server: http.Server, options: BridgeOptions): Bridge {
  const { core, launchToken, logger } = options;
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
    if (!launchToken.check(req, url).ok) return refuse(401, 'missing or wrong launch token');
    // Same-origin only: the page's Origin must name the host it loaded from.
    const scheme = options.secureOrigin ? 'https' : 'http';
    if (!req.headers.origin || req.headers.origin !== `${scheme}://${req.headers.host}`)
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

  return {
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
