// The web host: serves the built renderer on loopback and binds the same contract over a
// WebSocket, so the app runs in a real browser (end-to-end tests, thin clients); the second thin
// adapter over the one dispatcher (main/shell/ipc.ts is the first). Every request and socket must
// carry the per-launch token (query once, then an HttpOnly SameSite=Strict cookie), and sockets
// must come from our own origin: another page in the browser cannot drive the agent's desk. Beyond
// loopback it serves plain HTTP only behind a TLS proxy or where IT's policy allows it (Art. 15).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ALLOW_INSECURE_TRANSPORT_KEY, isLoopbackHost } from '../../common/transport.js';
import type { AppCore } from '../core/app-core.js';
import { buildCsp } from '../core/csp.js';
import type { Logger } from '../core/logger.js';
import { attachBridge } from './bridge.js';
import { createLaunchToken } from './launch-token.js';
import { createStaticFiles, loadIndexHtml } from './static-files.js';

export { BRIDGE_PATH, BridgeRequest, type BridgeMessage } from './bridge.js';
export { TOKEN_COOKIE } from './launch-token.js';

export interface WebHostOptions {
  core: AppCore;
  staticDir: string;
  host: string;
  port: number;
  /** Listening on anything but loopback must be asked for explicitly (thin clients on a LAN). */
  allowRemote?: boolean;
  /** A TLS-terminating proxy in front: the browser sees https:// (and wss://), this host HTTP. */
  behindTlsProxy?: boolean;
  /** IT's policy key allowInsecureTransport: plain HTTP on a closed network it vouches for. */
  allowInsecureTransport?: boolean;
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

/**
 * Why the web host must not listen as asked, or null. Beyond loopback the page, the launch token,
 * the SIP password (phone:config) and customer data would cross the LAN: only on purpose
 * (allowRemote) and never in clear unless TLS ends in a proxy in front or IT allows it.
 */
export function listenProblem(
  options: Pick<
    WebHostOptions,
    'host' | 'allowRemote' | 'behindTlsProxy' | 'allowInsecureTransport'
  >,
): string | null {
  if (isLoopbackHost(options.host)) return null;
  if (!options.allowRemote)
    return `refusing to listen on ${options.host}: not a loopback address (--allow-remote allows it)`;
  if (options.behindTlsProxy || options.allowInsecureTransport) return null;
  return (
    `refusing plain HTTP on ${options.host}: the desk's page, its token and the SIP password ` +
    `would cross the network in clear; put a TLS proxy in front and pass --behind-tls-proxy, or ` +
    `set the policy key "${ALLOW_INSECURE_TRANSPORT_KEY}": true on a closed network`
  );
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, logger } = options;
  const problem = listenProblem(options);
  if (problem) throw new Error(problem);
  // Behind a TLS proxy the page's origin and its socket are https:/wss:.
  const secure = options.behindTlsProxy === true;
  const launchToken = createLaunchToken(options.token);
  const staticDir = path.resolve(options.staticDir);
  const indexHtml = await loadIndexHtml(staticDir);

  // 'self' covers ws: to the same host:port in current Chromium; it is named for older ones.
  // The softphone's SIP WebSocket (from the policy, the flags or settings) is the only other.
  const csp = (req: http.IncomingMessage) =>
    buildCsp({
      connectSrc: [
        `${secure ? 'wss' : 'ws'}://${req.headers.host ?? ''}`,
        ...core.phone.connectSources(),
      ],
    });

  const server = http.createServer(
    createStaticFiles({ staticDir, indexHtml, launchToken, csp, logger }),
  );
  const bridge = attachBridge(server, { core, launchToken, logger, secureOrigin: secure });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}/`;
  const { token } = launchToken;
  return {
    url,
    launchUrl: `${url}?token=${token}`,
    token,
    async close() {
      await bridge.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
