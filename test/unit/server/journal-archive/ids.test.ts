// The archive reads the archived entry ids only when a batch's walk needs them (ingest.ts): before
// it refuses an entry or writes one with an effect, or when the bulk insert finds an id taken.
// Whichever way an id already archived by another device turns up, the entry is refused as
// id-conflict with one journal-tamper alert naming every reason, and the rest of the batch flows.
import { describe, expect, it, vi } from 'vitest';
import { sealEntry, type JournalEntry } from '../../../../common/journal-chain.js';
import { DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import { CALLBACK, makeChain, newDevice, useJournalServer, type Spec } from './harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`journal archive: ids archived by another device (${DB_KIND})`, () => {
  const s = useJournalServer();
  const { send, statuses, tamperAlerts, deadLetterAlerts, archivedSeqs } = s;

  /** Another device's archived entry: its id is the one reused. */
  async function takenId(): Promise<string> {
    const other = newDevice();
    const [entry] = await makeChain(other, 1);
    expect(statuses(await send(other, [entry!]))).toEqual(['applied']);
    return entry!.id;
  }

  /** A chain of `n` whose seq `at` carries `id` (and, if given, a wrong prevHash or a spec). */
  async function chainWith(
    device: string,
    n: number,
    at: number,
    id: string,
    options: { prevHash?: string; spec?: Spec } = {},
  ): Promise<JournalEntry[]> {
    const before = await makeChain(device, at - 1);
    const [plain] = await makeChain(device, 1, { [at]: options.spec ?? {} }, before.at(-1));
    const { hash: _hash, ...fields } = plain!;
    const odd = await sealEntry({ ...fields, id, prevHash: options.prevHash ?? fields.prevHash });
    const after = await makeChain(device, n - at, {}, odd);
    return [...before, odd, ...after];
  }

  it('a plain entry among plain ones: refused id-conflict, the entries after it applied', async () => {
    const id = await takenId();
    const device = newDevice();
    const entries = await chainWith(device, 5, 3, id);
    const results = await send(device, entries);
    expect(statuses(results)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied']);
    expect(results[2]).toMatchObject({ seq: 3, id, error: { code: 'conflict' } });
    expect(results[2]!.error!.message).toMatch(/id is already archived/);
    expect((await tamperAlerts(device)).map((a) => a.reasons)).toEqual([['id-conflict']]);
    expect(await archivedSeqs(device)).toEqual([1, 2, 4, 5]);
    // Sent again: duplicates and the same refusal, nothing more written, no second alert.
    const again = await send(device, entries);
    expect(statuses(again)).toEqual([
      'duplicate',
      'duplicate',
      'rejected',
      'duplicate',
      'duplicate',
    ]);
    expect(again[2]).toEqual(results[2]);
    expect(await tamperAlerts(device)).toHaveLength(1);
    expect(await archivedSeqs(device)).toEqual([1, 2, 4, 5]);
  });

  it('an entry refused for its chain whose id is also taken: the alert names both reasons', async () => {
    const id = await takenId();
    const device = newDevice();
    const entries = await chainWith(device, 4, 2, id, { prevHash: 'e'.repeat(64) });
    const results = await send(device, entries);
    expect(statuses(results)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    expect((await tamperAlerts(device)).map((a) => a.reasons)).toEqual([
      ['prev-hash-mismatch', 'id-conflict'],
    ]);
    const { rows } = await s.db.query<{ reasons: string[] }>(
      'select reasons from journal_rejects where device_id = $1',
      [device],
    );
    expect(rows).toEqual([{ reasons: ['prev-hash-mismatch', 'id-conflict'] }]);
  });

  it('an entry with an effect whose id is taken: id-conflict, no call-back, no dead letter', async () => {
    const id = await takenId();
    const device = newDevice();
    const entries = await chainWith(device, 3, 2, id, { spec: CALLBACK });
    const results = await send(device, entries);
    expect(statuses(results)).toEqual(['applied', 'rejected', 'applied']);
    expect(results[1]).toMatchObject({ seq: 2, id, error: { code: 'conflict' } });
    expect((await tamperAlerts(device)).map((a) => a.reasons)).toEqual([['id-conflict']]);
    expect(await deadLetterAlerts(device)).toEqual([]);
    const callbacks = await s.db.query('select 1 from callbacks where device_id = $1', [device]);
    expect(callbacks.rows).toEqual([]);
    expect(await archivedSeqs(device)).toEqual([1, 3]);
  });
});
