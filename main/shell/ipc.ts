// The Electron IPC adapter over the one dispatcher (the web host's WebSocket is the other): the
// dispatcher checks channel, schema and errors (style.md §3); this adds the sender check after
// VS Code's validatedIpcMain — only a live main frame showing our own `agentdesk://app` origin is
// served, so nothing else reaches the records service with the agent's session (Art. 10).
// Electron is imported for types only: a test passes a fake ipcMain and fake windows.
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { CHANNELS, ipcChannel, type Channel } from '../../common/channels.js';
import { fail, type Result } from '../../common/result.js';
import type { Dispatcher } from '../core/dispatcher.js';
import type { EventBus } from '../core/event-bus.js';
import type { Logger } from '../core/logger.js';
import { isAppUrl } from './app-protocol.js';

export type SenderFrame = Pick<WebFrameMain, 'parent' | 'url'>;

/** A main frame showing an app URL; anything else (no frame, a subframe, a foreign page) is not. */
export function isTrustedSenderFrame(frame: SenderFrame | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** The windows that receive main → renderer pushes (BrowserWindow.getAllWindows() in the app). */
export interface PushTarget {
  isDestroyed(): boolean;
  readonly webContents: Pick<WebContents, 'send' | 'getURL' | 'isDestroyed'>;
}

export interface BindIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatcher: Dispatcher;
  events: Pick<EventBus, 'subscribe'>;
  windows: () => readonly PushTarget[];
  /** Defaults to isTrustedSenderFrame; a parameter so the rule can be tightened in one place. */
  isTrustedSender?: (frame: SenderFrame | null) => boolean;
  logger: Logger;
}

/**
 * Only scheme and host go in the log: a URL's path or query could carry personal data (Art. 11).
 */
const describeOrigin = (url: string | undefined): string => {
  if (!url) return '(none)';
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`.slice(0, 120);
  } catch {
    return '(unparseable)';
  }
};

const senderFrameOf = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>): WebFrameMain | null => {
  try {
    return event.senderFrame;
  } catch {
    // Electron throws when the frame navigated or was destroyed since it sent: not trusted.
    return null;
  }
};

/** Registers a handler for every contract channel and forwards every core event. Returns unbind. */
export function bindIpc(options: BindIpcOptions): () => void {
  const { ipcMain, dispatcher, events, logger } = options;
  const isTrustedSender = options.isTrustedSender ?? isTrustedSenderFrame;

  const handle =
    (channel: Channel) =>
    async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      const frame = senderFrameOf(event);
      const sender = String(event.sender?.id ?? 'unknown');
      if (!isTrustedSender(frame)) {
        logger.warn(
          {
            channel,
            sender,
            origin: describeOrigin(frame?.url),
            subframe: frame ? frame.parent !== null : null,
          },
          'IPC call from an untrusted sender refused',
        );
        return fail(
          'bad-sender',
          `${channel}: refused, the call did not come from the Agent Desk window`,
        );
      }
      return dispatcher.dispatch(channel, payload, { host: 'electron', sender });
    };

  for (const channel of CHANNELS) ipcMain.handle(ipcChannel(channel), handle(channel));

  const unsubscribe = events.subscribe((event, payload) => {
    for (const win of options.windows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
      // Pushes carry the agent's profile: only to a window that still shows the app.
      if (!isAppUrl(win.webContents.getURL())) continue;
      win.webContents.send(ipcChannel(event), payload);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of CHANNELS) ipcMain.removeHandler(ipcChannel(channel));
  };
}
