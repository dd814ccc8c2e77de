// The Electron entry (built to dist/main/index.js, package.json "main"): a thin shell over
// main/core that asks Electron for what only Electron has — paths, windows, the tray, the menu,
// IPC, a protocol for the renderer — and hands it to the factories beside it, where the decisions
// are made and tested. test/build/main-bundle.test.ts runs it, built, under a stand-in `electron`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session, type WebContents } from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol.js';
import type { Bootstrapped } from '../core/bootstrap.js';
import { buildCsp } from '../core/csp.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { installDeskChrome } from './desk-chrome.js';
import { devEnv } from './dev-env.js';
import { bindIpc } from './ipc.js';
import { createConsoleWindowHost } from './console-window-host.js';
import { createMainWindowHost } from './main-window.js';
import { createDialRelay, dialTargetFromArgv, registerDialProtocols } from './phone-shell.js';
import { holdQuitForShutdown } from './shutdown.js';
import { bootCore, createLogger, type MainLogger } from './startup.js';
import { hardenWebContents, installSessionGuards } from './window.js';

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

// --- State --------------------------------------------------------------------------------------

let booted: Bootstrapped | null = null;
// Replaced once the app is ready and knows where its log goes (createLogger).
let logger: MainLogger = silentLogger;
/** Always the current logger, for what is created before it is. */
const currentLogger: Logger = {
  debug: (...a) => logger.debug(...a),
  info: (...a) => logger.info(...a),
  warn: (...a) => logger.warn(...a),
  error: (...a) => logger.error(...a),
};

// --- Before ready: things Electron only accepts now -------------------------------------------

// Every renderer sandboxed, including any we forget to configure (style.md §7).
app.enableSandbox();
// The training line's two ends are peer connections in one page: with the network unplugged,
// loopback is the only path between them, and Chromium gathers loopback candidates only if told.
app.commandLine.appendSwitch('allow-loopback-in-peer-connection');
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
  logger: currentLogger,
});
const mainWindow = createMainWindowHost({
  preload: paths.preload,
  dialRelay,
  logger: currentLogger,
  booted: () => booted,
});
const consoleWindow = createConsoleWindowHost({ preload: paths.preload, logger: currentLogger });
app.on('open-url', (event, url) => {
  event.preventDefault();
  dialRelay.link(url);
  mainWindow.focus();
});
{
  const launchedWith = dialTargetFromArgv(process.argv.slice(1));
  if (launchedWith) dialRelay.target(launchedWith);
}

// --- Start --------------------------------------------------------------------------------------

/** The renderer's protocol and session guards, tel:/sip: registration and the IPC bridge. */
function installRendererPlumbing(started: Bootstrapped): () => void {
  const { core } = started;
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
  return bindIpc({
    ipcMain,
    dispatcher: core.dispatcher,
    events: core.events,
    windows: () => BrowserWindow.getAllWindows(),
    logger,
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  logger = createLogger();
  booted = await bootCore({ demoSeed: paths.demoSeed, logger });
  if (!booted) return;
  const started = booted;
  logger.info(
    { recordsUrl: started.recordsUrl, policy: started.policy.found ? started.policy.path : null },
    'core started',
  );

  const unbindIpc = installRendererPlumbing(started);
  const chrome = installDeskChrome(started, {
    assets: paths.assets,
    isPackaged: app.isPackaged,
    logger,
    onShow: () => mainWindow.focus(),
    onQuit: () => app.quit(),
    onOpenConsole: (title) => consoleWindow.open(title),
    onCloseConsole: () => consoleWindow.close(),
  });

  mainWindow.create(started);

  app.on('activate', () => mainWindow.focus());
  // macOS keeps apps alive without windows; elsewhere closing the desk quits it.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  holdQuitForShutdown(app, {
    close: () => started.close(),
    cleanup: () => {
      unbindIpc();
      chrome.release();
      logger.flush?.();
    },
    logger,
  });
}

// --- Go ---------------------------------------------------------------------------------------

// One desk per login session: a second Agent Desk would hold a second SIP registration and a
// second journal on the same data dir. The second launch hands over to the first and leaves.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    mainWindow.focus();
    const target = dialTargetFromArgv(argv.slice(1));
    if (target) dialRelay.target(target);
  });
  void start();
}
