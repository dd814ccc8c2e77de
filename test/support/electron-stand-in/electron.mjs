// A stand-in for the `electron` module, for running the REAL built main bundle (dist/main/index.js)
// in plain Node where the Electron binary cannot be installed. It implements only what main and
// electron-store use, records what main did, and writes that record as JSON to
// $ELECTRON_STAND_IN_REPORT on every exit. Not an emulation: it checks call order only where
// Electron itself would throw, and records those as `misuse` entries.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The environment it reads:
//   ELECTRON_STAND_IN_REPORT     where to write the report (required)
//   ELECTRON_STAND_IN_USER_DATA  app.getPath('userData') (required); other paths go beneath it
//   ELECTRON_STAND_IN_LOCK       'denied' = another instance holds the single-instance lock
//   ELECTRON_STAND_IN_PACKAGED   '1' = app.isPackaged
//   ELECTRON_STAND_IN_LOCALE     app.getLocale(), default en-US
//   ELECTRON_STAND_IN_DRIVE      '1' = once the first window has loaded, exercise what main
//                                installed (protocol handler, permission handlers, IPC handlers,
//                                navigation guards), record the answers, then app.quit()
const env = process.env;
if (!env.ELECTRON_STAND_IN_REPORT || !env.ELECTRON_STAND_IN_USER_DATA) {
  throw new Error(
    'electron stand-in: set ELECTRON_STAND_IN_REPORT and ELECTRON_STAND_IN_USER_DATA',
  );
}

// ---------------------------------------------------------------------------------------------
// The report

/** Functions (menu click handlers…) do not survive JSON; say they were there. */
const plain = (value) =>
  JSON.parse(
    JSON.stringify(value, (_key, v) =>
      typeof v === 'function' ? '[function]' : v === undefined ? null : v,
    ),
  );

export const report = {
  singleInstanceLockRequested: false,
  sandboxEnabled: false,
  /** Chromium switches main appended (app.commandLine.appendSwitch), before ready. */
  switches: [],
  appUserModelId: null,
  paths: {},
  privilegedSchemes: [],
  protocolHandlers: [],
  ipcHandlers: [],
  ipcRemovedHandlers: [],
  ipcMainOn: [],
  windows: [],
  webContentsCreated: 0,
  session: {
    permissionRequestHandler: false,
    permissionCheckHandler: false,
    devicePermissionHandler: false,
  },
  trays: [],
  nativeImages: [],
  applicationMenu: null,
  errorBoxes: [],
  appEvents: [],
  quitCalls: 0,
  exitCode: null,
  misuse: [],
  defaultProtocolClients: [],
  powerSaveBlocker: { started: [], stopped: [] },
  powerMonitorListeners: [],
  /** safeStorage calls: what main sealed and opened (never the values). */
  safeStorage: { available: 0, sealed: 0, opened: 0 },
  /** net.fetch calls (Chromium's network stack: the OS trust store), by URL origin. */
  netFetch: [],
  drive: null,
};

const writeReport = () =>
  writeFileSync(env.ELECTRON_STAND_IN_REPORT, JSON.stringify(report, null, 2));
// Also when main crashes or ends on its own: the test then sees how far it got.
process.on('exit', (code) => {
  if (report.exitCode === null) report.exitCode = code;
  writeReport();
});

const makeEvent = (extra = {}) => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
  ...extra,
});

// ---------------------------------------------------------------------------------------------
// app

let ready = false;
const requireReady = (what) => {
  if (!ready) report.misuse.push(`${what} before the app is ready`);
};

