// Recent calls for the softphone's history list and one-click redial: a lowdb file of its own,
// `call-history.json` under the data dir, apart from the journal (the record, Art. 11). Each line
// belongs to the agent signed in when the call ended: colleagues sharing a workstation never see
// each other's callers (Art. 11). A corrupt file is never wiped: it is moved aside with a
// timestamped name, the agent and IT are told (a notice), and the list starts empty.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import { CALL_HISTORY_LIMIT, type Notice } from '../../common/contract.js';
import { CallRecord } from '../../common/phone.js';
import { describeIssues } from './dispatcher.js';
import type { Logger } from './logger.js';

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
}

const newestFirst = (a: CallRecord, b: CallRecord) =>
  a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0;

export async function openCallHistory(options: CallHistoryOptions): Promise<CallHistoryStore> {
  const { dataDir, logger } = options;
  const now = options.now ?? (() => new Date());
  const limit = options.limit ?? CALL_HISTORY_LIMIT;
  const file = path.join(dataDir, CALL_HISTORY_FILE);
  const notices: Notice[] = [];

  const open = async (): Promise<Low<HistoryFile>> => {
    const db = new Low<HistoryFile>(new JSONFile(file), { calls: [] });
    await db.read();
    const checked = HistoryFile.safeParse(db.data);
    if (!checked.success) throw new Error(describeIssues(checked.error.issues));
    db.data = checked.data;
    return db;
  };

  let db: Low<HistoryFile>;
  try {
    db = await open();
  } catch (error) {
    if (!existsSync(file)) throw error;
    const backup = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, backup); // if this throws we stop: never lose the agent's file
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
