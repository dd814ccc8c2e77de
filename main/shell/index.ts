// The Electron entry (built to dist/main/index.js, package.json "main"): a thin shell over
// main/core that asks Electron for what only Electron has — paths, windows, the tray, the menu,
// IPC, a protocol for the renderer — and hands it to the factories beside it, where the decisions
// are made and tested. test/build/main-bundle.test.ts runs it, built, under a stand-in `electron`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  Tray,
  type WebContents,
} from 'electron';
import Store from 'electron-store';
import pino from 'pino';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './app-protocol.js';
import { bootstrap, type Bootstrapped } from '../core/bootstrap.js';
import { buildCsp } from '../core/csp.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { sealedKeyFileProvider } from '../core/journal/index.js';
import { defaultPolicyPath, PolicyError } from '../core/policy.js';
import { SETTINGS_JSON_SCHEMA, type KeyValueStore } from '../core/settings.js';
import { bindIpc } from './ipc.js';
import { installAppMenu } from './menu.js';
import {
  createCallPowerBlocker,
  createDialRelay,
  dialTargetFromArgv,
  registerDialProtocols,
  trayPresence,
  type CallPowerBlocker,
} from './phone-shell.js';
import { languageForLocale, shellStrings, type ShellStrings } from './shell-strings.js';
import { createAgentTray, type AgentTray } from './tray.js';
import {
  createMainWindowOptions,
  hardenWebContents,
  installSessionGuards,
  trackWindowBounds,
  visibleBounds,
} from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * Laid out by scripts/build.mjs and electron-builder.yml `files`; the same in dev and in the asar.
 */
const paths = {
  preload: path.join(here, '../preload/index.cjs'),
  renderer: path.join(here, '../renderer'),
  assets: path.join(here, '../../assets'),
  demoSeed: path.join(here, '../../server/seed/demo-seed.json'),
};

// Environment overrides, honoured only in development builds (`!app.isPackaged`): in an installed
// build IT decides through the managed policy (Art. 10), and an agent must not escape a locked
// setting or point the desk at another records service by setting a variable.
//   AGENT_DESK_RECORDS_URL  records service base URL (skips the embedded one); policy still wins
//   AGENT_DESK_POLICY       managed policy file instead of the OS location (main/core/policy.ts)
//   AGENT_DESK_USER_DATA    data directory instead of Electron's userData (isolated test runs)
//   LOG_LEVEL               pino level, default info
const devEnv = (name: string): string | undefined =>
  app.isPackaged ? undefined : process.env[name] || undefined;

// --- Before ready: things Electron only accepts now -------------------------------------------

// Every renderer sandboxed, including any we forget to configure (style.md §7).
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every webContents ever created gets the navigation guard, not only the main window's.
app.on('web-contents-created', (_event, contents: WebContents) => hardenWebContents(contents));

const userDataOverride = devEnv('AGENT_DESK_USER_DATA');
if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));

// Click-to-dial. macOS delivers tel:/sip: links as `open-url`, possibly before
// ready — even the one that launched the app — so the listener goes on now; the relay holds a
// link until the page listens. Windows and Linux pass the link in argv (first launch below,
// later ones through `second-instance`).
const dialRelay = createDialRelay({
  dial: (target) => {
    if (booted) booted.core.phone.dial(target);
  },
  logger: {
    debug: (...a) => logger.debug(...a),
    info: (...a) => logger.info(...a),
    warn: (...a) => logger.warn(...a),
    error: (...a) => logger.error(...a),
  },
});
app.on('open-url', (event, url) => {
  event.preventDefault();
  dialRelay.link(url);
  focusMainWindow();
});
{
  const launchedWith = dialTargetFromArgv(process.argv.slice(1));
  if (launchedWith) dialRelay.target(launchedWith);
}

// --- State --------------------------------------------------------------------------------------

