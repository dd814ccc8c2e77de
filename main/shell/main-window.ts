// The desk's one main window: created with the secure options (style.md §7) at its remembered
// bounds, tracked while open, and focused (or created again) on demand. It tells the dial relay
// when the page can take a tel:/sip: link; it must never load anything but the app's entry URL.
import { app, BrowserWindow, screen } from 'electron';
import type { Bootstrapped } from '../core/bootstrap.js';
import type { Logger } from '../core/logger.js';
import { APP_ENTRY_URL } from './app-protocol.js';
import type { DialRelay } from './phone-shell.js';
import { shellStrings } from './shell-strings.js';
import { createMainWindowOptions, trackWindowBounds, visibleBounds } from './window.js';

export interface MainWindowHost {
  create(started: Bootstrapped): BrowserWindow;
  /** Shows and focuses the window, or creates it again once the core has started. */
  focus(): void;
}

export function createMainWindowHost(options: {
  preload: string;
  dialRelay: DialRelay;
  logger: Logger;
  /** The started core, or null before it is (or when it failed). */
  booted: () => Bootstrapped | null;
}): MainWindowHost {
  const { preload, dialRelay, logger } = options;
  let mainWindow: BrowserWindow | null = null;

  function create(started: Bootstrapped): BrowserWindow {
    const strings = shellStrings(started.settings.get('language'));
    const saved = visibleBounds(started.settings.get('windowBounds'), screen.getAllDisplays());
    const win = new BrowserWindow(
      createMainWindowOptions(saved, preload, {
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
      // Its phone died with it: no call-ended will come, so the update gate must not wait for one.
      options.booted()?.core.rendererGone();
    });
    mainWindow = win;
    void win
      .loadURL(APP_ENTRY_URL)
      .catch((error: Error) => logger.error({ err: error.message }, 'the renderer did not load'));
    return win;
  }

  function focus(): void {
    if (!mainWindow || mainWindow.isDestroyed()) {
      const started = options.booted();
      if (started) create(started);
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  return { create, focus };
}
