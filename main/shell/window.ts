// The main window's security settings as small pure factories, unit-tested in plain Node; index.ts
// only wires them, and Electron is imported for its types only. Baseline style.md §7: context
// isolation, sandbox, no Node in the page, no new windows or navigation away, audio the only
// device. Customer data is on screen all day (Art. 11): nothing that could carry it off the
// machine — a webview, a popup, a foreign page, camera or screen capture — is allowed.
import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Display,
  Rectangle,
  Session,
  WebContents,
} from 'electron';
import type { WindowBounds } from '../core/settings.js';
import { isAppUrl } from './app-protocol.js';

export { isAppUrl } from './app-protocol.js';

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
/** Below this the softphone bar and the verification panel no longer fit side by side. */
export const MIN_WINDOW_SIZE = { width: 1024, height: 640 } as const;

export interface MainWindowExtras {
  /** DevTools exist only in development builds (`!app.isPackaged`). */
  devTools?: boolean;
  title?: string;
}

export function createMainWindowOptions(
  bounds: WindowBounds | undefined,
  preloadPath: string,
  extras: MainWindowExtras = {},
): BrowserWindowConstructorOptions {
  return {
    ...(bounds
      ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height }
      : { width: DEFAULT_WINDOW_SIZE.width, height: DEFAULT_WINDOW_SIZE.height, center: true }),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: extras.title ?? 'Agent Desk',
    // Shown on 'ready-to-show', so the agent never sees a blank white frame.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A call in progress must keep its timers and audio running while the window is hidden
      // behind the agent's other banking applications.
      backgroundThrottling: false,
      // Chromium's spellchecker may download dictionaries and sees every typed word, and the
      // agent types customers' details (Art. 11).
      spellcheck: false,
      devTools: extras.devTools ?? false,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Permissions

type PermissionRequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
export type RequestedPermission = Parameters<PermissionRequestHandler>[1];
export type PermissionRequestDetails = Parameters<PermissionRequestHandler>[3];
export type CheckedPermission = Parameters<PermissionCheckHandler>[1];
export type PermissionCheckDetails = Parameters<PermissionCheckHandler>[3];

/**
 * Decides a permission request, as a pure function of what was asked and by whom.
 * Granted only to the app's own main frame:
 * - `media` when every requested type is `audio` (microphone for calls) — a request that also
 *   wants video is refused as a whole: no camera, ever;
 * - `speaker-selection` (choosing the headset as output);
 * - `notifications`: an incoming call rings a desktop notification while the window is buried
 *   under the bank's other applications. The page writes them itself, with no customer
 *   detail beyond the last digits of the number (renderer/softphone/notifications.ts).
 * Everything else — video, screen capture, geolocation, clipboard, MIDI, HID, serial, opening
 * external links — is denied.
 */
export function decidePermissionRequest(
  permission: string,
  details: Partial<PermissionRequestDetails> & { mediaTypes?: string[] },
): boolean {
  if (details.isMainFrame !== true || !isAppUrl(details.requestingUrl)) return false;
  if (permission === 'media') {
    const types = details.mediaTypes ?? [];
    return types.length > 0 && types.every((type) => type === 'audio');
  }
  return permission === 'speaker-selection' || permission === 'notifications';
}

export function decidePermissionCheck(
  permission: string,
  requestingOrigin: string,
  details: Partial<PermissionCheckDetails>,
): boolean {
  if (!isAppUrl(requestingOrigin)) return false;
  // A check comes from a subframe only if someone framed us; never answer yes to that.
  if (details.isMainFrame === false) return false;
  if (details.requestingUrl !== undefined && !isAppUrl(details.requestingUrl)) return false;
  // `media` checks gate device enumeration and labels: say yes for microphones/speakers only.
  // `notifications` is checked by `Notification.permission` before the page shows one.
  if (permission === 'notifications') return true;
  return permission === 'media' && details.mediaType === 'audio';
}

/** For `session.setPermissionRequestHandler`. */
export function createPermissionHandler(): PermissionRequestHandler {
  return (_webContents, permission, callback, details) => {
    callback(
      decidePermissionRequest(
        permission,
        details as PermissionRequestDetails & { mediaTypes?: string[] },
      ),
    );
  };
}

/** For `session.setPermissionCheckHandler`. */
export function createPermissionCheckHandler(): PermissionCheckHandler {
  return (_webContents, permission, requestingOrigin, details) =>
    decidePermissionCheck(permission, requestingOrigin, details);
}

/**
 * Everything a session needs before the first page loads: the two permission handlers, and no
 * USB/HID/serial/Bluetooth device for the page (the headset is an audio device; it needs none).
 */
export function installSessionGuards(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
): void {
  session.setPermissionRequestHandler(createPermissionHandler());
  session.setPermissionCheckHandler(createPermissionCheckHandler());
  session.setDevicePermissionHandler(() => false);
}

// ---------------------------------------------------------------------------------------------
// Navigation

/** What hardenWebContents needs of a WebContents (a fake in tests). */
export type HardenableWebContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every webContents the app ever creates (`app.on('web-contents-created')`):
 * no `window.open` / `target=_blank`, no navigation or redirect away from the app, no
 * `<webview>`. The renderer is a single page; any navigation off it is a bug or an attack.
 */
export function hardenWebContents(wc: HardenableWebContents): void {
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  wc.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  wc.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

// ---------------------------------------------------------------------------------------------
// Remembered bounds

/** How much of the title bar must be on a display for a saved position to be reused. */
const GRAB_STRIP = { height: 32, minVisibleWidth: 120, minVisibleHeight: 16 };

const overlap = (a: Rectangle, b: Rectangle): { width: number; height: number } => ({
  width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
  height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
});

/**
 * The saved bounds if the window's title bar would be reachable on one of today's displays;
 * otherwise undefined (default size, centred). Monitors get unplugged between shifts; a window
 * restored onto a screen that no longer exists is a desk the agent cannot use.
 */
export function visibleBounds(
  saved: WindowBounds | undefined,
  displays: readonly Pick<Display, 'workArea'>[],
): WindowBounds | undefined {
  if (!saved) return undefined;
  const strip: Rectangle = {
    x: saved.x,
    y: saved.y,
    width: saved.width,
    height: GRAB_STRIP.height,
  };
  const reachable = displays.some((display) => {
    const o = overlap(strip, display.workArea);
    return o.width >= GRAB_STRIP.minVisibleWidth && o.height >= GRAB_STRIP.minVisibleHeight;
  });
  return reachable ? saved : undefined;
}

export type TrackableWindow = Pick<
  BrowserWindow,
  'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'
>;

export interface TrackBoundsOptions {
  save: (bounds: WindowBounds) => void;
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Saves the window's position on move/resize (debounced: a drag fires dozens of events) and at
 * once on close. The normal (un-maximised) bounds are kept together with the maximised flag, so
 * un-maximising after a restart returns to the size the agent chose.
 */
export function trackWindowBounds(win: TrackableWindow, options: TrackBoundsOptions): () => void {
  const delayMs = options.delayMs ?? 500;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ??
    ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let pending: unknown = null;

  const saveNow = () => {
    if (pending !== null) clearTimer(pending);
    pending = null;
    if (win.isDestroyed()) return;
    const { x, y, width, height } = win.getNormalBounds();
    options.save({ x, y, width, height, maximized: win.isMaximized() });
  };
  const later = () => {
    if (pending !== null) clearTimer(pending);
    pending = setTimer(saveNow, delayMs);
  };

  win.on('move', later);
  win.on('resize', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', saveNow);
  return () => {
    if (pending !== null) clearTimer(pending);
    pending = null;
  };
}