class App extends EventEmitter {
  isPackaged = env.ELECTRON_STAND_IN_PACKAGED === '1';
  #paths = new Map([['userData', path.resolve(env.ELECTRON_STAND_IN_USER_DATA)]]);
  #ready = new Promise((resolve) => {
    setImmediate(() => {
      ready = true;
      this.emit('ready', makeEvent(), {});
      resolve();
    });
  });

  emit(name, ...args) {
    if (name !== 'web-contents-created') report.appEvents.push(name);
    return super.emit(name, ...args);
  }
  whenReady() {
    return this.#ready;
  }
  isReady() {
    return ready;
  }
  getPath(name) {
    const base = this.#paths.get('userData');
    const value =
      this.#paths.get(name) ??
      (name === 'logs' ? path.join(base, 'logs') : path.join(base, `.${name}`));
    report.paths[name] = value;
    return value;
  }
  setPath(name, value) {
    if (ready) report.misuse.push(`app.setPath('${name}') after ready`);
    this.#paths.set(name, value);
  }
  getAppPath() {
    return process.cwd();
  }
  getName() {
    return 'agent-desk';
  }
  getVersion() {
    try {
      return JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')).version;
    } catch {
      return '0.0.0';
    }
  }
  getLocale() {
    return env.ELECTRON_STAND_IN_LOCALE ?? 'en-US';
  }
  requestSingleInstanceLock() {
    report.singleInstanceLockRequested = true;
    return env.ELECTRON_STAND_IN_LOCK !== 'denied';
  }
  enableSandbox() {
    if (ready) report.misuse.push('app.enableSandbox() after ready');
    report.sandboxEnabled = true;
  }
  commandLine = {
    appendSwitch(name) {
      if (ready) report.misuse.push(`app.commandLine.appendSwitch('${name}') after ready`);
      report.switches.push(name);
    },
  };
  setAppUserModelId(id) {
    report.appUserModelId = id;
  }
  setAsDefaultProtocolClient(scheme) {
    report.defaultProtocolClients.push(scheme);
    return true;
  }
  /**
   * Electron's order: before-quit → windows close → will-quit → quit → exit(0); a veto stops it.
   */
  quit() {
    report.quitCalls += 1;
    setImmediate(() => {
      const beforeQuit = makeEvent();
      this.emit('before-quit', beforeQuit);
      if (beforeQuit.defaultPrevented) return;
      for (const win of [...BrowserWindow.getAllWindows()]) win.close();
      const willQuit = makeEvent();
      this.emit('will-quit', willQuit);
      if (willQuit.defaultPrevented) return;
      this.emit('quit', makeEvent(), 0);
      report.exitCode = 0;
      writeReport();
      process.exit(0);
    });
  }
  exit(code = 0) {
    report.exitCode = code;
    writeReport();
    process.exit(code);
  }
  focus() {}
}

export const app = new App();

// ---------------------------------------------------------------------------------------------
// windows

class WebContents extends EventEmitter {
  static #nextId = 1;
  id = WebContents.#nextId++;
  #url = '';
  #destroyed = false;
  windowOpenHandler = null;
  sent = [];
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.#url;
  }
  isDestroyed() {
    return this.#destroyed;
  }
  send(channel, ...args) {
    this.sent.push({ channel, args: plain(args) });
  }
  loadURL(url) {
    this.#url = url;
    return Promise.resolve();
  }
  destroy() {
    this.#destroyed = true;
  }
}

const windows = new Set();

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows];
  }
  static fromWebContents(wc) {
    return [...windows].find((win) => win.webContents === wc) ?? null;
  }
  static getFocusedWindow() {
    return [...windows][0] ?? null;
  }

  #destroyed = false;
  #record;
  #bounds;
  #maximized = false;
  #minimized = false;

  constructor(options = {}) {
    super();
    requireReady('new BrowserWindow()');
    this.webContents = new WebContents();
    this.#bounds = {
      x: options.x ?? 100,
      y: options.y ?? 100,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    this.#record = {
      options: plain(options),
      loadedUrls: [],
      shown: false,
      maximized: false,
      closed: false,
      sent: this.webContents.sent,
    };
    report.windows.push(this.#record);
    windows.add(this);
    report.webContentsCreated += 1;
    app.emit('web-contents-created', makeEvent(), this.webContents);
  }
  loadURL(url) {
    this.#record.loadedUrls.push(url);
    const loaded = this.webContents.loadURL(url);
    setImmediate(() => {
      this.emit('ready-to-show');
      this.webContents.emit('did-finish-load');
      if (env.ELECTRON_STAND_IN_DRIVE === '1' && report.drive === null) {
        report.drive = { started: true };
        void drive(this).then(
          () => app.quit(),
          (error) => {
            report.drive.error = String(error?.stack ?? error);
            app.exit(70);
          },
        );
      }
    });
    return loaded;
  }
  show() {
    this.#record.shown = true;
  }
  focus() {}
  isMinimized() {
    return this.#minimized;
  }
  restore() {
    this.#minimized = false;
  }
  maximize() {
    this.#maximized = true;
    this.#record.maximized = true;
  }
  isMaximized() {
    return this.#maximized;
  }
  getNormalBounds() {
    return { ...this.#bounds };
  }
  getBounds() {
    return { ...this.#bounds };
  }
  isDestroyed() {
    return this.#destroyed;
  }
  close() {
    if (this.#destroyed) return;
    const event = makeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#record.closed = true;
    windows.delete(this);
    this.webContents.destroy();
    this.emit('closed');
  }
}

// ---------------------------------------------------------------------------------------------
// ipc

class IpcMain extends EventEmitter {
  handlers = new Map();
  handle(channel, listener) {
    // Electron throws on a second handler for the same channel; so do we.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
    report.ipcHandlers.push(channel);
  }
  handleOnce(channel, listener) {
    this.handle(channel, listener);
  }
  removeHandler(channel) {
    this.handlers.delete(channel);
    report.ipcRemovedHandlers.push(channel);
  }
  on(channel, listener) {
    report.ipcMainOn.push(channel);
    return super.on(channel, listener);
  }
}
export const ipcMain = new IpcMain();

// Preload-side names, so `import { contextBridge, ipcRenderer } from 'electron'` resolves too.
export const contextBridge = {
  exposed: {},
  exposeInMainWorld(key, api) {
    this.exposed[key] = api;
  },
};
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: async () => {
    throw new Error('ipcRenderer.invoke: no main process in the stand-in');
  },
  send() {},
});

