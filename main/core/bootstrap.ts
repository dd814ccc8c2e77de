// Starts the core the same way under both hosts: policy, settings, journal, records service
// (configured or embedded), then the app core. Each host passes what only it can provide: the
// settings store (electron-store vs conf), the data dir, and how to start an embedded service.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo, Notice } from '../../common/contract.js';
import type { SipAccount } from '../../common/phone.js';
import { createAppCore, type AppCore, type AppCoreOptions } from './app-core.js';
import { callHistoryKey, openCallHistory, retryingCallHistory } from './call-history.js';
import { openJournal, type JournalNotice, type KeyProvider } from './journal/index.js';
import type { Logger } from './logger.js';
import type { LoadedPolicy, ManagedPolicy } from './policy.js';
import { filePolicySource, POLICY_LINUX_FILE, type PolicySource } from './policy-sources.js';
import { createRecordsClient } from './records-client.js';
import { updateFeedFrom } from './updates.js';
import { openSettings, type KeyValueStore, type Settings } from './settings.js';
import { sealedSecret, type KeySealer, type SealedSecret } from './sealed-secret.js';
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
  SIP_PASSWORD_NOT_SEALED,
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

/** The policy from its OS source; keys this version does not know become a notice, not applied. */
async function loadManagedPolicy(
  options: BootstrapOptions,
  notices: Notice[],
): Promise<LoadedPolicy> {
  const policy = await (
    options.policySource ?? filePolicySource(options.policyPath ?? POLICY_LINUX_FILE)
  ).load();
  if (policy.unknownKeys.length > 0) {
    options.logger.warn(
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
  return policy;
}

/** The records URL: policy beats the command line beats the agent's settings (Art. 10, 15). */
function configuredRecordsUrl(
  options: BootstrapOptions,
  policy: ManagedPolicy,
  settings: Settings,
): string | undefined {
  const configured = policy.recordsUrl ?? options.recordsUrl ?? settings.get('recordsUrl');
  if (configured) checkRecordsUrl(configured, policy);
  else if (
    !embeddedDemoAllowed({
      packaged: options.packaged ?? false,
      demoSwitch: options.demoSwitch ?? false,
      policy,
    })
  )
    throw new NoRecordsServiceError();
  return configured;
}

/**
 * The settings, with the SIP password provisioned in them sealed first, and the effective SIP
 * account (policy's or stored, completed with the sealed password) checked for transport.
 */
async function openSettingsAndSip(
  options: BootstrapOptions,
  policy: LoadedPolicy,
  sipPassword: SealedSecret,
  notices: Notice[],
): Promise<{ settings: Settings; storedSettings: Settings; flagAccount?: SipAccount }> {
  const { logger } = options;
  const unsealed = await sealProvisionedSipPassword({
    settingsFile: options.settingsFile,
    secret: sipPassword,
    logger,
  });
  if (unsealed !== null) notices.push(SIP_PASSWORD_NOT_SEALED);
  const storedSettings = openSettings({
    filePath: options.settingsFile,
    createStore: options.createSettingsStore,
    policy: policy.values,
    logger,
  });
  // The account is IT's (policy) or the agent's; its password is only ever sealed on this desk.
  const account = policy.values.sipAccount ?? storedSettings.get('sipAccount');
  const sealed =
    account && unsealed === null
      ? await readSealedSipPassword(sipPassword, logger)
      : { password: unsealed, notice: null };
  if (sealed.notice) notices.push(sealed.notice);
  else if (account && sealed.password === null)
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
  if (options.sipAccount && policy.values.sipAccount) {
    // Not an error: IT's account wins (Art. 10), and the flags are most likely a leftover.
    logger.warn(
      { policy: policy.path },
      'the managed policy sets the SIP account; the --sip-* flags are ignored',
    );
  }
  return {
    settings: sip.settings,
    storedSettings,
    ...(sip.flagAccount ? { flagAccount: sip.flagAccount } : {}),
  };
}

/**
 * The journal; what opening it found (a broken chain, a torn write set aside) is logged by the
 * store and shown to the agent once; IT reads the detail in the log.
 */
async function openJournalWithNotices(options: BootstrapOptions, notices: Notice[]) {
  const journalNotices: JournalNotice[] = [];
  const journal = await openJournal(options.dataDir, undefined, {
    logger: options.logger,
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
  return journal;
}

/** The call history under its sealed key; while the OS keychain is away, empty and retried. */
function openCallHistoryStore(options: BootstrapOptions, secret: SealedSecret) {
  const { dataDir, logger } = options;
  return retryingCallHistory(
    async () =>
      openCallHistory({
        dataDir,
        logger,
        key: await callHistoryKey(secret, path.join(dataDir, CALL_HISTORY_KEY_FILE), logger),
      }),
    logger,
  );
}

/** Throws PolicyError when the managed policy is unreadable or invalid: the host must stop. */
export async function bootstrap(options: BootstrapOptions): Promise<Bootstrapped> {
  const { logger } = options;
  mkdirSync(options.dataDir, { recursive: true });
  const notices: Notice[] = [];
  const policy = await loadManagedPolicy(options, notices);
  const secret = (name: string) =>
    sealedSecret(path.join(options.dataDir, name), {
      ...(options.keychain ? { keychain: options.keychain } : {}),
      fallbackKeyFile: path.join(options.dataDir, SECRETS_KEY_FILE),
      logger,
    });
  const { settings, storedSettings, flagAccount } = await openSettingsAndSip(
    options,
    policy,
    secret(SIP_PASSWORD_FILE),
    notices,
  );
  // Checked for transport (Art. 15) and demo mode before anything opens or connects.
  const configured = configuredRecordsUrl(options, policy.values, storedSettings);
  const journal = await openJournalWithNotices(options, notices);
  const callHistory = await openCallHistoryStore(options, secret(CALL_HISTORY_KEY_FILE));

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
    sipAccount: flagAccount,
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
