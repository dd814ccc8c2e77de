// The journal archive's ingest (Art. 11) over HTTP: batches of hash-chained entries stored once
// per (device, seq) with their effect in one transaction; replays answered `duplicate`; every
// break refused by name with one journal-tamper alert while the queue keeps flowing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  entryHash,
  JournalBatchResponse,
  sealEntry,
  verifyChain,
  type JournalEntry,
  type JournalEntryResult,
} from '../../../../common/journal-chain.js';
import type { Db, Queryable } from '../../../../server/db.js';
import { defaultEffects, defineEffect } from '../../../../server/journal-archive/effects.js';
import { ingestBatch } from '../../../../server/journal-archive/ingest.js';
import { readArchivedEntries } from '../../../../server/journal-archive/repository.js';
import { z } from 'zod';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb, unclosable } from '../helpers.js';
import {
  BATCHES,
  CALLBACK,
  COMPLAINT,
  makeChain,
  newDevice,
  NOW,
  useJournalServer,
} from './harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`journal archive ingest (${DB_KIND})`, () => {
  const s = useJournalServer();
  const { build, post, send, statuses, tamperAlerts, deadLetterAlerts, archivedSeqs } = s;

  describe('applied, then replayed', () => {
    it('applies a fresh chain; the same batch again is all duplicate and changes nothing', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 10, { 3: CALLBACK, 6: COMPLAINT });
      const first = await send(device, entries);
      expect(first).toEqual(entries.map((e) => ({ seq: e.seq, id: e.id, status: 'applied' })));
      const before = await dumpDb(s.db);
      const again = await send(device, entries);
      expect(again).toEqual(entries.map((e) => ({ seq: e.seq, id: e.id, status: 'duplicate' })));
      expect(await dumpDb(s.db)).toBe(before);
      expect(await archivedSeqs(device)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await tamperAlerts(device)).toEqual([]);
    });

    it('writes each effect exactly once: one call-back row, one complaint with a 5-day deadline (Art. 16)', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 8, { 3: CALLBACK, 6: COMPLAINT });
      await send(device, entries);
      await send(device, entries);
      await send(device, entries.slice(2, 7));
      const callbacks = await s.db.query<Record<string, unknown>>(
        'select * from callbacks where device_id = $1',
        [device],
      );
      expect(callbacks.rows).toHaveLength(1);
      expect(callbacks.rows[0]).toMatchObject({
        entry_id: entries[2]!.id,
        call_id: 'call-7',
        customer_ref: '138****5678',
        reason: 'records-outage',
        notes: '客户希望下午回电',
        requested_by: 'agent01',
        status: 'open',
      });
      expect(new Date(callbacks.rows[0]!.requested_at as string).toISOString()).toBe(
        entries[2]!.at,
      );
      const complaints = await s.db.query<Record<string, unknown>>(
        'select * from complaints where device_id = $1',
        [device],
      );
      expect(complaints.rows).toHaveLength(1);
      expect(complaints.rows[0]).toMatchObject({
        entry_id: entries[5]!.id,
        category: 'wait-time',
        customer_ref: '张*',
        status: 'open',
      });
      expect(new Date(complaints.rows[0]!.respond_by as string).getTime()).toBe(
        Date.parse(entries[5]!.at) + 5 * 86_400_000,
      );
    });

    it('continues across batches, and an overlapping resend (response lost) is duplicate for the old part, applied for the new', async () => {
      const device = newDevice();
      // Twelve entries: past 9, so an order by text ("1, 10, 11, 12, 2…") would break the chain.
      const entries = await makeChain(device, 12);
      expect(statuses(await send(device, entries.slice(0, 3)))).toEqual(Array(3).fill('applied'));
      expect(statuses(await send(device, entries.slice(0, 6)))).toEqual([
        ...Array(3).fill('duplicate'),
        ...Array(3).fill('applied'),
      ]);
      expect(statuses(await send(device, entries.slice(6)))).toEqual(Array(6).fill('applied'));
      const archived = await readArchivedEntries(s.db, device);
      expect(archived.map((e) => e.seq)).toEqual(entries.map((e) => e.seq));
      expect(await verifyChain(archived)).toBeNull();
    });

    it('a batch that failed half-way (database error) left nothing; replayed, every entry is applied once', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 6, { 2: CALLBACK, 5: COMPLAINT });
      // The connection dies at the 3rd entry insert — after the two entries with an effect, at the
      // bulk insert of the rest: the batch rolls back, effects too, and the client sees a 500.
      let inserts = 0;
      const failing = (tx: Queryable): Queryable => ({
        ...tx,
        query: async (sql, params) => {
          if (sql.includes('insert into journal_entries') && ++inserts === 3)
            throw new Error('connection terminated unexpectedly');
          return tx.query(sql, params);
        },
      });
      const broken: Db = {
        ...unclosable(s.db),
        kind: s.db.kind,
        transaction: (fn) => s.db.transaction((tx) => fn(failing(tx))),
      };
      const server = build({ db: broken });
      const before = await dumpDb(s.db);
      const res = await post({ deviceId: device, entries }, s.agentToken, server);
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
      await server.close();
      expect(await dumpDb(s.db)).toBe(before);

      expect(statuses(await send(device, entries))).toEqual(Array(6).fill('applied'));
      expect(await countRows(s.db, 'callbacks')).toBeGreaterThanOrEqual(1);
      expect(
        (await s.db.query('select 1 from callbacks where device_id = $1', [device])).rows,
      ).toHaveLength(1);
      expect(
        (await s.db.query('select 1 from complaints where device_id = $1', [device])).rows,
      ).toHaveLength(1);
    });

    it('a replayed batch with a refused entry answers the same refusal, raises no second alert', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 5);
      const sent = [entries[0]!, entries[1]!, entries[3]!, entries[4]!]; // seq 3 lost
      const first = await send(device, sent);
      expect(statuses(first)).toEqual(['applied', 'applied', 'rejected', 'applied']);
      const before = await dumpDb(s.db);
      const again = await send(device, sent);
      expect(statuses(again)).toEqual(['duplicate', 'duplicate', 'rejected', 'duplicate']);
      expect(again[2]!.error).toEqual(first[2]!.error);
      expect(await dumpDb(s.db)).toBe(before);
      expect(await tamperAlerts(device)).toHaveLength(1);
    });
  });

  describe('corrupted entries: refused by name, one journal-tamper alert per break, the queue keeps flowing', () => {
    const expectRefused = (
      result: JournalEntryResult,
      entry: { seq: number; id: string },
      reason: RegExp,
    ) => {
      expect(result).toMatchObject({
        seq: entry.seq,
        id: entry.id,
        status: 'rejected',
        error: { code: 'conflict' },
      });
      expect(result.error!.message).toContain(`entry seq ${entry.seq} (id ${entry.id})`);
      expect(result.error!.message).toMatch(reason);
    };

    it('edited data (hash kept): hash-mismatch; the next entry still links and is applied', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 5);
      entries[2] = { ...entries[2]!, data: { ...entries[2]!.data, passed: false } };
      const results = await send(device, entries);
      expect(statuses(results)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied']);
      expectRefused(results[2]!, entries[2]!, /hash does not match the entry content/);
      const alerts = await tamperAlerts(device);
      expect(alerts).toEqual([
        {
          reasons: ['hash-mismatch'],
          details: {
            seq: 3,
            entryId: entries[2]!.id,
            expectedSeq: 3,
            type: 'verify.basic-checked',
          },
          agent_username: 'agent01',
        },
      ]);
      const { rows } = await s.db.query<{ reasons: string[]; entry: Record<string, unknown> }>(
        'select reasons, entry from journal_rejects where device_id = $1',
        [device],
      );
      expect(rows).toEqual([
        { reasons: ['hash-mismatch'], entry: JSON.parse(JSON.stringify(entries[2])) },
      ]);
      expect(await archivedSeqs(device)).toEqual([1, 2, 4, 5]);
    });

    it('a wrong hash (content kept): hash-mismatch once; the next entry links to its content and is applied', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 4);
      entries[1] = { ...entries[1]!, hash: 'e'.repeat(64) };
      const results = await send(device, entries);
      expect(statuses(results)).toEqual(['applied', 'rejected', 'applied', 'applied']);
      expectRefused(results[1]!, entries[1]!, /hash does not match/);
      expect((await tamperAlerts(device)).map((a) => a.reasons)).toEqual([['hash-mismatch']]);
    });

    it('a wrong prevHash: prev-hash-mismatch', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 4);
      const { hash: _h, ...rest } = entries[2]!;
      entries[2] = await sealEntry({ ...rest, prevHash: 'a'.repeat(64) });
      const tail = await makeChain(device, 1, {}, entries[2]);
      const results = await send(device, [...entries.slice(0, 3), ...tail]);
      expect(statuses(results)).toEqual(['applied', 'applied', 'rejected', 'applied']);
      expectRefused(results[2]!, entries[2]!, /prevHash does not match the previous entry/);
      expect((await tamperAlerts(device)).map((a) => a.reasons)).toEqual([['prev-hash-mismatch']]);
    });

    it('a gap (an entry removed): the entry after it is refused, the rest applied; the gap is raised once', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 6);
      const results = await send(device, [...entries.slice(0, 2), ...entries.slice(3)]);
      expect(statuses(results)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied']);
      expectRefused(results[2]!, entries[3]!, /gap: expected seq 3/);
      expect(await tamperAlerts(device)).toEqual([
        expect.objectContaining({
          reasons: ['gap'],
          details: expect.objectContaining({ seq: 4, expectedSeq: 3 }),
        }),
      ]);
      // The missing entry arriving late is out of order: refused, flagged, not put behind the head.
      const late = await send(device, [entries[2]!]);
      expectRefused(late[0]!, entries[2]!, /reorder: expected seq 7/);
      expect(await archivedSeqs(device)).toEqual([1, 2, 5, 6]);
    });

    it('a gap across batches: the head is kept between batches', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 5);
      await send(device, entries.slice(0, 2));
      const results = await send(device, entries.slice(3));
      expect(statuses(results)).toEqual(['rejected', 'applied']);
      expectRefused(results[0]!, entries[3]!, /gap: expected seq 3/);
    });

    it('reordered entries: the jump ahead is a gap, the entry moved back a reorder; later entries applied', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 5);
      const results = await send(device, [
        entries[0]!,
        entries[2]!,
        entries[1]!,
        entries[3]!,
        entries[4]!,
      ]);
      expect(statuses(results)).toEqual(['applied', 'rejected', 'rejected', 'applied', 'applied']);
      expectRefused(results[1]!, entries[2]!, /gap/);
      expectRefused(results[2]!, entries[1]!, /reorder/);
      // One alert each (listed by seq).
      expect((await tamperAlerts(device)).map((a) => [a.details.seq, a.reasons])).toEqual([
        [2, ['reorder']],
        [3, ['gap']],
      ]);
    });

    it('an archived seq sent again with other content: seq-conflict, the archive is unchanged', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 3);
      await send(device, entries);
      const { hash: _h, ...rest } = entries[1]!;
      const forged = await sealEntry({ ...rest, data: { passed: false } });
      const before = await archivedSeqs(device);
      const [result] = await send(device, [forged]);
      expectRefused(result!, forged, /seq 2 is already archived with other content/);
      expect(await archivedSeqs(device)).toEqual(before);
      const { rows } = await s.db.query<{ hash: string }>(
        'select hash from journal_entries where device_id = $1 and seq = 2',
        [device],
      );
      expect(rows[0]!.hash).toBe(entries[1]!.hash);
      expect((await tamperAlerts(device)).map((a) => a.reasons)).toEqual([['seq-conflict']]);
    });

    it('an id already archived under another seq: id-conflict', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 2);
      await send(device, entries.slice(0, 1));
      const { hash: _h, ...rest } = entries[1]!;
      const reused = await sealEntry({ ...rest, id: entries[0]!.id });
      const [result] = await send(device, [reused]);
      expectRefused(result!, reused, /id is already archived/);
      expect((await tamperAlerts(device)).map((a) => a.reasons)).toEqual([['id-conflict']]);
    });
  });

  describe('content refusals: bad-request for that entry, a dead-letters alert (the chain holds), nothing written for it', () => {
    it('a malformed effect payload (clear mobile number in a call-back) writes neither entry nor call-back', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 3, {
        2: { ...CALLBACK, data: { customerRef: '13812345678', reason: 'records-outage' } },
      });
      const results = await send(device, entries);
      expect(statuses(results)).toEqual(['applied', 'rejected', 'applied']);
      expect(results[1]).toMatchObject({
        seq: 2,
        id: entries[1]!.id,
        error: { code: 'bad-request' },
      });
      expect(results[1]!.error!.message).toMatch(
        new RegExp(
          `^entry seq 2 \\(id ${entries[1]!.id}\\) refused: callback.requested data: customerRef: must be masked`,
        ),
      );
      expect(
        (await s.db.query('select 1 from callbacks where device_id = $1', [device])).rows,
      ).toEqual([]);
      expect(await archivedSeqs(device)).toEqual([1, 3]);
      expect(await tamperAlerts(device)).toEqual([]);
      // The lead hears of the dead letter: which entry and why, never its content.
      const dead = await deadLetterAlerts(device);
      expect(dead).toEqual([
        {
          reasons: ['effect-invalid'],
          details: { seq: 2, entryId: entries[1]!.id, type: 'callback.requested' },
          agent_username: expect.any(String),
        },
      ]);
      expect(JSON.stringify(dead)).not.toContain('13812345678');
    });

    it('a complaint missing its summary is refused; the following complaint is recorded', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 2, {
        1: { type: 'complaint.recorded', data: { category: 'service' } },
        2: COMPLAINT,
      });
      expect(statuses(await send(device, entries))).toEqual(['rejected', 'applied']);
      expect(
        (await s.db.query('select 1 from complaints where device_id = $1', [device])).rows,
      ).toHaveLength(1);
    });

    it('a malformed entry (nested data, unknown key, another device) is refused by name; the chain continues', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 4);
      const { hash: _a, ...second } = entries[1]!;
      // Sealed by hand: sealEntry's type forbids nested data; the wire does not.
      const nested = { ...second, data: { a: { b: 1 } } };
      const bad = { ...nested, hash: await entryHash(nested) };
      const third = await makeChain(device, 1, {}, bad as unknown as JournalEntry);
      const { hash: _b, ...fourthRest } = third[0]!;
      const otherDevice = await sealEntry({ ...fourthRest, deviceId: 'desk-elsewhere' });
      const fifth = await makeChain(device, 1, {}, otherDevice);
      const results = await send(device, [entries[0]!, bad, otherDevice, fifth[0]!]);
      expect(statuses(results)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
      expect(results[1]!.error).toEqual({
        code: 'bad-request',
        message: expect.stringMatching(/^entry seq 2 .* refused: data\.a: /),
      });
      expect(results[2]!.error).toEqual({
        code: 'bad-request',
        message: expect.stringContaining("deviceId: does not match the batch's deviceId"),
      });
      expect(await tamperAlerts(device)).toEqual([]);
      expect((await deadLetterAlerts(device)).map((a) => a.reasons)).toEqual([
        ['malformed'],
        ['malformed'],
      ]);
    });

    it('hostile entries (deep nesting, 1e400, U+0000 in keys and values) are refused per entry, never a 5xx', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 5);
      const id = (i: number) => entries[i]!.id;
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const nul = JSON.stringify({
        ...entries[2]!,
        data: { 'k\u0000': 'v\u0000' },
        type: 'x.\u0000',
      });
      const body = `{"deviceId":"${device}","entries":[${JSON.stringify(entries[0])},{"seq":2,"id":"${id(1)}","data":${deep}},${nul},{"seq":4,"id":"${id(3)}","n":1e400},${JSON.stringify(entries[4])}]}`;
      const res = await s.app.inject({
        method: 'POST',
        url: BATCHES,
        headers: { authorization: `Bearer ${s.agentToken}`, 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
      const results = JournalBatchResponse.parse(res.json()).results;
      expect(statuses(results)).toEqual([
        'applied',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
      ]);
      expect(results[1]!.error!.message).toContain('hash cannot be computed');
      // Replayed: the same answers, nothing new written.
      const before = await dumpDb(s.db);
      const again = await s.app.inject({
        method: 'POST',
        url: BATCHES,
        headers: { authorization: `Bearer ${s.agentToken}`, 'content-type': 'application/json' },
        payload: body,
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().results).toEqual([
        { ...results[0], status: 'duplicate' },
        ...results.slice(1),
      ]);
      expect(await dumpDb(s.db)).toBe(before);
    });

    it('a row the database refuses rolls back that entry only (savepoint), not the batch', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 3, { 2: { type: 'test.bad-row', data: { x: 1 } } });
      const effects = {
        ...defaultEffects(),
        'test.bad-row': defineEffect({
          data: z.object({ x: z.number() }),
          async apply({ tx, entry }) {
            // violates the masked-reference check constraint
            await tx.query(
              `insert into callbacks (id, entry_id, device_id, customer_ref, reason, requested_at, created_at) values ($1, $2, $3, '13812345678', 'x', now(), now())`,
              [randomUUID(), entry.id, entry.deviceId],
            );
          },
        }),
      };
      const results = await ingestBatch(
        s.db,
        { deviceId: device, entries },
        { receivedBy: 'agent01', now: NOW, effects },
      );
      expect(statuses(results)).toEqual(['applied', 'rejected', 'applied']);
      expect(results[1]!.error).toEqual({
        code: 'bad-request',
        message: expect.stringContaining('the records database refused its data'),
      });
      expect(await archivedSeqs(device)).toEqual([1, 3]);
    });

    it('the complaint response deadline is configurable', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 1, { 1: COMPLAINT });
      await ingestBatch(
        s.db,
        { deviceId: device, entries },
        { receivedBy: 'agent01', now: NOW, effects: defaultEffects({ complaintResponseDays: 2 }) },
      );
      const { rows } = await s.db.query<{ respond_by: Date }>(
        'select respond_by from complaints where device_id = $1',
        [device],
      );
      expect(new Date(rows[0]!.respond_by).getTime()).toBe(
        Date.parse(entries[0]!.at) + 2 * 86_400_000,
      );
      expect(() => defaultEffects({ complaintResponseDays: 0 })).toThrow(RangeError);
    });
  });

  describe('concurrency', () => {
    it('identical batches sent at once: each entry stored once, each effect once', async () => {
      const device = newDevice();
      const entries = await makeChain(device, 20, { 5: CALLBACK, 15: COMPLAINT });
      const answers = await Promise.all([
        send(device, entries),
        send(device, entries),
        send(device, entries),
      ]);
      const applied = answers.map(
        (results) => results.filter((r) => r.status === 'applied').length,
      );
      expect(applied.reduce((a, b) => a + b, 0)).toBe(20);
      for (const results of answers)
        expect(results.every((r) => r.status !== 'rejected')).toBe(true);
      expect(await archivedSeqs(device)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(
        (await s.db.query('select 1 from callbacks where device_id = $1', [device])).rows,
      ).toHaveLength(1);
      expect(
        (await s.db.query('select 1 from complaints where device_id = $1', [device])).rows,
      ).toHaveLength(1);
      expect(await tamperAlerts(device)).toEqual([]);
    });

    it('overlapping batches at once never both append: every entry is applied once or refused once', async () => {
      // The desktop sends one batch at a time, in order; a client that does not still cannot
      // make the archive store an entry twice or lose track of one.
      const device = newDevice();
      const entries = await makeChain(device, 30);
      const answers = await Promise.all([
        send(device, entries.slice(0, 20)),
        send(device, entries.slice(10, 30)),
        send(device, entries.slice(0, 30)),
      ]);
      const applied = answers
        .flat()
        .filter((r) => r.status === 'applied')
        .map((r) => r.seq);
      expect(new Set(applied).size).toBe(applied.length);
      const archived = await archivedSeqs(device);
      expect([...archived].sort((a, b) => a - b)).toEqual([...applied].sort((a, b) => a - b));
      const { rows } = await s.db.query<{ seq: number }>(
        'select seq::int as seq from journal_rejects where device_id = $1',
        [device],
      );
      expect([...archived, ...rows.map((r) => r.seq)].sort((a, b) => a - b)).toEqual(
        entries.map((e) => e.seq),
      );
    });
  });
});
