// The uploader on the wire, against a scripted fetch: once the archive says it reads gzip
// (Accept-Encoding, RFC 7694) a body over 8 KiB goes gzipped (signed over its entries as before),
// a smaller one as is; 415 — or 400 from an older instance that read the gzip bytes as JSON —
// sends identity from then on; the early batch carries Journal-Pipelined;
// pipelining starts only once the archive has said it honours it; Retry-After reaches the sync.
import { createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { batchSigningText } from '../../../../../common/devices-api.js';
import {
  createJournalUploader,
  openJournalStore,
  type Journal,
} from '../../../../../main/core/journal/index.js';
import { RecordsHttpError } from '../../../../../main/core/records-http.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();

interface Seen {
  headers: Record<string, string>;
  json: { deviceId: string; entries: { seq: number; id: string }[]; signature?: string };
}

/** A fetch that answers from `reply` and keeps what it was sent, decoded. */
function wire(reply: (seen: Seen, n: number) => Response) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    if (String(url).endsWith('/api/v1/devices'))
      return Response.json({
        deviceId: 'd',
        status: 'active',
        fingerprint: '0000000000000000',
        keyedFrom: 1,
        registeredAt: '2026-03-02T09:00:00.000Z',
        registeredBy: 'agent01',
        lastSyncAt: null,
        lastSeq: 0,
        revokedAt: null,
        revokedBy: null,
      });
    const headers = init.headers as Record<string, string>;
    const raw = Buffer.from(init.body as Uint8Array | string);
    const text = headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const one = { headers, json: JSON.parse(text.toString('utf8')) as Seen['json'] };
    seen.push(one);
    return reply(one, seen.length);
  }) as unknown as typeof globalThis.fetch;
  return { seen, fetch };
}

const applied = (s: Seen, headers: Record<string, string> = { 'accept-encoding': 'gzip' }) =>
  Response.json(
    { results: s.json.entries.map((e) => ({ seq: e.seq, id: e.id, status: 'applied' })) },
    { headers },
  );

async function journalOf(n: number, size: number): Promise<Journal> {
  const journal = await openJournalStore({ dataDir: tempDir() });
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      journal.append('verify.lookup', { note: 'n'.repeat(size), i }),
    ),
  );
  return journal;
}

const batchOf = (journal: Journal, n: number, pipelined = false) => ({
  deviceId: journal.deviceId,
  entries: journal.pending(n).map((e) => ({ ...e, id: e.id, seq: e.seq })),
  ...(pipelined ? { pipelined } : {}),
});