// ---------------------------------------------------------------------------------------------
// protocol, session

const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (ready) report.misuse.push('protocol.registerSchemesAsPrivileged() after ready');
    report.privilegedSchemes.push(...plain(schemes));
  },
  handle(scheme, handler) {
    requireReady('protocol.handle()');
    if (protocolHandlers.has(scheme))
      throw new Error(`protocol.handle: ${scheme} is already handled`);
    protocolHandlers.set(scheme, handler);
    report.protocolHandlers.push(scheme);
  },
  unhandle(scheme) {
    protocolHandlers.delete(scheme);
  },
  isProtocolHandled(scheme) {
    return protocolHandlers.has(scheme);
  },
};

const sessionHandlers = { request: null, check: null, device: null };
export const session = {
  defaultSession: {
    protocol,
    setPermissionRequestHandler(handler) {
      requireReady('session.setPermissionRequestHandler()');
      sessionHandlers.request = handler;
      report.session.permissionRequestHandler = handler !== null;
    },
    setPermissionCheckHandler(handler) {
      sessionHandlers.check = handler;
      report.session.permissionCheckHandler = handler !== null;
    },
    setDevicePermissionHandler(handler) {
      sessionHandlers.device = handler;
      report.session.devicePermissionHandler = handler !== null;
    },
  },
};

// ---------------------------------------------------------------------------------------------
// tray, menu, images, screen, dialog, shell

export const nativeImage = {
  createFromPath(file) {
    const exists = existsSync(file);
    report.nativeImages.push({ path: file, exists });
    return { path: file, isEmpty: () => !exists, toJSON: () => ({ path: file }) };
  },
  createEmpty() {
    return { path: null, isEmpty: () => true, toJSON: () => ({ path: null }) };
  },
};

export const Menu = {
  buildFromTemplate(template) {
    return { template, toJSON: () => plain(template) };
  },
  setApplicationMenu(menu) {
    report.applicationMenu = menu ? plain(menu.template) : null;
  },
};

export class Tray extends EventEmitter {
  #record;
  constructor(image) {
    super();
    requireReady('new Tray()');
    this.#record = {
      image: image?.path ?? null,
      images: [image?.path ?? null],
      tooltip: null,
      menu: null,
      destroyed: false,
    };
    report.trays.push(this.#record);
  }
  setImage(image) {
    this.#record.image = image?.path ?? null;
    this.#record.images.push(this.#record.image);
  }
  setToolTip(text) {
    this.#record.tooltip = text;
  }
  setContextMenu(menu) {
    this.#record.menu = menu ? plain(menu.template) : null;
  }
  destroy() {
    this.#record.destroyed = true;
  }
}

export const screen = {
  getAllDisplays() {
    requireReady('screen.getAllDisplays()');
    const rect = { x: 0, y: 0, width: 1920, height: 1080 };
    return [
      { id: 1, bounds: rect, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 },
    ];
  },
  getPrimaryDisplay() {
    return this.getAllDisplays()[0];
  },
};

