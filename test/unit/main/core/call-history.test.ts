import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../../common/phone.js';
import {
  CALL_HISTORY_FILE,
  callHistoryKey,
  openCallHistory,
  retryingCallHistory,
} from '../../../../main/core/call-history.js';
import { KeychainUnavailableError, sealedSecret } from '../../../../main/core/sealed-secret.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

let n = 0;
function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    direction: 'inbound',
    number: '13800000000',
    name: null,
    startedAt: new Date(Date.UTC(2026, 10, 26, 9, 0, n)).toISOString(),
    durationSeconds: 42,
    outcome: 'answered',
    quality: null,
    ...overrides,
  };
}

const KEY = Buffer.alloc(32, 7).toString('base64');
const open = (dir: string, logger = recordingLogger(), limit?: number, key = KEY) =>
  openCallHistory({
    dataDir: dir,
    logger,
    key,
    now: () => new Date('2026-11-26T10:00:00Z'),
    limit,
  });

describe('call history', () => {
  it('starts empty, keeps calls per agent, newest first, across reopen', async () => {
    const dir = tempDir();
    const history = await open(dir);
    expect(history.list('agent01')).toEqual([]);
    const older = callRecord({ startedAt: '2026-11-26T08:00:00.000Z' });
    const newer = callRecord({
      startedAt: '2026-11-26T09:30:00.000Z',
      direction: 'outbound',
      outcome: 'failed',
    });
    const colleagues = callRecord();
    await history.append('agent01', newer);
    await history.append('agent01', older);
    await history.append('agent02', colleagues);
    expect(history.list('agent01')).toEqual([newer, older]);
    const reopened = await open(dir);
    expect(reopened.list('agent01')).toEqual([newer, older]);
    expect(reopened.list('agent02')).toEqual([colleagues]);
    expect(reopened.notices).toEqual([]);
  });

  it('stores a call id once, however often it is reported', async () => {
    const history = await open(tempDir());
    const record = callRecord();
    await history.append('agent01', record);
    await history.append('agent01', { ...record, durationSeconds: 99 });
    expect(history.list('agent01')).toEqual([record]);
  });

  it('keeps only the newest calls per agent, and not at another agent’s expense', async () => {
    const dir = tempDir();
    const history = await open(dir, recordingLogger(), 3);
    const other = callRecord({ startedAt: '2026-01-01T00:00:00.000Z' });
    await history.append('agent02', other);
    const mine = Array.from({ length: 5 }, () => callRecord());
    await Promise.all(mine.map((record) => history.append('agent01', record)));
    expect(history.list('agent01').map((r) => r.id)).toEqual(
      mine
        .slice(2)
        .reverse()
        .map((r) => r.id),
    );
    expect(history.list('agent02')).toEqual([other]);
    const reopened = await open(dir, recordingLogger(), 100);
    expect([...reopened.list('agent01'), ...reopened.list('agent02')]).toHaveLength(4);
  });

  it('refuses a malformed record and changes nothing', async () => {
    const dir = tempDir();
    const history = await open(dir);
    await history.append('agent01', callRecord());
    const before = readFileSync(path.join(dir, CALL_HISTORY_FILE), 'utf8');
    expect(() =>
      history.append('agent01', { ...callRecord(), outcome: 'exploded' } as never),
    ).toThrow();
    expect(() => history.append('', callRecord())).toThrow();
    expect(readFileSync(path.join(dir, CALL_HISTORY_FILE), 'utf8')).toBe(before);
    expect(history.list('agent01')).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{"calls": ['],
    ['the wrong shape', '{"calls": [{"agent": "agent01", "record": {"id": "x"}}]}'],
    ['an array', '[]'],
  ])(
    'moves a file that is %s aside, starts empty and says where the backup is',
    async (_n, text) => {
      const dir = tempDir();
      writeFileSync(path.join(dir, CALL_HISTORY_FILE), text);
      const logger = recordingLogger();
      const history = await open(dir, logger);
      expect(history.list('agent01')).toEqual([]);
      const backups = readdirSync(dir).filter((f) => f.startsWith(`${CALL_HISTORY_FILE}.corrupt-`));
      expect(backups).toHaveLength(1);
      expect(readFileSync(path.join(dir, backups[0]!), 'utf8')).toBe(text);
      expect(history.notices).toEqual([
        {
          id: 'call-history-corrupt',
          level: 'warning',
          key: 'call-history-corrupt',
          params: { backup: path.join(dir, backups[0]!) },
        },
      ]);
      expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
      await history.append('agent01', callRecord());
      expect(history.list('agent01')).toHaveLength(1);
    },
  );

  it('keeps full numbers for redial, but never in clear on disk', async () => {
    const dir = tempDir();
    const history = await open(dir);
    const record = callRecord({ number: '13912345678' });
    await history.append('agent01', record);
    const text = readFileSync(path.join(dir, CALL_HISTORY_FILE), 'utf8');
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('agent01');
    expect((await open(dir)).list('agent01')[0]?.number).toBe('13912345678');
  });

  it('encrypts a clear file from an older version at open, keeping its calls', async () => {
    const dir = tempDir();
    const record = callRecord({ number: '13912345678' });
    const file = path.join(dir, CALL_HISTORY_FILE);
    writeFileSync(file, JSON.stringify({ calls: [{ agent: 'agent01', record }] }));
    const history = await open(dir);
    expect(history.list('agent01')).toEqual([record]);
    expect(readFileSync(file, 'utf8')).not.toContain('13912345678');
    expect((await open(dir)).list('agent01')).toEqual([record]);
  });

  it('moves aside a file another key encrypted, with a notice', async () => {
    const dir = tempDir();
    await (await open(dir)).append('agent01', callRecord());
    const other = await open(
      dir,
      recordingLogger(),
      undefined,
      Buffer.alloc(32, 9).toString('base64'),
    );
    expect(other.list('agent01')).toEqual([]);
    expect(other.notices.map((n) => n.id)).toEqual(['call-history-corrupt']);
  });

  it('a clear older file failing its schema is kept 0600 with the numbers masked', async () => {
    const dir = tempDir();
    const file = path.join(dir, CALL_HISTORY_FILE);
    writeFileSync(file, '{"calls": [{"agent": "agent01", "record": {"remote": "13800138000"}}]}', {
      mode: 0o644,
    });
    chmodSync(file, 0o644);
    await open(dir);
    const [backup] = readdirSync(dir).filter((f) => f.startsWith(`${CALL_HISTORY_FILE}.corrupt-`));
    const kept = readFileSync(path.join(dir, backup!), 'utf8');
    expect(kept).not.toContain('13800138000');
    expect(kept).toContain('*******8000');
    expect(statSync(path.join(dir, backup!)).mode & 0o777).toBe(0o600);
  });

  it('waits for a keychain that is away: no key set aside, history empty, opens on a later call', async () => {
    const dir = tempDir();
    const sealed = path.join(dir, 'call-history.key.sealed');
    let available = true;
    const keychain = {
      isEncryptionAvailable: () => available,
      encryptString: (plain: string) => Buffer.from(plain),
      decryptString: (buffer: Buffer) => buffer.toString(),
    };
    const secret = sealedSecret(sealed, { keychain, fallbackKeyFile: path.join(dir, 'k') });
    const first = await callHistoryKey(secret, sealed, recordingLogger());
    const before = readFileSync(sealed, 'utf8');
    available = false;
    const opening = async () =>
      open(
        dir,
        recordingLogger(),
        undefined,
        await callHistoryKey(secret, sealed, recordingLogger()),
      );
    await expect(opening()).rejects.toBeInstanceOf(KeychainUnavailableError);
    const history = await retryingCallHistory(opening, recordingLogger());
    expect(history.notices.map((n) => n.id)).toEqual(['keychain-unavailable']);
    expect(history.list('agent01')).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.includes('unreadable'))).toEqual([]);
    expect(readFileSync(sealed, 'utf8')).toBe(before);
    available = true;
    await history.append('agent01', callRecord());
    expect(history.list('agent01')).toHaveLength(1);
    expect(await callHistoryKey(secret, sealed, recordingLogger())).toBe(first);
  });

  it('sets aside a sealed key that no longer opens and starts a new one', async () => {
    const dir = tempDir();
    const sealed = path.join(dir, 'call-history.key.sealed');
    const secret = sealedSecret(sealed, { fallbackKeyFile: path.join(dir, 'secrets.key') });
    const first = await callHistoryKey(secret, sealed, recordingLogger());
    expect(await callHistoryKey(secret, sealed, recordingLogger())).toBe(first);
    writeFileSync(sealed, 'damaged\n');
    const logger = recordingLogger();
    const next = await callHistoryKey(secret, sealed, logger);
    expect(next).not.toBe(first);
    expect(readdirSync(dir).some((f) => f.startsWith('call-history.key.sealed.unreadable-'))).toBe(
      true,
    );
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
  });
});
