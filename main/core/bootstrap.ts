// Starts the core the same way under both hosts: policy, settings, journal, records service
// (configured or embedded), then the app core. Each host passes what only it can provide: the
// settings store (electron-store vs conf), the data dir, and how to start an embedded service.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo, Notice } from '../../common/contract.js';
import type { SipAccount } from '../../common/phone.js';
import { createAppCore, type AppCore, type AppCoreOptions } from './app-core.js';
import { callHistoryKey, openCallHistory } from './call-history.js';
import { openJournal, type JournalNotice, type KeyProvider } from './journal/index.js';
import type { Logger } from './logger.js';
import { type LoadedPolicy } from './policy.js';
import { filePolicySource, POLICY_LINUX_FILE, type PolicySource } from './policy-sources.js';
import { createRecordsClient } from './records-client.js';
import { updateFeedFrom } from './updates.js';
import { openSettings, type KeyValueStore, type Settings } from './settings.js';
import { sealedSecret, type KeySealer } from './sealed-secret.js';
import {
  checkedSipAccounts,
  checkRecordsUrl,
  embeddedDemoAllowed,
  NoRecordsServiceError,
} from './secure-config.js';
import {
  readSealedSipPassword,
  sealProvisionedSipPassword,
  SIP_PASSWORD_FILE,
} from './sip-password.js';

export interface EmbeddedRecords {
  url: string;
  close(): Promise<void>;
}

/** The 0600 key that seals the desk's secrets where the OS has no keychain (the web host). */
export const SECRETS_KEY_FILE = 'secrets.key';
/** The call history's encryption key, sealed (core/call-history.ts). */
export const CALL_HISTORY_KEY_FILE = 'call-history.key.sealed';

export interface BootstrapOptions {
  host: AppInfo['host'];
  version: string;
  dataDir: string;
  /** The policy as a JSON file (tests, the web host's --policy); `policySource` wins. */
  policyPath?: string;
  /** Where this OS keeps IT's policy (main/core/policy-sources.ts). */
  policySource?: PolicySource;
  settingsFile: string;
  createSettingsStore: () => KeyValueStore;
  /** A records URL given on the command line or in a config file; policy still wins. */
  recordsUrl?: string;
  /** A SIP account given on the command line or in a config file (web host); policy still wins. */
  sipAccount?: SipAccount;
  /** Starts an in-process records service (PGlite + demo seed) when no URL is configured. */
  startEmbeddedRecords?: (dataDir: string) => Promise<EmbeddedRecords>;
  /** An installed desk (Electron `app.isPackaged`): no embedded demo unless demo mode is chosen. */
  packaged?: boolean;
  /** The `--demo` switch: demo mode chosen on the command line. */
  demoSwitch?: boolean;
  /** The OS keychain (Electron `safeStorage`) for the desk's sealed secrets; none = key file. */
  keychain?: KeySealer;
  logger: Logger;
  fetch?: typeof fetch;
  /** Where the journal's field key lives; default a 0600 key file under the data dir (web host). */
  journalKeyProvider?: KeyProvider;
  /** The device's signing secret, sealed the same way (journal/device-key.ts). */
  deviceKeyProvider?: KeyProvider;
  /** Passed through to the core: test knobs (probe intervals, sync timers), Electron's PDF. */
  coreOptions?: Pick<
    AppCoreOptions,
    'connectivityTiming' | 'sync' | 'recordsEvents' | 'presence' | 'printPdf' | 'deskUpdates'
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
  const policy = await (
    options.policySource ?? filePolicySource(options.policyPath ?? POLICY_LINUX_FILE)
  ).load();
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
  const secret = (name: string) =>
    sealedSecret(path.join(options.dataDir, name), {
      ...(options.keychain ? { keychain: options.keychain } : {}),
      fallbackKeyFile: path.join(options.dataDir, SECRETS_KEY_FILE),
      logger,
    });
  const sipPassword = secret(SIP_PASSWORD_FILE);
  await sealProvisionedSipPassword({
    settingsFile: options.settingsFile,
    secret: sipPassword,
    logger,
  });
  const storedSettings = openSettings({
    filePath: options.settingsFile,
    createStore: options.createSettingsStore,
    policy: policy.values,
    logger,
  });
  // Policy beats the command line beats the agent's own settings (IT decides, Art. 10); checked
  // for transport (Art. 15) and demo mode before anything opens or connects.
  const configured =
    policy.values.recordsUrl ?? options.recordsUrl ?? storedSettings.get('recordsUrl');
  if (configured) checkRecordsUrl(configured, policy.values);
  else if (
    !embeddedDemoAllowed({
      packaged: options.packaged ?? false,
      demoSwitch: options.demoSwitch ?? false,
      policy: policy.values,
    })
  )
    throw new NoRecordsServiceError();
  const stored = storedSettings.get('sipAccount');
  const sealed =
    stored && !policy.values.sipAccount
      ? await readSealedSipPassword(sipPassword, logger)
      : { password: null, notice: null };
  if (sealed.notice) notices.push(sealed.notice);
  else if (stored && !policy.values.sipAccount && sealed.password === null)
    notices.push({
      id: 'sip-password-needed',
      level: 'warning',
      key: 'sip-password-needed',
      params: {},
    });
  const sip = checkedSipAccounts({
    settings: storedSettings,
    policy: policy.values,
    flagAccount: options.sipAccount,
    storedPassword: sealed.password,
    logger,
  });
  notices.push(...sip.notices);
  const settings = sip.settings;
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
  const callHistory = await openCallHistory({
    dataDir: options.dataDir,
    logger,
    key: await callHistoryKey(
      secret(CALL_HISTORY_KEY_FILE),
      path.join(options.dataDir, CALL_HISTORY_KEY_FILE),
      logger,
    ),
  });

  let embedded: EmbeddedRecords | null = null;
  let recordsUrl = configured;
  if (!recordsUrl) {
    if (!options.startEmbeddedRecords) {
      await journal.close();
      throw new Error('no records service configured (--records, settings or policy)');
    }
    embedded = await options.startEmbeddedRecords(options.dataDir);
    recordsUrl = embedded.url;
    logger.warn(
      { url: recordsUrl },
      'embedded demo records service started (PGlite, demo seed): not for customers',
    );
  }

  const records = createRecordsClient({ baseUrl: recordsUrl, fetch: options.fetch });
  // Once: an update's restart runs it before the installer; the host's quit then finds it done.
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await core.shutdown();
      await journal.close();
      await embedded?.close();
    })());
  const core = createAppCore({
    host: options.host,
    version: options.version,
    records,
    embeddedRecords: embedded !== null,
    settings,
    journal,
    logger,
    callHistory,
    sipAccount: sip.flagAccount,
    notices,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...options.coreOptions,
    // Updates follow IT's feed only (policy); the archive names the policy and the desk's logs.
    deskUpdates: {
      feed: updateFeedFrom(policy.values),
      policy,
      ...options.coreOptions?.deskUpdates,
      // An update installs only after this whole shutdown; the quit that follows finds it done.
      beforeInstall: () => close(),
      logDirs: [
        path.join(options.dataDir, 'logs'),
        ...(options.coreOptions?.deskUpdates?.logDirs ?? []),
      ],
    },
  });
  return { core, settings, policy, recordsUrl, close };
}
