// The parts of IT's diagnostics archive, each a plain JSON-able object: versions, settings and the
// managed policy without secrets, the connectivity history, the journal and sync state. Never an
// entry's content: only counts, sequence numbers, types, times and hashes (Art. 11).
import os from 'node:os';
import type { Connectivity } from '../../../common/connectivity.js';
import type { AppInfo } from '../../../common/contract.js';
import type { Journal, JournalSync } from '../journal/index.js';
import type { LoadedPolicy } from '../policy.js';
import { StoredSettings, type Settings } from '../settings.js';
import type { LinkTransition } from './connectivity-history.js';
import { redactValue } from '../../../common/redaction.js';

/** Pending entries listed in the archive (the oldest; the count is always complete). */
const PENDING_LISTED = 500;

export function versionsPart(app: { version: string; host: AppInfo['host'] }, now: Date) {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  return {
    generatedAt: now.toISOString(),
    app: app.version,
    host: app.host,
    electron: v.electron ?? null,
    chromium: v.chrome ?? null,
    node: v.node,
    os: { platform: process.platform, release: os.release(), arch: process.arch },
  };
}

/** Every setting's effective value (policy over stored over default), secrets removed. */
export function settingsPart(settings: Pick<Settings, 'get' | 'lockedByPolicy'>) {
  const keys = Object.keys(StoredSettings.shape) as (keyof StoredSettings)[];
  const values = Object.fromEntries(keys.map((key) => [key, settings.get(key)]));
  return { values: redactValue(values), lockedByPolicy: settings.lockedByPolicy() };
}

export function policyPart(policy: LoadedPolicy | undefined) {
  if (!policy) return { source: null, found: false, values: {}, unknownKeys: [] };
  return {
    source: policy.path,
    found: policy.found,
    values: redactValue(policy.values),
    unknownKeys: policy.unknownKeys,
  };
}

export function connectivityPart(current: Connectivity, transitions: LinkTransition[]) {
  return { current, transitions };
}

export function journalPart(
  journal: Pick<
    Journal,
    'deviceId' | 'lastSeq' | 'syncedThrough' | 'backlog' | 'pending' | 'deadLetters' | 'entries'
  > &
    Partial<Pick<Journal, 'notices'>>,
  sync: Pick<JournalSync, 'state'>,
) {
  const entries = journal.entries();
  const head = entries.at(-1);
  const backlog = journal.backlog();
  return {
    deviceId: journal.deviceId,
    lastSeq: journal.lastSeq(),
    syncedThrough: journal.syncedThrough(),
    backlog,
    keptLocally: entries.length,
    chainHead: head ? { seq: head.seq, hash: head.hash, at: head.at } : null,
    pending: journal
      .pending(Math.min(backlog, PENDING_LISTED))
      .map(({ seq, id, type, at }) => ({ seq, id, type, at })),
    deadLetters: journal.deadLetters().map(({ seq, id, type, code, message, deadAt }) => ({
      seq,
      id,
      type,
      code,
      message: redactValue(message),
      deadAt,
    })),
    notices: (journal.notices?.() ?? []).map((notice) => redactValue(notice)),
    sync: redactValue(sync.state()),
  };
}
