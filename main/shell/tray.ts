// The tray icon: whether this desk is signed in and as whom, and the agent's state — ready, not
// ready, break, wrap-up (Art. 26), on a call — for a lead walking the floor and for an agent whose
// window is buried. What it shows is a pure function of (state, strings), unit-tested;
// createAgentTray only pushes that view into Electron's Tray, received through small factories.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { AgentProfile } from '../../common/domain.js';
import type { ShellStrings } from './shell-strings.js';

export interface TrayState {
  agent: AgentProfile | null;
  /**
   * The agent's state, once the softphone reports one ('ready', 'not-ready', 'break',
   * 'wrap-up' — Art. 26 — and 'on-call'). Unknown values are shown as they come rather than
   * dropped, so a new state added to the contract shows up before this table learns its name.
   */
  presence?: string | null;
}

/**
 * One PNG pair per name in assets/ (`tray-<name>.png` and `@2x`), see assets/generate-icons.mjs.
 */
export const TRAY_ICONS = ['signed-out', 'signed-in'] as const;
export type TrayIconName = (typeof TRAY_ICONS)[number];

export interface TrayView {
  icon: TrayIconName;
  /** The first, disabled line of the menu: who is signed in, and their state. */
  status: string;
  tooltip: string;
}

export function describeTray(state: TrayState, strings: ShellStrings): TrayView {
  if (!state.agent) {
    return {
      icon: 'signed-out',
      status: strings.tray.signedOut,
      tooltip: `${strings.appName} — ${strings.tray.signedOut}`,
    };
  }
  const who = strings.tray.signedInAs(state.agent, strings.tiers[state.agent.tier]);
  const presence = state.presence
    ? (strings.tray.presence[state.presence] ?? state.presence)
    : null;
  const status = presence ? `${who} · ${presence}` : who;
  return { icon: 'signed-in', status, tooltip: `${strings.appName} — ${status}` };
}

export function trayMenuTemplate(
  view: TrayView,
  strings: ShellStrings,
  actions: { show: () => void; quit: () => void },
): MenuItemConstructorOptions[] {
  return [
    { id: 'status', label: view.status, enabled: false },
    { type: 'separator' },
    { id: 'show', label: strings.tray.show, click: () => actions.show() },
    { id: 'quit', label: strings.tray.quit, click: () => actions.quit() },
  ];
}

export type TrayLike = Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;

export interface AgentTrayOptions {
  createTray: (image: NativeImage) => TrayLike;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  loadIcon: (name: TrayIconName) => NativeImage;
  strings: ShellStrings;
  onShow: () => void;
  onQuit: () => void;
}

export interface AgentTray {
  update(state: TrayState): void;
  /** After the agent switches language. */
  setStrings(strings: ShellStrings): void;
  destroy(): void;
}

export function createAgentTray(options: AgentTrayOptions): AgentTray {
  let strings = options.strings;
  let state: TrayState = { agent: null };
  let shownIcon: TrayIconName | null = null;
  const icons = new Map<TrayIconName, NativeImage>();
  const icon = (name: TrayIconName): NativeImage => {
    let image = icons.get(name);
    if (!image) {
      image = options.loadIcon(name);
      icons.set(name, image);
    }
    return image;
  };

  const tray = options.createTray(icon('signed-out'));
  shownIcon = 'signed-out';
  // Windows and Linux: a left click brings the window back; macOS opens the menu by itself.
  tray.on('click', () => options.onShow());

  const render = () => {
    const view = describeTray(state, strings);
    if (view.icon !== shownIcon) {
      tray.setImage(icon(view.icon));
      shownIcon = view.icon;
    }
    tray.setToolTip(view.tooltip);
    tray.setContextMenu(
      options.buildMenu(
        trayMenuTemplate(view, strings, { show: options.onShow, quit: options.onQuit }),
      ),
    );
  };
  render();

  return {
    update(next) {
      state = next;
      render();
    },
    setStrings(next) {
      strings = next;
      render();
    },
    destroy() {
      tray.destroy();
    },
  };
}
