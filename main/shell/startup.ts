// Starting the core under Electron: the main log, the bootstrap with Electron's paths, settings
// store and keychain, and the error box when it fails. Startup errors must never leave a half-open
// desk: the process exits. The managed policy (Art. 10) is IT's file only in an installed build.
import path from 'node:path';
import { app, dialog, safeStorage } from 'electron';
import Store from 'electron-store';
import pino from 'pino';
import { bootstrap, type Bootstrapped } from '../core/bootstrap.js';
import type { Logger } from '../core/logger.js';
import { sealedKeyFileProvider } from '../core/journal/index.js';
import { defaultPolicyPath, PolicyError } from '../core/policy.js';
import { SETTINGS_JSON_SCHEMA, type KeyValueStore } from '../core/settings.js';
import { recordsUrlOverride } from './dev-env.js';
import { printReportPdf } from './report-pdf.js';
import { languageForLocale, shellStrings } from './shell-strings.js';

export type MainLogger = Logger & { flush?: () => void };

export function createLogger(): MainLogger {
  const level = process.env.LOG_LEVEL ?? 'info';
  // An installed app has no console: its log goes to the OS log folder, where IT collects it.
  const destination = app.isPackaged
    ? pino.destination({
        dest: path.join(app.getPath('logs'), 'main.log'),
        mkdir: true,
        sync: true,
      })
    : pino.destination(2);
  return pino({ name: 'agent-desk-main', level }, destination);
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
  // Before settings are readable, the system locale picks the language of an error box.
  const earlyStrings = shellStrings(languageForLocale(app.getLocale()));
  if (process.platform === 'win32') app.setAppUserModelId('com.agentdesk.desktop');

  try {
    return await bootstrap({
      host: 'electron',
      version: app.getVersion(),
      dataDir,
      // The core's defaultPolicyPath also reads AGENT_DESK_POLICY; an installed build does not
      // let it (see dev-env.ts): IT's file is the only policy there.
      policyPath: defaultPolicyPath(
        process.platform,
        app.isPackaged ? { ...process.env, AGENT_DESK_POLICY: undefined } : process.env,
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
      coreOptions: { printPdf: printReportPdf },
    });
  } catch (error) {
    if (error instanceof PolicyError) {
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
