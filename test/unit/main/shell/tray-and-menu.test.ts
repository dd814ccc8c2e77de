// Tray, app menu and the shell's own strings: pure view functions, and the tray driven through
// fake Electron factories.
import type { Menu, MenuItemConstructorOptions, NativeImage } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildAppMenuTemplate, installAppMenu, menuRoles } from '../../../../main/shell/menu.js';
import {
  diagnosticsFailureText,
  languageForLocale,
  SHELL_STRINGS,
  shellStrings,
} from '../../../../main/shell/shell-strings.js';
import {
  createAgentTray,
  describeTray,
  TRAY_ICONS,
  trayMenuTemplate,
  type TrayLike,
} from '../../../../main/shell/tray.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const zh = shellStrings('zh-CN');
const en = shellStrings('en');
const agent = { username: 'zhang.san', name: '张三', tier: 'senior' as const };

describe('shell strings', () => {
  const keysOf = (value: unknown, prefix = ''): string[] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, v]) => keysOf(v, `${prefix}${key}.`))
      : [prefix.slice(0, -1)];

  it('Chinese and English have exactly the same keys, none empty', () => {
    expect(keysOf(SHELL_STRINGS.en)).toEqual(keysOf(SHELL_STRINGS['zh-CN']));
    for (const strings of Object.values(SHELL_STRINGS)) {
      for (const key of keysOf(strings)) {
        const value = key
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], strings);
        if (typeof value === 'string') expect(value.trim(), key).not.toBe('');
      }
    }
  });

  it('picks English for an English system locale, Chinese (the primary language) otherwise', () => {
    expect(languageForLocale('en-US')).toBe('en');
    expect(languageForLocale('en')).toBe('en');
    expect(languageForLocale('zh-CN')).toBe('zh-CN');
    expect(languageForLocale('zh-TW')).toBe('zh-CN');
    expect(languageForLocale('fr-FR')).toBe('zh-CN');
  });
});

describe('the diagnostics export error box', () => {
  it("speaks the agent's language and names only the system code, never the raw message", () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/x.zip'"), {
      code: 'EACCES',
    });
    const zhText = diagnosticsFailureText(zh, error);
    expect(zhText).toBe(`${zh.dialogs.diagnosticsFailedHint} (EACCES)`);
    expect(zhText).not.toContain('permission denied');
    expect(diagnosticsFailureText(en, new Error('zip stream broke'))).toBe(
      en.dialogs.diagnosticsFailedHint,
    );
    expect(zh.dialogs.diagnosticsZipFilter).toBe('ZIP 压缩文件');
    expect(en.dialogs.diagnosticsZipFilter).toBe('Zip archive');
  });
});

describe('tray view', () => {
  it('signed out', () => {
    expect(describeTray({ agent: null }, zh)).toEqual({
      icon: 'signed-out',
      status: '未登录',
      tooltip: 'Agent Desk — 未登录',
    });
    expect(describeTray({ agent: null }, en).status).toBe('Signed out');
  });

  it('signed in shows the agent name and tier', () => {
    expect(describeTray({ agent }, zh)).toMatchObject({
      icon: 'signed-in',
      status: '已登录：张三（高级坐席）',
    });
    expect(describeTray({ agent }, en).tooltip).toBe(
      'Agent Desk — Signed in as 张三 (Senior agent)',
    );
  });

  it('adds the agent state once the softphone reports one; an unknown state is shown as it comes', () => {
    expect(describeTray({ agent, presence: 'on-call' }, zh).status).toBe(
      '已登录：张三（高级坐席） · 通话中',
    );
    expect(describeTray({ agent, presence: 'training' }, en).status).toBe(
      'Signed in as 张三 (Senior agent) · training',
    );
  });

  it('every tray icon exists in assets/, at 1x and 2x', () => {
    for (const name of TRAY_ICONS) {
      expect(existsSync(path.join(root, 'assets', `tray-${name}.png`)), name).toBe(true);
      expect(existsSync(path.join(root, 'assets', `tray-${name}@2x.png`)), name).toBe(true);
    }
  });

  it('menu: status line (disabled), show, quit', () => {
    const show = vi.fn();
    const quit = vi.fn();
    const template = trayMenuTemplate(describeTray({ agent }, en), en, { show, quit });
    expect(template[0]).toMatchObject({
      label: 'Signed in as 张三 (Senior agent)',
      enabled: false,
    });
    template.find((item) => item.id === 'show')!.click!({} as never, undefined, {} as never);
    template.find((item) => item.id === 'quit')!.click!({} as never, undefined, {} as never);
    expect(show).toHaveBeenCalledOnce();
    expect(quit).toHaveBeenCalledOnce();
  });
});

