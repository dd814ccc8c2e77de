// How a batch reaches the archive: gzip bodies (1 MiB once decompressed, bad gzip 400, other
// encodings 415), the bounded ingest queue (503 + Retry-After, nothing stored, then it goes
// through), pipelined batches ahead of the head (409 journal-ahead, no alert, nothing stored), and
// a row the bulk insert cannot store (the batch redone entry by entry, only that entry refused).
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { JournalBatchResponse } from '../../../../common/journal-chain.js';
import type { Db } from '../../../../server/db.js';
import { IngestLimiter, QUEUE_PER_SLOT } from '../../../../server/journal-archive/limiter.js';
import { DB_KIND, DB_TIMEOUT_MS, dumpDb, unclosable } from '../helpers.js';
import { BATCHES, makeChain, newDevice, useJournalServer } from './harness.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: DB_TIMEOUT_MS });

describe(`journal batches on the wire (${DB_KIND})`, () => {
  const s = useJournalServer();
  const raw = (payload: string | Buffer, headers: Record<string, string> = {}, server = s.app) =>
    server.inject({
      method: 'POST',
      url: BATCHES,
      headers: {
        authorization: `Bearer ${s.agentToken}`,
        'content-type': 'application/json',
        ...headers,
      },
      payload,
    });

  it('every answer, a refusal too, names what the archive reads: Accept-Encoding gzip and Journal-Pipelined', async () => {
    const device = newDevice();
    const ok = await raw(JSON.stringify({ deviceId: device, entries: await makeChain(device, 1) }));
    const unsigned = await s.app.inject({ method: 'POST', url: BATCHES, payload: '{}' });
    const badJson = await raw('{"deviceId":');
    expect([ok.statusCode, unsigned.statusCode, badJson.statusCode]).toEqual([200, 401, 400]);
    for (const res of [ok, unsigned, badJson]) {
      expect(res.headers['accept-encoding']).toBe('gzip');
      expect(res.headers['journal-pipelined']).toBe('1');
    }
  });

  describe('Content-Encoding', () => {
    it('a gzipped batch is archived like the same batch sent plain', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 50);
      const res = await raw(gzipSync(JSON.stringify({ deviceId: device, entries })), {
        'content-encoding': 'gzip',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(s.statuses(JournalBatchResponse.parse(res.json()).results)).toEqual(
        Array(50).fill('applied'),
      );
      expect(await s.archivedSeqs(device)).toHaveLength(50);
    });

    it('over 1 MiB once decompressed → 413, nothing stored, however small the gzip', async () => {
      const device = newDevice();
      const [entry] = await makeChain(device, 1);
      // ~64 MiB of spaces: a few tens of KiB gzipped; inflating must stop at the limit.
      const bomb = JSON.stringify({ deviceId: device, entries: [entry] }).replace(
        '{',
        `{${' '.repeat(64 * 1024 * 1024)}`,
      );
      const body = gzipSync(bomb);
      expect(body.length).toBeLessThan(1024 * 1024);
      const before = await dumpDb(s.db);
      const res = await raw(body, { 'content-encoding': 'gzip' });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toEqual({
        code: 'bad-request',
        message: expect.stringMatching(/^batch too large: .* once decompressed/),
      });
      expect(await dumpDb(s.db)).toBe(before);
    });

    it('bytes that are not gzip → 400; another encoding → 415; nothing stored', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 2);
      const json = JSON.stringify({ deviceId: device, entries });
      const before = await dumpDb(s.db);
      const bad = await raw(json, { 'content-encoding': 'gzip' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toEqual({ code: 'bad-request', message: 'body is not valid gzip' });
      for (const encoding of ['br', 'deflate', 'gzip, br']) {
        const res = await raw(json, { 'content-encoding': encoding });
        expect(res.statusCode, encoding).toBe(415);
        expect(res.json().error.code).toBe('bad-request');
      }
      expect(await dumpDb(s.db)).toBe(before);
    });
  });

  it('with every ingest slot and the line taken, the next batch is 503 with Retry-After and nothing stored; the line goes through in turn', async () => {
    // A database whose transactions wait on a gate: the slot's batch holds its connection.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let waitingAtGate = 0;
    const held: Db = {
      ...unclosable(s.db),
      kind: s.db.kind,
      transaction: async (fn) => {
        waitingAtGate++;
        await gate;
        return s.db.transaction(fn);
      },
    };
    const server = s.build({ db: held, ingestConcurrency: 1 });
    let parsed = 0;
    server.addHook('preHandler', async () => {
      parsed++;
    });
    // One slot: its batch running (held at the gate) and one more read behind it; then the line
    // of QUEUE_PER_SLOT batches whose bodies are not read until their turn.
    const lineLength = 2 + QUEUE_PER_SLOT;
    const devices = Array.from({ length: lineLength + 1 }, () => newDevice());
    const chains = await Promise.all(devices.map((d) => makeChain(d, 3)));
    const inFlight = chains
      .slice(0, lineLength)
      .map((entries, i) => raw(JSON.stringify({ deviceId: devices[i], entries }), {}, server));
    await vi.waitFor(() => expect([parsed, waitingAtGate]).toEqual([2, 1]), { timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(parsed).toBe(2);
    const last = devices[lineLength]!;
    const probe = await raw(
      JSON.stringify({ deviceId: last, entries: chains[lineLength] }),
      {},
      server,
    );
    expect(probe.statusCode).toBe(503);
    expect(Number(probe.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(probe.json().error.code).toBe('unavailable');
    expect(waitingAtGate).toBe(1);
    expect(await s.archivedSeqs(last)).toEqual([]);
    open();
    for (const res of await Promise.all(inFlight)) expect(res.statusCode, res.body).toBe(200);
    expect(parsed).toBe(lineLength);
    const later = await raw(
      JSON.stringify({ deviceId: last, entries: chains[lineLength] }),
      {},
      server,
    );
    expect(later.statusCode, later.body).toBe(200);
    expect(await s.archivedSeqs(last)).toEqual([1, 2, 3]);
    await server.close();
  });

  it('the line hands each place given back to the next batch once, however often it is given back', async () => {
    const limiter = new IngestLimiter(1);
    const places = [await limiter.admit(), await limiter.admit()];
    const inLine = Array.from({ length: QUEUE_PER_SLOT }, () => limiter.admit());
    expect(limiter.full).toBe(true);
    expect(await limiter.admit()).toBeNull();
    places[0]!();
    places[0]!();
    expect(await inLine[0]).toBeTypeOf('function');
    expect(limiter.waiting).toBe(QUEUE_PER_SLOT - 1);
    expect(limiter.full).toBe(false);
  });

  describe('Journal-Pipelined', () => {
    it('a pipelined batch ahead of the head → 409 journal-ahead with headSeq, no alert, nothing stored; resent in order it is archived', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 6);
      await s.send(device, entries.slice(0, 2));
      const before = await dumpDb(s.db);
      const ahead = await raw(JSON.stringify({ deviceId: device, entries: entries.slice(4) }), {
        'journal-pipelined': '1',
      });
      expect(ahead.statusCode).toBe(409);
      expect(ahead.json().error).toEqual({
        code: 'journal-ahead',
        message: expect.stringContaining('head is at seq 2'),
        headSeq: 2,
      });
      expect(await dumpDb(s.db)).toBe(before);
      expect(await s.tamperAlerts(device)).toEqual([]);
      // A new device: its head is created by nothing either.
      const fresh = newDevice();
      const freshChain = await makeChain(fresh, 3);
      const none = await raw(JSON.stringify({ deviceId: fresh, entries: freshChain.slice(1) }), {
        'journal-pipelined': '1',
      });
      expect(none.json().error.headSeq).toBe(0);
      expect(await dumpDb(s.db)).toBe(before);

      expect(s.statuses(await s.send(device, entries.slice(2, 4)))).toEqual(['applied', 'applied']);
      const resent = await raw(JSON.stringify({ deviceId: device, entries: entries.slice(4) }), {
        'journal-pipelined': '1',
      });
      expect(s.statuses(resent.json().results)).toEqual(['applied', 'applied']);
      expect(await s.archivedSeqs(device)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('without the header the same batch is a gap: refused with one journal-tamper alert', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 6);
      await s.send(device, entries.slice(0, 2));
      const results = await s.send(device, entries.slice(4));
      expect(s.statuses(results)).toEqual(['rejected', 'applied']);
      expect((await s.tamperAlerts(device)).map((a) => a.reasons)).toEqual([['gap']]);
    });
  });

  it('an entry the bulk insert cannot store (U+0000 in its data) is refused alone; the batch around it is archived', async () => {
    const device = newDevice();
    const entries = await makeChain(device, 5, { 3: { data: { note: 'a\u0000b' } } });
    const results = await s.send(device, entries);
    expect(s.statuses(results)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied']);
    expect(results[2]!.error).toEqual({
      code: 'bad-request',
      message: expect.stringContaining('the records database refused its data'),
    });
    expect(await s.archivedSeqs(device)).toEqual([1, 2, 4, 5]);
    expect((await s.deadLetterAlerts(device)).map((a) => a.reasons)).toEqual([['effect-invalid']]);
    const before = await dumpDb(s.db);
    const again = await s.send(device, entries);
    expect(s.statuses(again)).toEqual([
      'duplicate',
      'duplicate',
      'rejected',
      'duplicate',
      'duplicate',
    ]);
    expect(await dumpDb(s.db)).toBe(before);
  });

  it('training-marked entries are archived marked, in bulk', async () => {
    const device = newDevice();
    const entries = await makeChain(device, 4, {
      2: { data: { passed: true, training: true } },
      4: { data: { passed: true, training: true } },
    });
    await s.send(device, entries);
    const { rows } = await s.db.query<{ entry_id: string }>(
      'select entry_id::text as entry_id from journal_training_entries where entry_id = any($1::uuid[]) order by entry_id',
      [entries.map((e) => e.id)],
    );
    expect(rows.map((r) => r.entry_id)).toEqual([entries[1]!.id, entries[3]!.id].sort());
  });
});
