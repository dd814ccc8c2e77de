// POST /api/v1/journal/batches: size limits answered 413 and bad bodies 400 with nothing
// written, the uploader authenticated before the body is read, and the route documented.
import { describe, expect, it, vi } from 'vitest';
import { DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import { BATCHES, makeChain, newDevice, useJournalServer } from './harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`journal batches route (${DB_KIND})`, () => {
  const s = useJournalServer();
  const { post, statuses } = s;

  describe('limits and bad requests: nothing written', () => {
    it('1,001 entries → 413 batch too large', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 1001);
      const before = await dumpDb(s.db);
      const res = await post({ deviceId: device, entries });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({
        error: {
          code: 'bad-request',
          message: 'batch too large: 1001 entries (at most 1000); send fewer',
        },
      });
      expect(await dumpDb(s.db)).toBe(before);
    });

    it('1,000 entries of ~1 MB in all are accepted; a body over 1 MiB → 413', async () => {
      const device = newDevice();
      const big = (seq: number) => ({ data: { note: `${seq}`.padEnd(700, '.') } });
      const specs = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [i + 1, big(i + 1)]));
      const entries = await makeChain(device, 1001, specs);
      const ok = JSON.stringify({ deviceId: device, entries: entries.slice(0, 1000) });
      expect(ok.length).toBeGreaterThan(1_000_000);
      expect(ok.length).toBeLessThanOrEqual(1024 * 1024);
      const accepted = await s.app.inject({
        method: 'POST',
        url: BATCHES,
        headers: { authorization: `Bearer ${s.agentToken}`, 'content-type': 'application/json' },
        payload: ok,
      });
      expect(accepted.statusCode).toBe(200);
      expect(statuses(accepted.json().results)).toEqual(Array(1000).fill('applied'));

      const padded = JSON.stringify({ deviceId: device, entries: [entries[1000]!] }).replace(
        '{',
        `{${' '.repeat(1024 * 1024)}`,
      );
      const before = await dumpDb(s.db);
      const res = await s.app.inject({
        method: 'POST',
        url: BATCHES,
        headers: { authorization: `Bearer ${s.agentToken}`, 'content-type': 'application/json' },
        payload: padded,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({
        error: {
          code: 'bad-request',
          message: expect.stringMatching(/^batch too large: the body is over 1048576 bytes/),
        },
      });
      expect(await dumpDb(s.db)).toBe(before);
    });

    it('malformed bodies → 400 bad-request naming the problem', async () => {
      const device = newDevice();
      const [entry] = await makeChain(device, 1);
      const cases: Array<[string, unknown, RegExp]> = [
        ['no deviceId', { entries: [entry] }, /deviceId/],
        ['bad deviceId', { deviceId: 'has space', entries: [entry] }, /deviceId/],
        ['entries not an array', { deviceId: device, entries: {} }, /entries/],
        ['no entries', { deviceId: device, entries: [] }, /entries/],
        ['entry not an object', { deviceId: device, entries: [42] }, /entries\[0\]/],
        [
          'entry without seq',
          { deviceId: device, entries: [{ ...entry, seq: undefined }] },
          /entries\[0\]\.seq/,
        ],
        [
          'seq as a string',
          { deviceId: device, entries: [{ ...entry, seq: '1' }] },
          /entries\[0\]\.seq/,
        ],
        [
          'id not a uuid',
          { deviceId: device, entries: [{ ...entry, id: 'x' }] },
          /entries\[0\]\.id/,
        ],
        [
          'unknown top-level key',
          { deviceId: device, entries: [entry], extra: 1 },
          /extra: unknown key/,
        ],
        ['an array body', [entry], /body must be a JSON object/],
      ];
      const before = await dumpDb(s.db);
      for (const [what, body, message] of cases) {
        const res = await post(body);
        expect(res.statusCode, what).toBe(400);
        expect(res.json().error.code, what).toBe('bad-request');
        expect(res.json().error.message, what).toMatch(message);
      }
      const notJson = await s.app.inject({
        method: 'POST',
        url: BATCHES,
        headers: { authorization: `Bearer ${s.agentToken}`, 'content-type': 'application/json' },
        payload: '{"deviceId":',
      });
      expect(notJson.statusCode).toBe(400);
      expect(await dumpDb(s.db)).toBe(before);
    });

    it('no token, or a bad one → 401 unauthorized, before the body is read', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 2);
      const before = await dumpDb(s.db);
      for (const token of [null, 'not-a-token']) {
        const res = await post({ deviceId: device, entries }, token);
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('unauthorized');
      }
      const big = await post({ deviceId: device, entries: await makeChain(device, 1001) }, null);
      expect(big.statusCode).toBe(401);
      expect(await dumpDb(s.db)).toBe(before);
    });
  });

  it('documents the routes in /openapi.json', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([BATCHES, '/api/v1/callbacks', '/api/v1/complaints']),
    );
    expect(Object.keys(doc.paths[BATCHES].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '413']),
    );
  });
});