export const dialog = {
  showErrorBox(title, content) {
    report.errorBoxes.push({ title, content });
  },
  /** Nobody at the stand-in's keyboard: every save dialog is cancelled. */
  showSaveDialog: async () => ({ canceled: true, filePath: undefined }),
};

/** Electron's webContents module: the live contents by id (a report's PDF prints its asker). */
export const webContents = {
  fromId(id) {
    return [...windows].map((win) => win.webContents).find((wc) => wc.id === id);
  },
};

export const shell = {
  openExternal: async () => {
    report.misuse.push('shell.openExternal');
  },
  openPath: async () => '',
};

// ---------------------------------------------------------------------------------------------
// power

class PowerMonitor extends EventEmitter {
  on(name, listener) {
    requireReady('powerMonitor.on()');
    report.powerMonitorListeners.push(name);
    return super.on(name, listener);
  }
}
export const powerMonitor = new PowerMonitor();

// ---------------------------------------------------------------------------------------------
// net.fetch: Chromium's network stack; here Node's fetch, each call noted (origin only)

export const net = {
  fetch(input, init) {
    requireReady('net.fetch()');
    const url = typeof input === 'string' ? input : input.url;
    const origin = new URL(url).origin;
    if (!report.netFetch.includes(origin)) report.netFetch.push(origin);
    writeReport();
    return fetch(input, init);
  },
};

// ---------------------------------------------------------------------------------------------
// safeStorage: a keychain that "seals" by reversing and tagging the bytes
// (ELECTRON_STAND_IN_NO_KEYCHAIN=1: none)

const SEAL_TAG = 'stand-in-sealed:';
export const safeStorage = {
  isEncryptionAvailable() {
    requireReady('safeStorage.isEncryptionAvailable()');
    report.safeStorage.available += 1;
    return env.ELECTRON_STAND_IN_NO_KEYCHAIN !== '1';
  },
  encryptString(plain) {
    requireReady('safeStorage.encryptString()');
    if (env.ELECTRON_STAND_IN_NO_KEYCHAIN === '1') throw new Error('Encryption is not available.');
    report.safeStorage.sealed += 1;
    return Buffer.from(SEAL_TAG + Buffer.from(plain, 'utf8').reverse().toString('base64'));
  },
  decryptString(sealed) {
    requireReady('safeStorage.decryptString()');
    const text = Buffer.from(sealed).toString();
    if (!text.startsWith(SEAL_TAG))
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    report.safeStorage.opened += 1;
    return Buffer.from(text.slice(SEAL_TAG.length), 'base64').reverse().toString('utf8');
  },
};

const blockers = new Map();
let nextBlocker = 1;
export const powerSaveBlocker = {
  start(type) {
    const id = nextBlocker++;
    blockers.set(id, type);
    report.powerSaveBlocker.started.push(type);
    return id;
  },
  stop(id) {
    report.powerSaveBlocker.stopped.push(blockers.get(id) ?? null);
    blockers.delete(id);
  },
  isStarted(id) {
    return blockers.has(id);
  },
};

// ---------------------------------------------------------------------------------------------
// drive: exercise what main installed, through the same entry points Electron would use

