// A load balancer in miniature for the scale-out tests: HTTP requests go to the backends in turn,
// one request at a time (not one connection), as nginx or HAProxy do with keep-alive upstreams.
// Like them it retries the next backend only when no connection can be made: a request that
// reached a backend which then died is answered 502, and the client decides (it may have
// committed).
import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Requests answered per backend, and requests answered 502 after a backend failed mid-way. */
  stats: { served: number[]; failedMidway: number; connectRetries: number; midwayErrors: string[] };
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

function forward(
  backend: URL,
  incoming: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers))
      if (!HOP_BY_HOP.has(name) && typeof value === 'string') headers[name] = value;
    headers['x-forwarded-proto'] = 'http';
    const outgoing = httpRequest(
      {
        host: backend.hostname,
        port: backend.port,
        path: incoming.url,
        method: incoming.method,
        headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers))
            if (!HOP_BY_HOP.has(name) && typeof value === 'string') out[name] = value;
          resolve({
            status: response.statusCode ?? 502,
            headers: out,
            body: Buffer.concat(chunks),
          });
        });
        response.on('error', reject);
        response.on('aborted', () => reject(new Error('backend aborted the answer')));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export async function startRoundRobinProxy(backends: readonly string[]): Promise<RoundRobinProxy> {
  const targets = backends.map((b) => new URL(b));
  const stats = {
    served: targets.map(() => 0),
    failedMidway: 0,
    connectRetries: 0,
    midwayErrors: [] as string[],
  };
  let next = 0;

  async function handle(incoming: IncomingMessage, reply: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    for (let tried = 0; tried < targets.length; tried++) {
      const index = next++ % targets.length;
      try {
        const answer = await forward(targets[index]!, incoming, body);
        stats.served[index]! += 1;
        reply.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Nothing reached the backend: safe to try the next one.
        if (code === 'ECONNREFUSED') {
          stats.connectRetries += 1;
          continue;
        }
        stats.failedMidway += 1;
        stats.midwayErrors.push(`backend ${index}: ${code ?? (error as Error).message}`);
        break;
      }
    }
    reply
      .writeHead(502, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code: 'unavailable', message: 'bad gateway' } }));
  }

  const server = createServer((incoming, reply) => void handle(incoming, reply));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
