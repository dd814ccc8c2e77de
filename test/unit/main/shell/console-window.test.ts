// The console's own window: which page it loads, for which tiers the Window menu offers it, and
// the menu item itself (enabled only for a tier that approves; its click opens the window).
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../../../main/shell/app-protocol.js';
import { consoleWindowUrl, offersConsoleWindow } from '../../../../main/shell/console-window.js';
import { buildAppMenuTemplate } from '../../../../main/shell/menu.js';
import { shellStrings } from '../../../../main/shell/shell-strings.js';

const itemOf = (template: MenuItemConstructorOptions[]) =>
  template
    .flatMap((top) => (Array.isArray(top.submenu) ? top.submenu : []))
    .find((item) => item.id === 'open-console-window');

describe('console window', () => {
  it('loads the app entry with ?view=console, an app URL the window guards accept', () => {
    const url = consoleWindowUrl();
    expect(url).toBe(`${APP_ENTRY_URL}?view=console`);
    expect(isAppUrl(url)).toBe(true);
    expect(new URL(url).searchParams.get('view')).toBe('console');
  });

  it('is offered to a tier that approves only, never when signed out', () => {
    expect(offersConsoleWindow('lead')).toBe(true);
    expect(offersConsoleWindow('agent')).toBe(false);
    expect(offersConsoleWindow('senior')).toBe(false);
    expect(offersConsoleWindow('admin')).toBe(false);
    expect(offersConsoleWindow(null)).toBe(false);
    expect(offersConsoleWindow(undefined)).toBe(false);
  });

  it('is a Window-menu item in both languages, enabled by the tier, opening on click', () => {
    for (const [language, label] of [
      ['zh-CN', '在新窗口打开控制台'],
      ['en', 'Open console in a new window'],
    ] as const) {
      for (const platform of ['darwin', 'win32'] as const) {
        const open = vi.fn();
        const strings = shellStrings(language);
        const build = (enabled: boolean) =>
          buildAppMenuTemplate({
            platform,
            isPackaged: true,
            strings,
            consoleWindow: { enabled, open },
          });
        const windowMenu = build(true).find((top) => top.label === strings.menu.window);
        expect(itemOf(windowMenu ? [windowMenu] : [])).toMatchObject({ label, enabled: true });
        expect(itemOf(build(false))).toMatchObject({ enabled: false });
        (itemOf(build(true))!.click as () => void)();
        expect(open).toHaveBeenCalledTimes(1);
      }
    }
    expect(
      itemOf(
        buildAppMenuTemplate({ platform: 'linux', isPackaged: true, strings: shellStrings('en') }),
      ),
    ).toBeUndefined();
  });
});
