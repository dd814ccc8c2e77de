// The desk's chrome around the window: the app menu, the tray (the agent and ready / not ready /
// on a call), the power blocker while a call is connected, and the wake-up after sleep. It follows
// the core's events; it must never decide anything the core decides. A lead may open the console
// in a second window from the Window menu (console-window.ts).
import path from 'node:path';
import { Menu, nativeImage, powerMonitor, powerSaveBlocker, Tray } from 'electron';
import type { Bootstrapped } from '../core/bootstrap.js';
import type { Logger } from '../core/logger.js';
import { offersConsoleWindow } from './console-window.js';
import { exportDiagnostics } from './diagnostics-export.js';
import { installAppMenu } from './menu.js';
import { createCallPowerBlocker, trayPresence } from './phone-shell.js';
import { shellStrings, type ShellStrings } from './shell-strings.js';
import { createAgentTray, type AgentTray } from './tray.js';

export interface DeskChrome {
  /** Lets the machine suspend again and removes the tray icon. */
  release(): void;
}

function createTray(
  strings: ShellStrings,
  options: { assets: string; logger: Logger; onShow: () => void; onQuit: () => void },
): AgentTray | null {
  try {
    return createAgentTray({
      createTray: (image) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      loadIcon: (name) => nativeImage.createFromPath(path.join(options.assets, `tray-${name}.png`)),
      strings,
      onShow: options.onShow,
      onQuit: options.onQuit,
    });
  } catch (error) {
    // Some Linux desktops have no tray; the desk works without it.
    options.logger.warn({ err: (error as Error).message }, 'no tray icon');
    return null;
  }
}

export function installDeskChrome(
  started: Bootstrapped,
  options: {
    /** The folder of the tray icons. */
    assets: string;
    isPackaged: boolean;
    logger: Logger;
    onShow: () => void;
    onQuit: () => void;
    /** Opens (or focuses) the console window; titled in the agent's language. */
    onOpenConsole: (title: string) => void;
    /** Closes it: a tier without the console is signed in, or nobody is. */
    onCloseConsole: () => void;
  },
): DeskChrome {
  const { core, settings } = started;
  let strings = shellStrings(settings.get('language'));
  const menuOptions = () => ({
    platform: process.platform,
    isPackaged: options.isPackaged,
    strings,
    consoleWindow: {
      enabled: offersConsoleWindow(core.currentAgent()?.tier),
      open: () => options.onOpenConsole(strings.appName),
    },
    exportDiagnostics: () => void exportDiagnostics(core, strings, options.logger),
  });
  installAppMenu(Menu, menuOptions());
  let tray = createTray(strings, options);
  const refreshTray = () =>
    tray?.update({ agent: core.currentAgent(), presence: trayPresence(core.phone.shellState()) });
  refreshTray();

  // A connected call keeps the machine from suspending; the tray shows ready / not ready / on a
  // call.
  const callBlocker = createCallPowerBlocker(powerSaveBlocker);
  core.phone.onShellState((state) => {
    callBlocker.update(state.callActive);
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
      installAppMenu(Menu, menuOptions());
      if (!offersConsoleWindow(core.currentAgent()?.tier)) options.onCloseConsole();
    } else if (event === 'settings:changed') {
      strings = shellStrings(settings.get('language'));
      installAppMenu(Menu, menuOptions());
      tray?.setStrings(strings);
    }
  });

  return {
    release() {
      callBlocker.release();
      tray?.destroy();
      tray = null;
    },
  };
}
