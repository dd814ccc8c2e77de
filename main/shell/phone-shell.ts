// The Electron shell's part of the softphone, as small factories unit-tested in plain Node
// (index.ts only wires them): `tel:`/`sip:` links from the OS (macOS `open-url`, a second
// instance's argv elsewhere), a power-save blocker while a call is connected (a long call on
// battery must not end in suspend), and the tray's presence. Electron is imported for types only.
import type { App, PowerSaveBlocker } from 'electron';
import { parseDialLink } from '../../common/dial.js';
import type { Logger } from '../core/logger.js';
import type { ShellPhoneState } from '../core/phone.js';

/** The link schemes Agent Desk offers to handle. */
export const DIAL_SCHEMES = ['tel', 'sip'] as const;

/**
 * The first `tel:`/`sip:`/`sips:` argument on a command line, as a dial target; null if none is
 * valid.
 */
export function dialTargetFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (/^(?:tel|sips?):/i.test(arg)) {
      const target = parseDialLink(arg);
      if (target) return target;
    }
  }
  return null;
}

/**
 * Registers Agent Desk as the handler of tel: and sip: links. Only for an installed build: a
 * development checkout would otherwise take the machine's links over with a bare `electron`
 * binary (on Windows the registration names the executable). Returns what was registered.
 */
export function registerDialProtocols(
  app: Pick<App, 'setAsDefaultProtocolClient'>,
  options: { isPackaged: boolean; logger: Logger },
): string[] {
  if (!options.isPackaged) {
    options.logger.info(
      { schemes: DIAL_SCHEMES },
      'development build: tel:/sip: links are not registered',
    );
    return [];
  }
  const registered: string[] = [];
  for (const scheme of DIAL_SCHEMES) {
    // false on Linux desktops without xdg-settings, or when the OS refuses: the desk works without.
    if (app.setAsDefaultProtocolClient(scheme)) registered.push(scheme);
    else options.logger.warn({ scheme }, 'could not register as the handler of this link scheme');
  }
  return registered;
}

export interface DialRelay {
  /** A link arrived (open-url, second instance, first launch). Invalid links are dropped. */
  link(url: string): void;
  /** A target already parsed (from argv). */
  target(target: string): void;
  /** The page has loaded and listens: hand over what waited, and everything from now on at once. */
  ready(): void;
  /** The window is gone or reloading: hold links again until ready(). */
  notReady(): void;
}

/**
 * Holds a click-to-dial target until the page can hear it. A link that starts the app arrives
 * before any window exists; pushed then, the event would go nowhere. Only the latest one waits:
 * an agent who clicked twice meant the second number.
 */
export function createDialRelay(options: {
  dial: (target: string) => void;
  logger: Logger;
}): DialRelay {
  let isReady = false;
  let waiting: string | null = null;
  const forward = (target: string) => {
    if (!isReady) {
      waiting = target;
      return;
    }
    try {
      options.dial(target);
    } catch (error) {
      options.logger.warn({ err: (error as Error).message }, 'click-to-dial target refused');
    }
  };
  return {
    link(url) {
      const target = parseDialLink(url);
      // The link itself is not logged: it is a customer's number (Art. 11).
      if (!target)
        options.logger.warn(
          { scheme: /^[a-z]+:/i.exec(url)?.[0] ?? '(none)' },
          'ignored a link that is not a dialable tel:/sip: address',
        );
      else forward(target);
    },
    target: forward,
    ready() {
      isReady = true;
      if (waiting !== null) {
        const target = waiting;
        waiting = null;
        forward(target);
      }
    },
    notReady() {
      isReady = false;
    },
  };
}

export interface CallPowerBlocker {
  update(callActive: boolean): void;
  release(): void;
  isBlocking(): boolean;
}

/**
 * `prevent-app-suspension` while a call is connected (Element does the same): the system may
 * still turn the display off, but not suspend the app and drop the call.
 */
export function createCallPowerBlocker(
  blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>,
): CallPowerBlocker {
  let id: number | null = null;
  const release = () => {
    if (id !== null && blocker.isStarted(id)) blocker.stop(id);
    id = null;
  };
  return {
    update(callActive) {
      if (callActive && id === null) id = blocker.start('prevent-app-suspension');
      else if (!callActive) release();
    },
    release,
    isBlocking: () => id !== null,
  };
}

/** The tray's presence word: on a call beats the agent state (tray.ts knows the words). */
export const trayPresence = (state: ShellPhoneState): string | null =>
  state.callActive ? 'on-call' : state.agentState;
