// The main window's security settings (style.md §7), tested through the pure factories in
// main/shell/window.ts — the Electron binary is not available here (architecture.md).
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  createMainWindowOptions,
  createPermissionCheckHandler,
  createPermissionHandler,
  decidePermissionRequest,
  hardenWebContents,
  installSessionGuards,
  isAppUrl,
  MIN_WINDOW_SIZE,
  trackWindowBounds,
  visibleBounds,
  type HardenableWebContents,
  type TrackableWindow,
} from '../../../../main/shell/window.js';

const APP = 'agentdesk://app/index.html';
const wc = {} as WebContents;

describe('createMainWindowOptions', () => {
  it('turns on every part of the security baseline', () => {
    const options = createMainWindowOptions(undefined, '/app/dist/preload/index.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      backgroundThrottling: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('keeps a minimum size and waits for ready-to-show', () => {
    const options = createMainWindowOptions(undefined, '/p.cjs');
    expect(options.minWidth).toBe(MIN_WINDOW_SIZE.width);
    expect(options.minHeight).toBe(MIN_WINDOW_SIZE.height);
    expect(options.show).toBe(false);
  });

  it('uses remembered bounds when given, a centred default otherwise', () => {
    expect(
      createMainWindowOptions(
        { x: 10, y: 20, width: 1300, height: 900, maximized: false },
        '/p.cjs',
      ),
    ).toMatchObject({
      x: 10,
      y: 20,
      width: 1300,
      height: 900,
    });
    const fresh = createMainWindowOptions(undefined, '/p.cjs');
    expect(fresh.center).toBe(true);
    expect(fresh.x).toBeUndefined();
  });

  it('allows DevTools only when asked (development builds)', () => {
    expect(
      createMainWindowOptions(undefined, '/p.cjs', { devTools: true }).webPreferences?.devTools,
    ).toBe(true);
  });
});

describe('permission request handler', () => {
  const ask = (permission: string, details: Record<string, unknown>): boolean => {
    const callback = vi.fn();
    createPermissionHandler()(wc, permission as never, callback, {
      requestingUrl: APP,
      isMainFrame: true,
      ...details,
    } as never);
    expect(callback).toHaveBeenCalledTimes(1);
    return callback.mock.calls[0]![0] as boolean;
  };

  it('grants the microphone to the app', () => {
    expect(ask('media', { mediaTypes: ['audio'] })).toBe(true);
  });

  it('grants choosing the speaker (headset) to the app', () => {
    expect(ask('speaker-selection', {})).toBe(true);
  });

  it('grants desktop notifications to the app (an incoming call while the window is buried), not to others', () => {
    expect(ask('notifications', {})).toBe(true);
    expect(ask('notifications', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(ask('notifications', { isMainFrame: false })).toBe(false);
  });

  it.each([
    ['the camera', 'media', { mediaTypes: ['video'] }],
    ['microphone and camera together', 'media', { mediaTypes: ['audio', 'video'] }],
    ['media with no type named', 'media', { mediaTypes: [] }],
    ['media with the types missing', 'media', {}],
    ['screen capture', 'display-capture', {}],
    ['geolocation', 'geolocation', {}],
    ['clipboard reads', 'clipboard-read', {}],
    ['MIDI', 'midi', {}],
    ['opening external links', 'openExternal', { externalURL: 'https://evil.example/' }],
    ['window management', 'window-management', {}],
    ['file system access', 'fileSystem', {}],
    ['an unknown permission', 'unknown', {}],
  ])('denies %s', (_name, permission, details) => {
    expect(ask(permission, details)).toBe(false);
  });

  it.each([
    ['a foreign page', { requestingUrl: 'https://evil.example/' }],
    ['a file:// page', { requestingUrl: 'file:///tmp/x.html' }],
    ['a look-alike host', { requestingUrl: 'agentdesk://app.evil/index.html' }],
    ['a subframe of the app', { isMainFrame: false }],
  ])('denies the microphone to %s', (_name, details) => {
    expect(ask('media', { mediaTypes: ['audio'], ...details })).toBe(false);
  });

  it('decidePermissionRequest is the same decision as a plain function', () => {
    expect(
      decidePermissionRequest('media', {
        requestingUrl: APP,
        isMainFrame: true,
        mediaTypes: ['audio'],
      }),
    ).toBe(true);
    expect(
      decidePermissionRequest('media', {
        requestingUrl: APP,
        isMainFrame: true,
        mediaTypes: ['audio', 'video'],
      }),
    ).toBe(false);
  });
});

describe('permission check handler', () => {
  const check = createPermissionCheckHandler();
  it('says yes to audio device checks from the app', () => {
    expect(
      check(wc, 'media', 'agentdesk://app', {
        isMainFrame: true,
        mediaType: 'audio',
        requestingUrl: APP,
      }),
    ).toBe(true);
  });
  it('says yes to the app’s notification check, no to anyone else’s', () => {
    expect(
      check(wc, 'notifications', 'agentdesk://app', { isMainFrame: true, requestingUrl: APP }),
    ).toBe(true);
    expect(check(wc, 'notifications', 'https://evil.example', { isMainFrame: true })).toBe(false);
    expect(check(wc, 'notifications', 'agentdesk://app', { isMainFrame: false })).toBe(false);
  });
  it.each([
    ['video', 'media', 'agentdesk://app', { isMainFrame: true, mediaType: 'video' }],
    ['unknown media', 'media', 'agentdesk://app', { isMainFrame: true, mediaType: 'unknown' }],
    [
      'audio for a foreign origin',
      'media',
      'https://evil.example',
      { isMainFrame: true, mediaType: 'audio' },
    ],
    [
      'audio from a subframe',
      'media',
      'agentdesk://app',
      { isMainFrame: false, mediaType: 'audio' },
    ],
    ['geolocation', 'geolocation', 'agentdesk://app', { isMainFrame: true }],
    ['serial ports', 'serial', 'agentdesk://app', { isMainFrame: true }],
  ])('says no to %s', (_name, permission, origin, details) => {
    expect(check(wc, permission as never, origin, details as never)).toBe(false);
  });
});

describe('installSessionGuards', () => {
  it('installs both permission handlers and refuses every USB/HID/serial device', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    installSessionGuards(session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(expect.any(Function));
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(expect.any(Function));
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as (
      details: unknown,
    ) => boolean;
    expect(device({ deviceType: 'hid', origin: 'agentdesk://app' })).toBe(false);
  });
});

describe('navigation guard', () => {
  it('isAppUrl accepts only agentdesk://app', () => {
    expect(isAppUrl(APP)).toBe(true);
    expect(isAppUrl('agentdesk://app/')).toBe(true);
    expect(isAppUrl('agentdesk://app')).toBe(true);
    for (const url of [
      'https://app/',
      'file:///index.html',
      'agentdesk://other/index.html',
      'agentdesk://app@evil.example/',
      'agentdesk://app:8080/',
      'agentdesk://app.evil/',
      'javascript:alert(1)',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
    expect(isAppUrl(undefined)).toBe(false);
  });

  function fakeContents() {
    const listeners = new Map<string, (event: unknown, ...rest: unknown[]) => void>();
    let openHandler: ((details: unknown) => unknown) | null = null;
    const contents = {
      on: (name: string, listener: (event: unknown) => void) => {
        listeners.set(name, listener);
        return contents;
      },
      setWindowOpenHandler: (handler: (details: unknown) => unknown) => {
        openHandler = handler;
      },
    };
    hardenWebContents(contents as unknown as HardenableWebContents);
    const fire = (name: string, url?: string) => {
      const event = { url, preventDefault: vi.fn() };
      listeners.get(name)!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    return {
      fire,
      open: (url: string) => openHandler!({ url, disposition: 'new-window' }),
      listeners,
    };
  }

  it('denies every window.open', () => {
    const { open } = fakeContents();
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open(APP)).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])(
    '%s: stays on the app, refuses anything else',
    (name) => {
      const { fire } = fakeContents();
      expect(fire(name, 'agentdesk://app/index.html#settings')).toBe(false);
      expect(fire(name, 'https://evil.example/')).toBe(true);
      expect(fire(name, 'file:///etc/passwd')).toBe(true);
    },
  );

  it('never attaches a <webview>', () => {
    const { fire } = fakeContents();
    expect(fire('will-attach-webview')).toBe(true);
  });
});

describe('remembered window bounds', () => {
  const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  const saved = { x: 100, y: 80, width: 1280, height: 820, maximized: false };

  it('keeps bounds whose title bar is on a display', () => {
    expect(visibleBounds(saved, displays)).toEqual(saved);
    // A second monitor to the left, at negative coordinates.
    expect(
      visibleBounds({ ...saved, x: -1500 }, [
        ...displays,
        { workArea: { x: -1920, y: 0, width: 1920, height: 1040 } },
      ]),
    ).toBeDefined();
  });

  it.each([
    ['on a monitor that was unplugged', { ...saved, x: 2500 }],
    ['far above the screen', { ...saved, y: -900 }],
    ['with only a sliver showing', { ...saved, x: 1880 }],
    ['below the work area', { ...saved, y: 1030 }],
  ])('ignores bounds %s', (_name, bounds) => {
    expect(visibleBounds(bounds, displays)).toBeUndefined();
  });

  it('passes nothing through when nothing was saved', () => {
    expect(visibleBounds(undefined, displays)).toBeUndefined();
  });

  function fakeWindow() {
    const listeners = new Map<string, () => void>();
    let bounds = { x: 1, y: 2, width: 1100, height: 700 };
    const win = {
      on: (name: string, listener: () => void) => listeners.set(name, listener),
      getNormalBounds: () => bounds,
      isMaximized: () => false,
      isDestroyed: () => false,
    };
    return {
      win: win as unknown as TrackableWindow,
      emit: (name: string) => listeners.get(name)!(),
      moveTo: (next: typeof bounds) => {
        bounds = next;
      },
    };
  }

  it('saves once after a burst of moves (debounced), and at once on close', () => {
    vi.useFakeTimers();
    try {
      const save = vi.fn();
      const { win, emit, moveTo } = fakeWindow();
      trackWindowBounds(win, { save, delayMs: 500 });
      for (let i = 0; i < 20; i++) {
        moveTo({ x: i, y: 2, width: 1100, height: 700 });
        emit('move');
      }
      expect(save).not.toHaveBeenCalled();
      vi.advanceTimersByTime(500);
      expect(save).toHaveBeenCalledTimes(1);
      expect(save).toHaveBeenLastCalledWith({
        x: 19,
        y: 2,
        width: 1100,
        height: 700,
        maximized: false,
      });

      moveTo({ x: 50, y: 60, width: 1200, height: 800 });
      emit('resize');
      emit('close');
      expect(save).toHaveBeenCalledTimes(2);
      expect(save).toHaveBeenLastCalledWith({
        x: 50,
        y: 60,
        width: 1200,
        height: 800,
        maximized: false,
      });
      vi.advanceTimersByTime(1000);
      expect(save).toHaveBeenCalledTimes(2); // the pending save was folded into the close
    } finally {
      vi.useRealTimers();
    }
  });
});
