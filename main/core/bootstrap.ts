// Starts the core the same way under both hosts: policy, settings, journal, records service
// (configured or embedded), then the app core. Each host passes what only it can provide: the
// settings store (electron-store vs conf), the data dir, and how to start an embedded service.
import { mkdirSync } from 'node:fs';
import type { AppInfo, Notice } from '../../common/contract.js';
import type { SipAccount } from '../../common/phone.js';
import { createAppCore, type AppCore, type AppCoreOptions } from './app-core.js';
import { openCallHistory } from './call-history.js';
import { openJournal, type JournalNotice, type KeyProvider } from './journal/index.js';
import type { Logger } from './logger.js';
import { loadPolicy, type LoadedPolicy } from './policy.js';
import { createRecordsClient } from './records-client.js';
import { openSettings, type KeyValueStore, type Settings } from './settings.js';

export interface EmbeddedRecords {
  url: string;
  close(): Promise<void>;
}

export interface BootstrapOptions {
  host: AppInfo['host'];
  version: string;
  dataDir: string;
  policyPath: string;
  settingsFile: string;
  createSettingsStore: () => KeyValueStore;
  /** A records URL given on the command line or in a config file; policy still wins. */
  recordsUrl?: string;
  /** A SIP account given on the command line or in a config file (web host); policy still wins. */
  sipAccount?: SipAccount;
  /** Starts an in-process records service (PGlite + demo seed) when no URL is configured. */
  startEmbeddedRecords?: (dataDir: string) => Promise<EmbeddedRecords>;
  logger: Logger;
  fetch?: typeof fetch;
  /** Where the journal's field key lives; default a 0600 key file under the data dir (web host). */
  journalKeyProvider?: KeyProvider;
  /** The device's signing secret, sealed the same way (journal/device-key.ts). */
  deviceKeyProvider?: KeyProvider;
  /** Passed through to the core: test knobs (probe intervals, sync timers), Electron's PDF. */
  coreOptions?: Pick<
    AppCoreOptions,
    'connectivityTiming' | 'sync' | 'recordsEvents' | 'presence' | 'printPdf'
  >;
}

export interface Bootstrapped {
  core: AppCore;
  settings: Settings;
  policy: LoadedPolicy;
  recordsUrl: string;
  close(): Promise<void>;
}

/** Throws PolicyError when the managed policy is unreadable or invalid: the host must stop. */
export async function bootstrap(options: BootstrapOptions): Promise<Bootstrapped> {
  const { logger } = options;
  mkdirSync(options.dataDir, { recursive: true });
  const policy = await loadPolicy(options.policyPath);
  const notices: Notice[] = [];
  if (policy.unknownKeys.length > 0) {
    logger.warn(
      { policy: policy.path, keys: policy.unknownKeys },
      'managed policy has keys this version does not know; ignored',
    );
    notices.push({
      id: 'policy-unknown-keys',
      level: 'warning',
      key: 'policy-unknown-keys',
      params: { keys: policy.unknownKeys.join(', ') },
    });
  }
  const settings = openSettings({
    filePath: options.settingsFile,
    createStore: options.createSettingsStore,
    policy: policy.values,
    logger,
  });
  if (options.sipAccount && policy.values.sipAccount) {
    // Not an error: IT's account wins (Art. 10), and the flags are most likely a leftover.
    logger.warn(
      { policy: policy.path },
      'the managed policy sets the SIP account; the --sip-* flags are ignored',
    );
  }
  // What opening the journal found (a broken chain, a torn write set aside) is logged by the store
  // and shown to the agent once; IT reads the detail in the log.
  const journalNotices: JournalNotice[] = [];
  const journal = await openJournal(options.dataDir, undefined, {
    logger,
    onNotice: (notice) => journalNotices.push(notice),
    ...(options.journalKeyProvider ? { keyProvider: options.journalKeyProvider } : {}),
    ...(options.deviceKeyProvider ? { deviceKeyProvider: options.deviceKeyProvider } : {}),
  });
  for (const kind of new Set(journalNotices.map((n) => n.kind))) {
    if (kind === 'legacy-imported' || kind === 'stale-lock') continue;
    notices.push({
      id: `journal-${kind}`,
      level: 'warning',
      key: 'journal-recovered',
      params: { kind },
    });
  }
  const callHistory = await openCallHistory({ dataDir: options.dataDir, logger });

  // Policy beats the command line beats the agent's own settings (IT decides, Art. 10).
  const configured = policy.values.recordsUrl ?? options.recordsUrl ?? settings.get('recordsUrl');
  let embedded: EmbeddedRecords | null = null;
  let recordsUrl = configured;
  if (!recordsUrl) {
    if (!options.startEmbeddedRecords) {
      await journal.close();
      throw new Error('no records service configured (--records, settings or policy)');
    }
    embedded = await options.startEmbeddedRecords(options.dataDir);
    recordsUrl = embedded.url;
    logger.info({ url: recordsUrl }, 'embedded records service started (PGlite, demo seed)');
  }

  const records = createRecordsClient({ baseUrl: recordsUrl, fetch: options.fetch });
  const core = createAppCore({
    host: options.host,
    version: options.version,
    records,
    embeddedRecords: embedded !== null,
    settings,
    journal,
    logger,
    callHistory,
    sipAccount: options.sipAccount,
    notices,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...options.coreOptions,
  });
  return {
    core,
    settings,
    policy,
    recordsUrl,
    async close() {
      await core.shutdown();
      await journal.close();
      await embedded?.close();
    },
  };
}
