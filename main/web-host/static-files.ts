// The web host's HTTP side: the built renderer from one folder, GET and HEAD only, behind the
// launch token, with the CSP and hardening headers. It must never serve a file outside that folder.
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { CONTENT_TYPES } from '../core/content-types.js';
import type { Logger } from '../core/logger.js';
import type { LaunchToken } from './launch-token.js';

/** index.html with the web bridge script in place of its `<!-- host-bridge -->` marker. */
export async function loadIndexHtml(staticDir: string): Promise<string> {
  const indexHtml = (await readFile(path.join(staticDir, 'index.html'), 'utf8')).replace(
    '<!-- host-bridge -->',
    '<script src="./web-bridge.js"></script>',
  );
  if (!indexHtml.includes('web-bridge.js'))
    throw new Error(`${staticDir}/index.html lacks the <!-- host-bridge --> marker`);
  return indexHtml;
}

export interface StaticFilesOptions {
  /** Absolute. */
  staticDir: string;
  indexHtml: string;
  launchToken: LaunchToken;
  csp(req: http.IncomingMessage): string;
  logger: Logger;
}

export function createStaticFiles(options: StaticFilesOptions): http.RequestListener {
  const { staticDir, indexHtml, launchToken, csp, logger } = options;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const auth = launchToken.check(req, url);
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
    if (auth.fromQuery) headers['set-cookie'] = launchToken.cookie();

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
  };
}
