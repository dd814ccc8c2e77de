// Recent calls for the softphone's history list and one-click redial: a lowdb file of its own,
// `call-history.json` under the data dir, apart from the journal (the record, Art. 11). Redial
// needs the full numbers, so the file is encrypted (AES-256-GCM, a key sealed like the journal's)
// rather than masked; a clear file from an older version is encrypted at open. Each line belongs
// to the agent signed in when the call ended (Art. 11). A corrupt file is moved aside, not wiped.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { z } from 'zod';
import { CALL_HISTORY_LIMIT, type Notice } from '../../common/contract.js';
import { CallRecord } from '../../common/phone.js';
import { describeIssues } from './dispatcher.js';
import type { Logger } from './logger.js';
import { maskLongNumbers, moveAsideScrubbed, scrubPasswords } from './move-aside.js';
import {
  gcmOpen,
  gcmSeal,
  KeychainUnavailableError,
  SealedSecretError,
  type SealedSecret,
} from './sealed-secret.js';

export const CALL_HISTORY_FILE = 'call-history.json';

const HistoryLine = z.object({ agent: z.string().min(1).max(64), record: CallRecord }).strict();
const HistoryFile = z.object({ calls: z.array(HistoryLine) }).strict();
type HistoryFile = z.infer<typeof HistoryFile>;

export interface CallHistoryStore {
  /** Notices for app:info (a corrupt file moved aside). */
  readonly notices: Notice[];
  /** The agent's calls, newest first, at most CALL_HISTORY_LIMIT. */
  list(agent: string): CallRecord[];
  /**
   * Adds a finished call; the same call id twice is stored once. Keeps the newest lines per agent.
   */
  append(agent: string, record: CallRecord): Promise<void>;
}

export interface CallHistoryOptions {
  dataDir: string;
  logger: Logger;
  now?: () => Date;
  /** Per agent; defaults to CALL_HISTORY_LIMIT. */
  limit?: number;
  /** The file's AES-256 key, base64 (sealed by the caller: core/sealed-secret.ts). */
  key: string;
}

const SEALED_FORMAT = 'aes-256-gcm/v1';

/** The file as JSON `{ sealed, data }`; a clear `{ calls }` (older versions) is read once. */
function sealedJsonFile(file: string, key: Buffer, onClear: () => void): DataFile<HistoryFile> {
  return new DataFile<HistoryFile>(file, {
    parse(text) {
      const outer = JSON.parse(text) as { sealed?: unknown; data?: unknown; calls?: unknown };
      if (outer.sealed === undefined && outer.calls !== undefined) {
        onClear();
        return outer as HistoryFile;
      }
      if (outer.sealed !== SEALED_FORMAT || typeof outer.data !== 'string')
        throw new Error('not an encrypted call history');
      return JSON.parse(gcmOpen(key, Buffer.from(outer.data, 'base64'))) as HistoryFile;
    },
    stringify: (data) =>
      JSON.stringify({
        sealed: SEALED_FORMAT,
        data: gcmSeal(key, JSON.stringify(data)).toString('base64'),
      }),
  });
}

/**
 * The history's key, created and sealed on first use. A sealed key that no longer opens (another
 * user, a reinstalled OS) is set aside, not replaced in place: a new key starts, and the history it
 * cannot read is then moved aside with a notice like any damaged file. A keychain that is merely
 * away (KeychainUnavailableError) is rethrown: the key is intact, the caller retries later.
 */
