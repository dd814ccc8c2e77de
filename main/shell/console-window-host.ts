// The console's own window (console-window.ts decides the URL and who is offered it): built with
// the main window's secure options (window.ts), at the default size so the lead can drag it to a
// second monitor; one at a time, brought to the front when asked again.
import { app, BrowserWindow } from 'electron';
import type { Logger } from '../core/logger.js';
import { consoleWindowUrl } from './console-window.js';
import { createMainWindowOptions } from './window.js';

export interface ConsoleWindowHost {
  /** Opens the console window, or brings the open one to the front. */
  open(title: string): void;
  /** Closes it (at sign-out of a lead, or when a tier without the console signs in). */
  close(): void;
}

export function createConsoleWindowHost(options: {
  preload: string;
  logger: Logger;
}): ConsoleWindowHost {
  let win: BrowserWindow | null = null;
  return {
    open(title) {
      if (win && !win.isDestroyed()) {
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
        return;
      }
      const created = new BrowserWindow(
        createMainWindowOptions(undefined, options.preload, { devTools: !app.isPackaged, title }),
      );
      created.once('ready-to-show', () => created.show());
      created.on('closed', () => {
        if (win === created) win = null;
      });
      win = created;
      void created
        .loadURL(consoleWindowUrl())
        .catch((error: Error) =>
          options.logger.error({ err: error.message }, 'the console window did not load'),
        );
    },
    close() {
      if (win && !win.isDestroyed()) win.close();
      win = null;
    },
  };
}