let mainWindow: BrowserWindow | null = null;
let booted: Bootstrapped | null = null;
let tray: AgentTray | null = null;
let callBlocker: CallPowerBlocker | null = null;
// Replaced once the app is ready and knows where its log goes (createLogger).
let logger: Logger & { flush?: () => void } = silentLogger;

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    if (booted) createMainWindow(booted);
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createLogger(): typeof logger {
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

function createMainWindow(started: Bootstrapped): BrowserWindow {
  const strings = shellStrings(started.settings.get('language'));
  const saved = visibleBounds(started.settings.get('windowBounds'), screen.getAllDisplays());
  const win = new BrowserWindow(
    createMainWindowOptions(saved, paths.preload, {
      devTools: !app.isPackaged,
      title: strings.appName,
    }),
  );
  if (saved?.maximized) win.maximize();
  trackWindowBounds(win, {
    save: (bounds) => {
      try {
        started.settings.setWindowBounds(bounds);
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'window bounds not saved');
      }
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    dialRelay.notReady();
  });
  // The page subscribes to pushes while its script runs, before the load finishes.
  win.webContents.on('did-start-loading', () => dialRelay.notReady());
  win.webContents.on('did-finish-load', () => dialRelay.ready());
  win.webContents.on('render-process-gone', (_event, details) => {
    logger.error({ reason: details.reason, exitCode: details.exitCode }, 'renderer process gone');
  });
  mainWindow = win;
  void win
    .loadURL(APP_ENTRY_URL)
    .catch((error: Error) => logger.error({ err: error.message }, 'the renderer did not load'));
  return win;
}

function loadTrayIcon(name: string) {
  return nativeImage.createFromPath(path.join(paths.assets, `tray-${name}.png`));
}

function createTray(strings: ShellStrings): AgentTray | null {
  try {
    return createAgentTray({
      createTray: (image) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      loadIcon: loadTrayIcon,
      strings,
      onShow: () => focusMainWindow(),
      onQuit: () => app.quit(),
    });
  } catch (error) {
    // Some Linux desktops have no tray; the desk works without it.
    logger.warn({ err: (error as Error).message }, 'no tray icon');
    return null;
  }
}

function recordsUrlOverride(): string | undefined {
  const value = devEnv('AGENT_DESK_RECORDS_URL');
  if (value === undefined) return undefined;
  let parsed: URL | null = null;
  try {
    parsed = new URL(value);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new Error(`AGENT_DESK_RECORDS_URL is not an http(s) URL: ${value.slice(0, 200)}`);
  }
  return value;
}

function stopWithError(title: string, message: string): void {
  logger.error({ title, message }, 'startup failed');
  dialog.showErrorBox(title, message);
  // exit, not quit: nothing was started that needs an orderly shutdown, and quit could be
  // vetoed by a window that does not exist yet.
  app.exit(1);
}

// --- Start --------------------------------------------------------------------------------------

async function start(): Promise<void> {
  await app.whenReady();
  logger = createLogger();
  const dataDir = app.getPath('userData');
  // Before settings are readable, the system locale picks the language of an error box.
  const earlyStrings = shellStrings(languageForLocale(app.getLocale()));
  if (process.platform === 'win32') app.setAppUserModelId('com.agentdesk.desktop');

  try {
    booted = await bootstrap({
      host: 'electron',
      version: app.getVersion(),
      dataDir,
      // The core's defaultPolicyPath also reads AGENT_DESK_POLICY; an installed build does not
      // let it (see the header): IT's file is the only policy there.
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
          seedFile: paths.demoSeed,
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
    });
  } catch (error) {
    if (error instanceof PolicyError) {
      stopWithError(
        earlyStrings.dialogs.policyErrorTitle,
        `${error.message}\n\n${earlyStrings.dialogs.policyErrorHint}`,
      );
    } else {
      stopWithError(
        earlyStrings.dialogs.startupFailedTitle,
        error instanceof Error ? error.message : String(error),
      );
    }
    return;
  }
  const started = booted;
  const { core, settings } = started;
  logger.info(
    { recordsUrl: started.recordsUrl, policy: started.policy.found ? started.policy.path : null },
    'core started',
  );

  installSessionGuards(session.defaultSession);
  // The CSP lets the page reach its SIP WebSocket (policy or settings) and nothing else outside.
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      rootDir: paths.renderer,
      csp: buildCsp({ connectSrc: core.phone.connectSources() }),
    }),
  );
  registerDialProtocols(app, { isPackaged: app.isPackaged, logger });

  const unbindIpc = bindIpc({
    ipcMain,
    dispatcher: core.dispatcher,
    events: core.events,
    windows: () => BrowserWindow.getAllWindows(),
    logger,
  });

  let strings = shellStrings(settings.get('language'));
  const menuOptions = () => ({ platform: process.platform, isPackaged: app.isPackaged, strings });
  installAppMenu(Menu, menuOptions());
  tray = createTray(strings);
  const refreshTray = () =>
    tray?.update({ agent: core.currentAgent(), presence: trayPresence(core.phone.shellState()) });
  refreshTray();

  // A connected call keeps the machine from suspending; the tray shows ready / not ready / on a
  // call.
  callBlocker = createCallPowerBlocker(powerSaveBlocker);
  core.phone.onShellState((state) => {
    callBlocker?.update(state.callActive);
    refreshTray();
  });
  // Back from sleep: the page re-registers at once, and the journal syncs without waiting out its
  // backoff.
  powerMonitor.on('resume', () => {
    core.phone.resume();
    core.connectivity.probeNow();
    core.sync.kick();
  });

  core.events.subscribe((event) => {
    if (event === 'agent:changed') {
      refreshTray();
    } else if (event === 'settings:changed') {
      strings = shellStrings(settings.get('language'));
      installAppMenu(Menu, menuOptions());
      tray?.setStrings(strings);
    }
  });

  createMainWindow(started);

  app.on('activate', () => focusMainWindow());
  // macOS keeps apps alive without windows; elsewhere closing the desk quits it.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Sign out (the token is revoked and the journal says so) before the process goes. quit is
  // held until that is done, but never longer than a few seconds: an unreachable records service
  // must not keep a desk from closing (the journal has the sign-out either way).
  let shutdown: 'running' | 'closing' | 'done' = 'running';
  app.on('will-quit', (event) => {
    if (shutdown === 'done') return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    void Promise.race([started.close(), timeout])
      .catch((error: Error) => logger.error({ err: error.message }, 'shutdown was not clean'))
      .finally(() => {
        shutdown = 'done';
        unbindIpc();
        callBlocker?.release();
        tray?.destroy();
        tray = null;
        logger.flush?.();
        app.quit();
      });
  });
}

// --- Go ---------------------------------------------------------------------------------------

// One desk per login session: a second Agent Desk would hold a second SIP registration and a
// second journal on the same data dir. The second launch hands over to the first and leaves.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    focusMainWindow();
    const target = dialTargetFromArgv(argv.slice(1));
    if (target) dialRelay.target(target);
  });
  void start();
}
