// A minimal Server-Sent Events reader for the push stream's tests: opens GET /api/v1/events on a
// listening service, collects `data:` events, and waits for one that matches.
import { request, type IncomingMessage } from 'node:http';
import { DeskEvent } from '../../../../common/floor-api.js';

export interface Stream {
  status: number;
  events: DeskEvent[];
  /** Resolves with the first event (already received or coming) that matches, or rejects. */
  next(match: (event: DeskEvent) => boolean, timeoutMs?: number): Promise<DeskEvent>;
  close(): void;
}

/** Resolves once the stream said `event: ready` (or with the refusal's status). */
export function openStream(base: string, token: string | null): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/events`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      const events: DeskEvent[] = [];
      const waiters = new Set<() => void>();
      const stream: Stream = {
        status: res.statusCode ?? 0,
        events,
        next(match, timeoutMs = 5_000) {
          return new Promise((done, fail) => {
            const check = () => {
              const found = events.find(match);
              if (!found) return false;
              waiters.delete(check);
              clearTimeout(timer);
              done(found);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching event in ${timeoutMs} ms: ${JSON.stringify(events)}`));
            }, timeoutMs);
            if (!check()) waiters.add(check);
          });
        },
        close: () => req.destroy(),
      };
      if (stream.status !== 200) {
        res.resume();
        return resolve(stream);
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const name = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (name === 'ready') resolve(stream);
          else if (!name && data) {
            events.push(DeskEvent.parse(JSON.parse(data)));
            for (const waiter of [...waiters]) waiter();
          }
        }
      });
      res.on('error', () => {});
    });
    req.end();
  });
}
