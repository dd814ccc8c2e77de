// A TCP proxy for fault injection between the desk and the records service: refuse connections
// (service down / flapping), delay every chunk (a slow or distant line), or forward a request and
// drop the connection as the answer comes back (committed on the server, answer lost). Also used by
// scripts/bench-journal.mjs for the 50 ms line.
import net from 'node:net';

export interface ProxyMode {
  /** false: every new connection is closed at once. */
  accept: boolean;
  /** Added to every chunk, each direction. */
  delayMs: number;
  /** Answers to drop: forward the request, then cut both sides at the first byte of the answer. */
  dropResponses: number;
}

export interface TcpProxy {
  url: string;
  port: number;
  mode: ProxyMode;
  stats: { connections: number; refused: number; dropped: number };
  /** Cuts every open connection (a network blip). */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(
  target: { host: string; port: number },
  initial: Partial<ProxyMode> = {},
): Promise<TcpProxy> {
  const mode: ProxyMode = { accept: true, delayMs: 0, dropResponses: 0, ...initial };
  const stats = { connections: 0, refused: 0, dropped: 0 };
  const sockets = new Set<net.Socket>();
  const pipe = (from: net.Socket, to: net.Socket, onFirst?: () => boolean) => {
    let chain = Promise.resolve();
    from.on('data', (chunk) => {
      if (onFirst?.()) return;
      // Latency, not throttling: each chunk leaves `delayMs` after it arrived, in order.
      const due = Date.now() + mode.delayMs;
      chain = chain
        .then(() => {
          const wait = due - Date.now();
          return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : undefined;
        })
        .then(() => {
          if (!to.destroyed) to.write(chunk);
        });
    });
    from.on('end', () => void chain.then(() => to.end()));
  };
  const server = net.createServer((client) => {
    if (!mode.accept) {
      stats.refused += 1;
      client.destroy();
      return;
    }
    stats.connections += 1;
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const kill = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', kill).on('close', kill);
    upstream.on('error', kill).on('close', kill);
    pipe(client, upstream);
    pipe(upstream, client, () => {
      if (mode.dropResponses <= 0) return false;
      mode.dropResponses -= 1;
      stats.dropped += 1;
      kill();
      return true;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    mode,
    stats,
    cutAll: () => {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