export async function callHistoryKey(
  secret: SealedSecret,
  sealedFile: string,
  logger: Logger,
  now: () => Date = () => new Date(),
): Promise<string> {
  const create = () => randomBytes(32).toString('base64');
  try {
    return await secret.readOrCreate(create);
  } catch (error) {
    if (!(error instanceof SealedSecretError) || error instanceof KeychainUnavailableError)
      throw error;
    const aside = `${sealedFile}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(sealedFile, aside);
    logger.error({ aside, err: error.message }, 'call history key cannot be opened; set aside');
    return secret.readOrCreate(create);
  }
}

const newestFirst = (a: CallRecord, b: CallRecord) =>
  a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0;

export async function openCallHistory(options: CallHistoryOptions): Promise<CallHistoryStore> {
  const { dataDir, logger } = options;
  const now = options.now ?? (() => new Date());
  const limit = options.limit ?? CALL_HISTORY_LIMIT;
  const file = path.join(dataDir, CALL_HISTORY_FILE);
  const notices: Notice[] = [];

  const key = Buffer.from(options.key, 'base64');
  if (key.length !== 32) throw new RangeError('a call history key is 32 bytes');

  const open = async (): Promise<Low<HistoryFile>> => {
    let clear = false;
    const db = new Low<HistoryFile>(
      sealedJsonFile(file, key, () => (clear = true)),
      { calls: [] },
    );
    await db.read();
    const checked = HistoryFile.safeParse(db.data);
    if (!checked.success) throw new Error(describeIssues(checked.error.issues));
    db.data = checked.data;
    if (clear) {
      // Full caller numbers in clear on disk: encrypted now, before anything else reads it.
      await db.write();
      logger.info({ file }, 'call history was in clear; encrypted');
    }
    return db;
  };

  let db: Low<HistoryFile>;
  try {
    db = await open();
  } catch (error) {
    if (!existsSync(file)) throw error;
    const backup = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    // 0600, and a clear (older) file's full numbers masked; if this throws we stop: never lose the
    // agent's file. An encrypted one is kept as it is: it is no clearer than before.
    moveAsideScrubbed(file, backup, (text) =>
      text.includes('"sealed"') ? text : maskLongNumbers(scrubPasswords(text)),
    );
    logger.error(
      { backup, err: (error as Error).message },
      'call history file was invalid; moved aside, starting empty',
    );
    notices.push({
      id: 'call-history-corrupt',
      level: 'warning',
      key: 'call-history-corrupt',
      params: { backup },
    });
    db = await open();
  }

  // Writes are serialised: two calls ending together must not lose one of them.
  let tail: Promise<unknown> = Promise.resolve();
  return {
    notices,
    list: (agent) =>
      db.data.calls
        .filter((line) => line.agent === agent)
        .map((line) => line.record)
        .sort(newestFirst)
        .slice(0, limit),
    append(agent, record) {
      const line = HistoryLine.parse({ agent, record });
      const next = tail.then(async () => {
        if (db.data.calls.some((existing) => existing.record.id === line.record.id)) return;
        db.data.calls.push(line);
        const mine = db.data.calls.filter((existing) => existing.agent === agent);
        if (mine.length > limit) {
          const keep = new Set(
            mine
              .map((existing) => existing.record)
              .sort(newestFirst)
              .slice(0, limit)
              .map((record) => record.id),
          );
          db.data.calls = db.data.calls.filter(
            (existing) => existing.agent !== agent || keep.has(existing.record.id),
          );
        }
        await db.write();
      });
      tail = next.catch(() => undefined);
      return next;
    },
  };
}

/**
 * The history while the OS keychain holding its key is away (Linux before the keyring unlocks, a
 * locked macOS keychain): empty, and each finished call tries to open the real one again. A call
 * that ends before it opens is not kept here (the journal still records it, Art. 11).
 */
export async function retryingCallHistory(
  openStore: () => Promise<CallHistoryStore>,
  logger: Logger,
): Promise<CallHistoryStore> {
  const notices: Notice[] = [];
  let store: CallHistoryStore | null = null;
  const attempt = async (): Promise<CallHistoryStore | null> => {
    try {
      store = await openStore();
      notices.push(...store.notices);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      logger.warn({ file: error.file }, 'call history waits for the OS keychain; retried later');
    }
    return store;
  };
  await attempt();
  if (store) return store;
  notices.push({
    id: 'keychain-unavailable',
    level: 'warning',
    key: 'keychain-unavailable',
    params: {},
  });
  return {
    notices,
    list: (agent) => store?.list(agent) ?? [],
    async append(agent, record) {
      const opened = store ?? (await attempt());
      if (opened) await opened.append(agent, record);
    },
  };
}