describe('createAgentTray', () => {
  function build() {
    const tray = {
      setImage: vi.fn(),
      setToolTip: vi.fn(),
      setContextMenu: vi.fn(),
      on: vi.fn(),
      destroy: vi.fn(),
    };
    const loadIcon = vi.fn((name: string) => ({ name }) as unknown as NativeImage);
    const createTray = vi.fn(() => tray as unknown as TrayLike);
    const onShow = vi.fn();
    const agentTray = createAgentTray({
      createTray,
      buildMenu: (template: MenuItemConstructorOptions[]) => ({ template }) as unknown as Menu,
      loadIcon,
      strings: zh,
      onShow,
      onQuit: vi.fn(),
    });
    const lastMenu = () =>
      (tray.setContextMenu.mock.calls.at(-1)![0] as { template: MenuItemConstructorOptions[] })
        .template;
    return { tray, agentTray, loadIcon, createTray, onShow, lastMenu };
  }

  it('starts signed out, switches icon and menu on sign-in and back', () => {
    const { tray, agentTray, createTray, lastMenu } = build();
    expect(createTray).toHaveBeenCalledWith({ name: 'signed-out' });
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Agent Desk — 未登录');

    agentTray.update({ agent });
    expect(tray.setImage).toHaveBeenLastCalledWith({ name: 'signed-in' });
    expect(lastMenu()[0]!.label).toBe('已登录：张三（高级坐席）');

    agentTray.update({ agent: null });
    expect(tray.setImage).toHaveBeenLastCalledWith({ name: 'signed-out' });
    expect(lastMenu()[0]!.label).toBe('未登录');
  });

  it('loads each icon once and does not reset an unchanged one', () => {
    const { tray, agentTray, loadIcon } = build();
    agentTray.update({ agent });
    agentTray.update({ agent, presence: 'ready' });
    expect(tray.setImage).toHaveBeenCalledTimes(1);
    expect(loadIcon.mock.calls.map(([name]) => name)).toEqual(['signed-out', 'signed-in']);
  });

  it('follows a language change', () => {
    const { tray, agentTray } = build();
    agentTray.setStrings(en);
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Agent Desk — Signed out');
  });

  it('a click on the icon brings the window back', () => {
    const { tray, onShow } = build();
    const [event, listener] = tray.on.mock.calls[0]! as [string, () => void];
    expect(event).toBe('click');
    listener();
    expect(onShow).toHaveBeenCalledOnce();
  });
});

describe('app menu', () => {
  const topLabels = (template: MenuItemConstructorOptions[]) => template.map((item) => item.label);

  it('File, Edit, View, Window, Help on Windows and Linux, in the agent’s language', () => {
    expect(
      topLabels(buildAppMenuTemplate({ platform: 'win32', isPackaged: true, strings: zh })),
    ).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect(
      topLabels(buildAppMenuTemplate({ platform: 'linux', isPackaged: true, strings: en })),
    ).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
  });

  it('macOS gets the app menu first', () => {
    const template = buildAppMenuTemplate({ platform: 'darwin', isPackaged: true, strings: en });
    expect(topLabels(template)).toEqual(['Agent Desk', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(menuRoles(template.slice(0, 1))).toEqual(
      expect.arrayContaining(['about', 'hide', 'quit']),
    );
  });

  it('has the clipboard roles (copy/paste shortcuts depend on them)', () => {
    expect(
      menuRoles(buildAppMenuTemplate({ platform: 'darwin', isPackaged: true, strings: en })),
    ).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it.each(['win32', 'darwin', 'linux'] as const)(
    'packaged build on %s: no DevTools and no reload',
    (platform) => {
      const roles = menuRoles(
        buildAppMenuTemplate({ platform, isPackaged: true, strings: en }),
      ).map((r) => r.toLowerCase());
      expect(roles).not.toContain('toggledevtools');
      expect(roles).not.toContain('reload');
      expect(roles).not.toContain('forcereload');
    },
  );

  it('development build keeps DevTools and reload', () => {
    const roles = menuRoles(
      buildAppMenuTemplate({ platform: 'linux', isPackaged: false, strings: en }),
    );
    expect(roles).toEqual(expect.arrayContaining(['toggleDevTools', 'reload', 'forceReload']));
  });

  it.each(['win32', 'darwin', 'linux'] as const)(
    'Help offers "Export diagnostics…" on %s, in the agent’s language, and it exports',
    (platform) => {
      const exportDiagnostics = vi.fn();
      for (const strings of [zh, en]) {
        const help = buildAppMenuTemplate({
          platform,
          isPackaged: true,
          strings,
          exportDiagnostics,
        }).find((item) => item.role === 'help')!;
        const item = (help.submenu as MenuItemConstructorOptions[]).find(
          (i) => i.id === 'export-diagnostics',
        )!;
        expect(item.label).toBe(strings.menu.exportDiagnostics);
        (item.click as () => void)();
      }
      expect(exportDiagnostics).toHaveBeenCalledTimes(2);
    },
  );

  it('installAppMenu builds and sets the menu', () => {
    const menu = { built: true } as unknown as Menu;
    const api = { buildFromTemplate: vi.fn(() => menu), setApplicationMenu: vi.fn() };
    installAppMenu(api, { platform: 'linux', isPackaged: true, strings: en });
    expect(api.setApplicationMenu).toHaveBeenCalledWith(menu);
  });
});
