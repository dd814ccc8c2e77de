// The web host: serves the built renderer on loopback and binds the same contract over a
// WebSocket, so the app runs in a real browser (end-to-end tests, thin clients); the second thin
// adapter over the one dispatcher (main/shell/ipc.ts is the first). Every request and socket must
// carry the per-launch token (query once, then an HttpOnly SameSite=Strict cookie), and sockets
// must come from our own origin: another page in the browser cannot drive the agent's desk.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
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

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, logger } = options;
  if (!isLoopbackHost(options.host) && !options.allowRemote) {
    throw new Error(
      `refusing to listen on ${options.host}: not a loopback address (set allowRemote to allow it)`,
    );
  }
  const launchToken = createLaunchToken(options.token);
  const staticDir = path.resolve(options.staticDir);
  const indexHtml = await loadIndexHtml(staticDir);

  // 'self' covers ws: to the same host:port in current Chromium; it is named for older ones.
  // The softphone's SIP WebSocket (from the policy, the flags or settings) is the only other.
  const csp = (req: http.IncomingMessage) =>
    buildCsp({ connectSrc: [`ws://${req.headers.host ?? ''}`, ...core.phone.connectSources()] });

  const server = http.createServer(
    createStaticFiles({ staticDir, indexHtml, launchToken, csp, logger }),
  );
  const bridge = attachBridge(server, { core, launchToken, logger });

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