async function drive(win) {
  const out = report.drive;
  const appUrl = win.webContents.getURL();

  // The renderer's protocol.
  const handler = protocolHandlers.get('agentdesk');
  out.protocol = {};
  if (handler) {
    const ask = async (url, method = 'GET') => {
      const response = await handler(new Request(url, { method }));
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        csp: response.headers.get('content-security-policy'),
        length: (await response.arrayBuffer()).byteLength,
      };
    };
    out.protocol.entry = await ask(appUrl);
    out.protocol.encodedTraversal = await ask('agentdesk://app/..%2f..%2fpackage.json');
    out.protocol.dotTraversal = await ask('agentdesk://app/%2e%2e/%2e%2e/package.json');
    out.protocol.foreignHost = await ask('agentdesk://elsewhere/index.html');
    out.protocol.post = await ask(appUrl, 'POST');
  }

  // Permissions, as Chromium would ask.
  const request = (permission, details) =>
    new Promise((resolve) =>
      sessionHandlers.request?.(win.webContents, permission, resolve, details),
    );
  const fromApp = { requestingUrl: appUrl, isMainFrame: true };
  out.permissions = sessionHandlers.request
    ? {
        microphone: await request('media', { ...fromApp, mediaTypes: ['audio'] }),
        camera: await request('media', { ...fromApp, mediaTypes: ['video'] }),
        microphoneAndCamera: await request('media', { ...fromApp, mediaTypes: ['audio', 'video'] }),
        geolocation: await request('geolocation', fromApp),
        notifications: await request('notifications', fromApp),
        microphoneForForeignPage: await request('media', {
          requestingUrl: 'https://evil.example/',
          isMainFrame: true,
          mediaTypes: ['audio'],
        }),
        checkMicrophone:
          sessionHandlers.check?.(win.webContents, 'media', 'agentdesk://app', {
            isMainFrame: true,
            mediaType: 'audio',
            requestingUrl: appUrl,
          }) ?? null,
        checkCamera:
          sessionHandlers.check?.(win.webContents, 'media', 'agentdesk://app', {
            isMainFrame: true,
            mediaType: 'video',
            requestingUrl: appUrl,
          }) ?? null,
        device: sessionHandlers.device?.({ deviceType: 'hid', origin: 'agentdesk://app' }) ?? null,
      }
    : null;

  // IPC, from a trusted frame, a subframe and a foreign page.
  const invoke = async (channel, frame, payload = {}) => {
    const listener = ipcMain.handlers.get(channel);
    if (!listener) return { missing: channel };
    return plain(
      await listener(
        { sender: win.webContents, senderFrame: frame, frameId: 1, processId: 1 },
        payload,
      ),
    );
  };
  const top = { parent: null, url: appUrl };
  out.ipc = {
    appInfo: await invoke('agent-desk:app:info', top),
    badPayload: await invoke('agent-desk:auth:sign-in', top, { username: 'x' }),
    fromSubframe: await invoke('agent-desk:app:info', { parent: top, url: appUrl }),
    fromForeignPage: await invoke('agent-desk:app:info', {
      parent: null,
      url: 'https://evil.example/',
    }),
    withoutFrame: await invoke('agent-desk:app:info', null),
  };

  // Navigation guards on the window's webContents.
  const navigate = (name, url) => {
    const event = makeEvent({ url, isMainFrame: true });
    win.webContents.emit(name, event, url);
    return event.defaultPrevented;
  };
  const attach = makeEvent();
  win.webContents.emit('will-attach-webview', attach, {}, {});
  out.navigation = {
    windowOpen:
      win.webContents.windowOpenHandler?.({
        url: 'https://evil.example/',
        disposition: 'new-window',
      }) ?? null,
    foreignPrevented: navigate('will-navigate', 'https://evil.example/'),
    appAllowed: !navigate('will-navigate', 'agentdesk://app/index.html'),
    redirectPrevented: navigate('will-redirect', 'https://evil.example/'),
    framePrevented: navigate('will-frame-navigate', 'file:///etc/passwd'),
    webviewPrevented: attach.defaultPrevented,
  };
  // The softphone's shell parts: pushes on resume and click-to-dial, the power blocker on a call.
  const pushedSince = (from, channel) =>
    win.webContents.sent
      .slice(from)
      .filter((m) => m.channel === channel)
      .map((m) => m.args[0]);
  const mark = win.webContents.sent.length;
  powerMonitor.emit('resume');
  app.emit(
    'second-instance',
    makeEvent(),
    [process.execPath, 'tel:+86-10-8888-0000'],
    process.cwd(),
  );
  app.emit('second-instance', makeEvent(), [process.execPath, '--flag'], process.cwd());
  app.emit('open-url', makeEvent(), 'sip:2001@pbx.bank.example;transport=ws');
  app.emit('open-url', makeEvent(), 'https://evil.example/');
  const active = await invoke('agent-desk:phone:call-active', top, { active: true });
  const blockingDuringCall = blockers.size;
  await invoke('agent-desk:phone:call-active', top, { active: false });
  out.phone = {
    resume: pushedSince(mark, 'agent-desk:phone:resume'),
    dial: pushedSince(mark, 'agent-desk:phone:dial'),
    callActive: active,
    blockingDuringCall,
    blockingAfterCall: blockers.size,
    configWithoutSignIn: await invoke('agent-desk:phone:config', top),
  };
  out.done = true;
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  screen,
  session,
  shell,
  Tray,
  webContents,
};
