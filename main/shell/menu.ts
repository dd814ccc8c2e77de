// The application menu as a pure template builder (unit-tested) plus one line that installs it;
// the labels follow the agent's language (style.md §11). Packaged builds have no Reload (the SIP
// user agent lives in the page: a reload drops the call and the half-done verification) and no
// DevTools (anyone at the desk could read customer data out of the page, Art. 11).
import type { Menu, MenuItemConstructorOptions } from 'electron';
import type { ShellStrings } from './shell-strings.js';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** `app.isPackaged`: true for an installed build. */
  isPackaged: boolean;
  strings: ShellStrings;
  /** A lead's console in its own window (console-window.ts); absent: not offered. */
  consoleWindow?: { enabled: boolean; open: () => void };
  /** Saves IT's diagnostics archive (diagnostics-export.ts); absent: not offered. */
  exportDiagnostics?: () => void;
}

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { strings, isPackaged } = options;
  const m = strings.menu;
  const mac = options.platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: strings.appName,
          submenu: [
            { role: 'about', label: m.about },
            separator,
            { role: 'services', label: m.services },
            separator,
            { role: 'hide', label: m.hide },
            { role: 'hideOthers', label: m.hideOthers },
            { role: 'unhide', label: m.unhide },
            separator,
            { role: 'quit', label: m.quit },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: m.file,
    submenu: mac ? [{ role: 'close', label: m.close }] : [{ role: 'quit', label: m.quit }],
  };

  // Without an Edit menu, macOS has no copy/paste shortcuts in the page's inputs at all.
  const edit: MenuItemConstructorOptions = {
    label: m.edit,
    submenu: [
      { role: 'undo', label: m.undo },
      { role: 'redo', label: m.redo },
      separator,
      { role: 'cut', label: m.cut },
      { role: 'copy', label: m.copy },
      { role: 'paste', label: m.paste },
      { role: 'selectAll', label: m.selectAll },
    ],
  };

  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [
        { role: 'reload', label: m.reload },
        { role: 'forceReload', label: m.forceReload },
        { role: 'toggleDevTools', label: m.toggleDevTools },
        separator,
      ];
  const view: MenuItemConstructorOptions = {
    label: m.view,
    submenu: [
      ...developer,
      { role: 'resetZoom', label: m.resetZoom },
      { role: 'zoomIn', label: m.zoomIn },
      { role: 'zoomOut', label: m.zoomOut },
      separator,
      { role: 'togglefullscreen', label: m.toggleFullscreen },
    ],
  };

  // Enabled only for a tier that approves; it is always listed so the menu does not jump.
  const consoleItem: MenuItemConstructorOptions[] = options.consoleWindow
    ? [
        {
          id: 'open-console-window',
          label: m.openConsoleWindow,
          enabled: options.consoleWindow.enabled,
          click: options.consoleWindow.open,
        },
        separator,
      ]
    : [];
  const windowMenu: MenuItemConstructorOptions = {
    label: m.window,
    submenu: mac
      ? [
          ...consoleItem,
          { role: 'minimize', label: m.minimize },
          { role: 'zoom', label: m.zoom },
          separator,
          { role: 'front', label: m.front },
        ]
      : [
          ...consoleItem,
          { role: 'minimize', label: m.minimize },
          { role: 'close', label: m.close },
        ],
  };

  // On macOS "About" lives in the app menu; elsewhere Help is where people look for it. IT's
  // service desk asks the agent for the diagnostics archive there too.
  const diagnostics: MenuItemConstructorOptions[] = options.exportDiagnostics
    ? [
        {
          id: 'export-diagnostics',
          label: m.exportDiagnostics,
          click: options.exportDiagnostics,
        },
      ]
    : [];
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: m.help,
    submenu: mac
      ? diagnostics
      : [
          ...diagnostics,
          ...(diagnostics.length ? [separator] : []),
          { role: 'about', label: m.about },
        ],
  };

  return [...appMenu, file, edit, view, windowMenu, help];
}

/** Every role used anywhere in the template, flattened (for tests and audits). */
export function menuRoles(template: readonly MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? menuRoles(item.submenu) : []),
  ]);
}

export interface MenuApi {
  buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
  setApplicationMenu(menu: Menu | null): void;
}

export function installAppMenu(menuApi: MenuApi, options: AppMenuOptions): void {
  menuApi.setApplicationMenu(menuApi.buildFromTemplate(buildAppMenuTemplate(options)));
}
