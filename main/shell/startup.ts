// Starting the core under Electron: the main log, the bootstrap with Electron's paths, settings
// store and keychain, and the error box when it fails. Startup errors must never leave a half-open
// desk: the process exits. The managed policy (Art. 10) is IT's file only in an installed build.
import path from 'node:path';
import { app, dialog, net, safeStorage } from 'electron';
import Store from 'electron-store';
import { bootstrap, type Bootstrapped } from '../core/bootstrap.js';
import { createDeskLogger, retireLegacyLogs } from '../core/desk-log.js';
import { InsecureTransportError, NoRecordsServiceError } from '../core/secure-config.js';
import type { Logger } from '../core/logger.js';
import { sealedKeyFileProvider } from '../core/journal/index.js';
import { PolicyError } from '../core/policy.js';
import { osPolicyReaders } from '../core/policy-os-readers.js';
import { osPolicySource } from '../core/policy-sources.js';
import { SETTINGS_JSON_SCHEMA, type KeyValueStore } from '../core/settings.js';
import { recordsUrlOverride } from './dev-env.js';
import { electronUpdater } from './updater.js';
import { printReportPdf } from './report-pdf.js';
import { languageForLocale, shellStrings } from './shell-strings.js';

export type MainLogger = Logger & { flush?: () => void };

export function createLogger(): MainLogger {
  // <userData>/logs/desk.log, redacted (core/desk-log.ts); an installed app has no console.
  return createDeskLogger({
    name: 'agent-desk-main',
    level: process.env.LOG_LEVEL ?? 'info',
    dataDir: app.getPath('userData'),
    console: !app.isPackaged,
  });
}

function stopWithError(logger: Logger, title: string, message: string): void {
  logger.error({ title, message }, 'startup failed');
  dialog.showErrorBox(title, message);
  // exit, not quit: nothing was started that needs an orderly shutdown, and quit could be
  // vetoed by a window that does not exist yet.
  app.exit(1);
}

/** The started core, or null when it failed (the agent has seen why and the process exits). */
export async function bootCore(options: {
  /** The embedded records service's demo seed. */
  demoSeed: string;
  logger: Logger;
}): Promise<Bootstrapped | null> {
  const { demoSeed, logger } = options;
  const dataDir = app.getPath('userData');
  // An older version's unredacted main.log in the OS log folder: kept redacted, then removed.
  await retireLegacyLogs(app.getPath('logs'), logger);
  // Before settings are readable, the system locale picks the language of an error box.
  const earlyStrings = shellStrings(languageForLocale(app.getLocale()));
  if (process.platform === 'win32') app.setAppUserModelId('com.agentdesk.desktop');

  try {
    return await bootstrap({
      host: 'electron',
      version: app.getVersion(),
      dataDir,
      // The registry, a configuration profile or /etc/agent-desk/policy.json; AGENT_DESK_POLICY
      // names a file instead, but not in an installed build (see dev-env.ts): IT's is the only one.
      policySource: osPolicySource(
        process.platform,
        app.isPackaged ? { ...process.env, AGENT_DESK_POLICY: undefined } : process.env,
        osPolicyReaders,
      ),
      settingsFile: path.join(dataDir, 'settings.json'),
      // electron-store's file is <userData>/settings.json. clearInvalidConfig: false — a corrupt
      // file throws, and core/settings.ts moves it aside and says so instead of wiping it.
      createSettingsStore: () =>
        new Store<Record<string, unknown>>({
          name: 'settings',
          schema: SETTINGS_JSON_SCHEMA as never,
          clearInvalidConfig: false,
        }) as KeyValueStore,
      recordsUrl: recordsUrlOverride(),
      // Installed, the embedded demo starts only in demo mode (policy demoMode or --demo).
      packaged: app.isPackaged,
      demoSwitch: process.argv.includes('--demo'),
      // The SIP password and the call history's key, sealed like the journal key.
      keychain: safeStorage,
      // Records traffic through Chromium's network stack: it trusts the OS certificate store (a
      // bank's own CA installed there) and the system proxy. Node's own fetch would not: the
      // packaged app's fuses switch off NODE_OPTIONS, and NODE_EXTRA_CA_CERTS with them.
      fetch: net.fetch as typeof fetch,
      // No records URL anywhere (policy, environment, settings): `npm start` on a laptop. The
      // records service then runs in-process on PGlite with the demo seed, loaded only now.
      startEmbeddedRecords: async (dir) => {
        if (app.isPackaged)
          logger.warn({}, 'no records service configured: running the embedded demo service');
        const [{ startRecordsService }, { createFileOutbox }] = await Promise.all([
          import('../../server/start.js'),
          import('../../server/sms.js'),
        ]);
        // Demo only: passcodes go to a file under userData (0600), so OTP works without a gateway
        // (Art. 7).
        return startRecordsService({
          port: 0,
          // The embedded service is the demo by definition: synthetic customers, dev pepper.
          demo: true,
          dataDir: path.join(dir, 'records'),
          seedFile: demoSeed,
          sms: createFileOutbox(path.join(dir, 'sms-outbox.jsonl')),
        });
      },
      logger,
      // The journal's field key, sealed by the OS keychain (Keychain, DPAPI, libsecret); a 0600
      // key file only where the OS has none (core/journal/keys.ts).
      journalKeyProvider: sealedKeyFileProvider(
        path.join(dataDir, 'journal.key.sealed'),
        safeStorage,
        path.join(dataDir, 'journal.key'),
        logger,
      ),
      // The device's signing secret, sealed alike (core/journal/device-key.ts).
      deviceKeyProvider: sealedKeyFileProvider(
        path.join(dataDir, 'device.key.sealed'),
        safeStorage,
        path.join(dataDir, 'device.key'),
        logger,
      ),
      coreOptions: {
        printPdf: printReportPdf,
        // IT's update feed (policy) only in an installed build; its log folder for diagnostics.
        deskUpdates: {
          logDirs: [app.getPath('logs')],
          ...(app.isPackaged ? { createUpdater: (feed) => electronUpdater(feed, logger) } : {}),
        },
      },
    });
  } catch (error) {
    if (error instanceof NoRecordsServiceError || error instanceof InsecureTransportError) {
      const [title, hint] =
        error instanceof NoRecordsServiceError
          ? [earlyStrings.dialogs.noRecordsTitle, earlyStrings.dialogs.noRecordsHint]
          : [
              earlyStrings.dialogs.insecureTransportTitle,
              earlyStrings.dialogs.insecureTransportHint,
            ];
      stopWithError(logger, title, `${hint}\n\n${error.message}`);
    } else if (error instanceof PolicyError) {
      stopWithError(
        logger,
        earlyStrings.dialogs.policyErrorTitle,
        `${error.message}\n\n${earlyStrings.dialogs.policyErrorHint}`,
      );
    } else {
      stopWithError(
        logger,
        earlyStrings.dialogs.startupFailedTitle,
        error instanceof Error ? error.message : String(error),
      );
    }
    return null;
  }
}
