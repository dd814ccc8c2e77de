// A desktop notification for an incoming call while the window is not focused: the
// agent is often in the bank's other applications when a call comes in. It says only that a call
// is ringing and the last digits of the number (Art. 11: the OS keeps notifications in its own
// history, outside the desk). Clicking it brings the desk forward; it closes when the call stops
// ringing. The ringtone plays from the desk itself, so the notification is silent.

export interface NotificationText {
  title: string;
  body: string;
}

export interface IncomingNotifier {
  /** Shows one notification for this call (replacing any earlier one). */
  show(tag: string, text: NotificationText, onClick: () => void): void;
  close(): void;
  /** Asks for permission; call it from a click (browsers want a user gesture). */
  requestPermission(): Promise<void>;
}

type NotificationCtor = {
  new (title: string, options?: NotificationOptions): Notification;
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
};

/** The browser's Notification API, or a no-op where there is none (or it is refused). */
export function browserNotifier(
  scope: { Notification?: NotificationCtor; focus?: () => void } = globalThis as never,
): IncomingNotifier {
  let current: Notification | null = null;
  const api = scope.Notification;
  return {
    show(tag, text, onClick) {
      if (!api || api.permission !== 'granted') return;
      current?.close();
      try {
        const notification = new api(text.title, {
          body: text.body,
          tag,
          silent: true,
          requireInteraction: true,
        });
        notification.onclick = () => {
          scope.focus?.();
          onClick();
          notification.close();
        };
        current = notification;
      } catch {
        // Some platforms refuse notifications from a page (no service worker): the ringtone and
        // the tray still tell the agent.
        current = null;
      }
    },
    close() {
      current?.close();
      current = null;
    },
    async requestPermission() {
      if (!api || api.permission !== 'default') return;
      try {
        await api.requestPermission();
      } catch {
        // Refused or unsupported: nothing to do.
      }
    },
  };
}

export const silentNotifier: IncomingNotifier = {
  show() {},
  close() {},
  requestPermission: async () => {},
};