describe('journal uploader on the wire', () => {
  it('gzips a body over 8 KiB, signed over its entries; a small one goes as is', async () => {
    const { seen, fetch } = wire((s) => applied(s));
    const journal = await journalOf(40, 400);
    const send = createJournalUploader({
      baseUrl: 'http://archive.test',
      token: () => 't',
      fetch,
      device: journal.device!,
    });
    // Identity until the archive has said it reads gzip.
    await send(batchOf(journal, 40));
    await send(batchOf(journal, 40));
    await send(batchOf(journal, 2));
    expect(seen.map((s) => s.headers['content-encoding'] ?? 'identity')).toEqual([
      'identity',
      'gzip',
      'identity',
    ]);
    const big = seen[1]!.json;
    expect(big.entries.map((e) => e.seq)).toEqual(journal.pending(40).map((e) => e.seq));
    const text = batchSigningText(big.deviceId, big.entries as never);
    const key = createPublicKey({
      key: Buffer.from(journal.device!.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    expect(verify(null, Buffer.from(text), key, Buffer.from(big.signature!, 'base64'))).toBe(true);
    await journal.close();
  });

  it('415 to gzip: the same batch again as identity at once, and identity from then on', async () => {
    const { seen, fetch } = wire((s, n) =>
      n === 2
        ? Response.json({ error: { code: 'bad-request', message: 'no gzip' } }, { status: 415 })
        : applied(s),
    );
    const journal = await journalOf(40, 400);
    const send = createJournalUploader({ baseUrl: 'http://a.test', token: () => 't', fetch });
    await send(batchOf(journal, 40));
    expect(await send(batchOf(journal, 40))).toHaveLength(40);
    await send(batchOf(journal, 40));
    expect(seen.map((s) => s.headers['content-encoding'] ?? 'identity')).toEqual([
      'identity',
      'gzip',
      'identity',
      'identity',
    ]);
    await journal.close();
  });

  it('400 to gzip from an older archive: identity succeeds, so identity from then on; a 400 identity also gets is the content', async () => {
    let refuseAll = false;
    const { seen, fetch } = wire((s) =>
      s.headers['content-encoding'] === 'gzip' || refuseAll
        ? Response.json({ error: { code: 'bad-request', message: 'not JSON' } }, { status: 400 })
        : applied(s),
    );
    const journal = await journalOf(40, 400);
    const send = createJournalUploader({ baseUrl: 'http://a.test', token: () => 't', fetch });
    await send(batchOf(journal, 40));
    await send(batchOf(journal, 40));
    await send(batchOf(journal, 40));
    expect(seen.map((s) => s.headers['content-encoding'] ?? 'identity')).toEqual([
      'identity',
      'gzip',
      'identity',
      'identity',
    ]);
    refuseAll = true;
    await expect(send(batchOf(journal, 40))).rejects.toMatchObject({ status: 400 });

    // A newer archive refusing the content: gzip, then identity, both 400 → the error; gzip stays.
    let answered = 0;
    const again = wire((s) =>
      answered++ === 0
        ? applied(s)
        : Response.json(
            { error: { code: 'bad-request', message: 'entries.3: bad' } },
            { status: 400, headers: { 'accept-encoding': 'gzip' } },
          ),
    );
    const fresh = createJournalUploader({
      baseUrl: 'http://a.test',
      token: () => 't',
      fetch: again.fetch,
    });
    await fresh(batchOf(journal, 40));
    await expect(fresh(batchOf(journal, 40))).rejects.toMatchObject({ status: 400 });
    await expect(fresh(batchOf(journal, 40))).rejects.toMatchObject({ status: 400 });
    expect(again.seen.map((s) => s.headers['content-encoding'] ?? 'identity')).toEqual([
      'identity',
      'gzip',
      'identity',
      'gzip',
      'identity',
    ]);
    await journal.close();
  });

  it('marks the early batch Journal-Pipelined, pipelines only once the archive said so, and hands on Retry-After and journal-ahead', async () => {
    const { seen, fetch } = wire((s, n) => {
      if (n === 2) return applied(s, { 'journal-pipelined': '1' });
      if (n === 3)
        return Response.json(
          { error: { code: 'unavailable', message: 'busy' } },
          { status: 503, headers: { 'retry-after': '2' } },
        );
      if (n === 4)
        return Response.json(
          { error: { code: 'journal-ahead', message: 'ahead', headSeq: 3 } },
          { status: 409 },
        );
      return applied(s);
    });
    const journal = await journalOf(5, 10);
    const send = createJournalUploader({ baseUrl: 'http://a.test', token: () => 't', fetch });
    expect(send.pipelines!()).toBe(false);
    await send(batchOf(journal, 2));
    expect(send.pipelines!()).toBe(false);
    await send(batchOf(journal, 2, true));
    expect(send.pipelines!()).toBe(true);
    expect(seen.map((s) => s.headers['journal-pipelined'] ?? null)).toEqual([null, '1']);
    const busy = await send(batchOf(journal, 2)).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(RecordsHttpError);
    expect(busy).toMatchObject({ status: 503, retryAfterMs: 2000 });
    const early = await send(batchOf(journal, 2, true)).catch((e: unknown) => e);
    expect(early).toMatchObject({ status: 409, details: { code: 'journal-ahead', headSeq: 3 } });
    await journal.close();
  });
});
