// A stand-in for the journal archive, for the drain bench only: it answers
// `POST /api/v1/journal/batches` at once (`applied`, or `duplicate` at or behind the device's
// head), so what the bench times is the desk's own cost. It keeps the order contract of the real
// route (a gap is refused; a pipelined batch ahead of the head gets `409 journal-ahead`), and
// counts.
import http from 'node:http';
import type net from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface AckArchive {
  url: string;
  stats: {
    batches: number;
    gzip: number;
    ahead: number;
    /** Requests on the wire, before decompression. */
    wireBytes: number;
    jsonBytes: number;
    /** Most requests of one device answered at the same time. */
    maxInFlight: number;
  };
  /** Why the archive refused a batch it should never have been sent (a gap without the header). */
  violations: string[];
  close(): Promise<void>;
}

interface Batch {
  deviceId: string;
  entries: { seq: number; id: string }[];
}

export async function startAckArchive(): Promise<AckArchive> {
  const heads = new Map<string, number>();
  const stats = { batches: 0, gzip: 0, ahead: 0, wireBytes: 0, jsonBytes: 0, maxInFlight: 0 };
  const violations: string[] = [];
  let inFlight = 0;

  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'journal-pipelined': '1',
      'accept-encoding': 'gzip',
    });
    res.end(JSON.stringify(body));
  };

  function handle(req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse) {
    stats.wireBytes += raw.length;
    const gzip = req.headers['content-encoding'] === 'gzip';
    if (gzip) stats.gzip += 1;
    const json = gzip ? gunzipSync(raw) : raw;
    stats.jsonBytes += json.length;
    const batch = JSON.parse(json.toString('utf8')) as Batch;
    const head = heads.get(batch.deviceId) ?? 0;
    const first = batch.entries[0]?.seq ?? head + 1;
    if (first > head + 1) {
      if (req.headers['journal-pipelined'] === '1') {
        stats.ahead += 1;
        return answer(res, 409, {
          error: { code: 'journal-ahead', message: 'ahead of the head', headSeq: head },
        });
      }
      violations.push(`batch from seq ${first} with the head at ${head}, not pipelined`);
      return answer(res, 409, { error: { code: 'conflict', message: 'gap' } });
    }
    stats.batches += 1;
    let last = head;
    const results = batch.entries.map((e) => {
      const status = e.seq <= last ? 'duplicate' : 'applied';
      last = Math.max(last, e.seq);
      return { seq: e.seq, id: e.id, status };
    });
    heads.set(batch.deviceId, last);
    return answer(res, 200, { results });
  }

  // Registration is taken as asked (the desk registers once per run).
  function registered(req: http.IncomingMessage, chunks: Buffer[], res: http.ServerResponse) {
    const asked = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      deviceId: string;
      keyedFrom: number;
    };
    const at = new Date().toISOString();
    answer(res, 200, {
      deviceId: asked.deviceId,
      status: 'active',
      fingerprint: '0000000000000000',
      keyedFrom: asked.keyedFrom,
      registeredAt: at,
      registeredBy: 'agent01',
      lastSyncAt: null,
      lastSeq: 0,
      revokedAt: null,
      revokedBy: null,
    });
  }

  const server = http.createServer((req, res) => {
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    res.on('finish', () => (inFlight -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/v1/devices')
        return registered(req, chunks, res);
      if (req.method !== 'POST' || req.url !== '/api/v1/journal/batches')
        return answer(res, 404, { error: { code: 'not-found', message: 'no such route' } });
      try {
        handle(req, Buffer.concat(chunks), res);
      } catch (error) {
        violations.push(`unreadable batch: ${(error as Error).message}`);
        answer(res, 400, { error: { code: 'bad-request', message: 'unreadable' } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    violations,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
