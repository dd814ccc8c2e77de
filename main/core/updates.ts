// The desk's self-update, host-neutral: follows the feed IT's policy names through an `Updater`
// (Electron: main/shell/updater.ts over electron-updater), downloads in the background and installs
// only when the gate (update-gate.ts) is open — never by itself during a call. Under the web host
// there is no self-update: thin clients get the new version when IT updates the server.
import type { AppInfo } from '../../common/contract.js';
import { AppError } from '../../common/result.js';
import { isLoopbackHost } from '../../common/transport.js';
import type { UpdateStatus } from '../../common/update.js';
import type { Handlers } from './dispatcher.js';
import type { Timers } from './journal/index.js';
import type { Logger } from './logger.js';
import { updateGate } from './update-gate.js';
import type { UpdateWatch } from './update-watch.js';

/** IT's feed (policy `updateFeedUrl`, `updateChannel`): the electron-updater generic provider. */
export interface UpdateFeed {
  url: string;
  /** `latest` when the policy names none. */
  channel: string;
}

export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

/** What the core needs of an updater; the shell adapts electron-updater's autoUpdater to it. */
export interface Updater {
  /** Reads the channel file; downloads a newer version this install's rollout share includes. */
  check(): Promise<void>;
  /**
   * Installs the downloaded version and restarts the app. Called only once the host has shut the
   * core down (`beforeInstall`): the installer may kill the process within seconds.
   */
  quitAndInstall(): void;
  /** Whether the agent's own quit installs a downloaded version (only while the gate is open). */
  setInstallOnQuit(allowed: boolean): void;
  subscribe(listener: (event: UpdaterEvent) => void): () => void;
}

export interface UpdatesOptions {
  host: AppInfo['host'];
  currentVersion: string;
  /** Null: the policy names no feed, and the desk never looks for updates; see updateFeedFrom. */
  feed: UpdateFeed | null | 'insecure';
  /** The shell's factory; absent under Electron when the build is not packaged (a checkout). */
  createUpdater?: (feed: UpdateFeed) => Updater;
  watch: UpdateWatch;
  emit: (status: UpdateStatus) => void;
  logger: Logger;
  timers?: Timers;
  /** How often the feed is read again. Default 4 h. */
  checkIntervalMs?: number;
  /**
   * The host's whole shutdown (sign-out, journal closed), run to the end before the installer
   * starts: NSIS force-kills a desk still running ~2.6 s after it is launched (Art. 11, 12).
   */
  beforeInstall?: () => Promise<void>;
}

export interface UpdateService {
  handlers: Pick<Handlers, 'update:status' | 'update:restart'>;
  status(): UpdateStatus;
  stop(): void;
}

export const CHECK_INTERVAL_MS = 4 * 60 * 60_000;
/** The first look waits for the desk to settle (sign-in, the phone's registration). */
const FIRST_CHECK_MS = 30_000;

export function createUpdateService(options: UpdatesOptions): UpdateService {
  const { watch, logger, feed } = options;
  const timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  const reason: UpdateStatus['reason'] =
    options.host === 'web'
      ? 'web-host'
      : !feed
        ? 'no-feed'
        : feed === 'insecure'
          ? 'insecure-feed'
          : !options.createUpdater
            ? 'not-packaged'
            : null;
  if (reason === 'insecure-feed')
    logger.warn({}, 'updateFeedUrl is http: off loopback; no updates (use https:)');
  const updater =
    reason === null && typeof feed === 'object' && feed ? options.createUpdater!(feed) : null;

  let state: UpdateStatus['state'] = updater ? 'idle' : 'off';
  let version: string | null = null;
  let percent: number | null = null;
  let last = '';
  const status = (): UpdateStatus => {
    const gate = updateGate(watch.inputs());
    return {
      state,
      reason,
      currentVersion: options.currentVersion,
      version,
      channel: updater && typeof feed === 'object' && feed ? feed.channel : null,
      percent,
      mayInstall: state === 'ready' && gate.mayInstall,
      blockers: gate.blockers,
    };
  };
  // Pushed only when something the agent sees changed (appends move the gate many times a call).
  const publish = () => {
    const next = status();
    updater?.setInstallOnQuit(next.mayInstall);
    // Until a version is ready the gate is nobody's concern: no push per journal append.
    const key = JSON.stringify(next.state === 'ready' ? next : { ...next, blockers: [] });
    if (key === last) return;
    last = key;
    options.emit(next);
  };

  const offUpdater =
    updater?.subscribe((event) => {
      if (event.type === 'checking') state = state === 'ready' ? state : 'checking';
      else if (event.type === 'not-available') state = state === 'ready' ? state : 'idle';
      else if (event.type === 'available') {
        state = 'downloading';
        version = event.version;
        percent = 0;
      } else if (event.type === 'progress') percent = Math.max(0, Math.min(100, event.percent));
      else if (event.type === 'downloaded') {
        state = 'ready';
        version = event.version;
        percent = null;
        logger.info({ version }, 'update downloaded; installs on a restart between calls');
      } else {
        logger.warn({ err: event.message }, 'update check or download failed');
        if (state !== 'ready') state = 'error';
      }
      publish();
    }) ?? (() => {});
  const offWatch = watch.subscribe(publish);

  let timer: unknown = null;
  let stopped = false;
  let installing = false;
  const check = (delayMs: number) => {
    timer = timers.setTimeout(() => {
      // A downloaded version is kept; no need to look again until it is installed.
      if (stopped || state === 'ready') return;
      updater!.check().catch((error: Error) => {
        logger.warn({ err: error.message }, 'update check failed');
        state = 'error';
        publish();
      });
      check(options.checkIntervalMs ?? CHECK_INTERVAL_MS);
    }, delayMs);
  };
  if (updater && typeof feed === 'object' && feed) {
    logger.info({ feed: feed.url, channel: feed.channel }, 'following the update feed');
    check(FIRST_CHECK_MS);
  }

  return {
    handlers: {
      'update:status': () => status(),
      // The page has already stopped its phone (new INVITEs get 480, unregistered: the ACD routes
      // elsewhere) before it asks; the gate is judged now, after that, so a call that began in the
      // meantime refuses the restart and the page brings its phone back.
      'update:restart': async () => {
        const now = status();
        if (!updater || now.state !== 'ready' || installing)
          throw new AppError('conflict', 'no update is ready to install');
        if (!now.mayInstall)
          throw new AppError(
            'conflict',
            `not now: ${now.blockers.join(', ')} (a call is never cut)`,
          );
        installing = true;
        logger.info({ version }, 'installing the update at the agent’s request');
        try {
          await options.beforeInstall?.();
        } catch (error) {
          // The journal keeps what it has; an unclean sign-out must not strand the update.
          logger.error(
            { err: (error as Error).message },
            'shutdown before the update was not clean',
          );
        }
        updater.quitAndInstall();
        return now;
      },
    },
    status,
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      offUpdater();
      offWatch();
    },
  };
}

/**
 * The feed from the managed policy: no `updateFeedUrl`, no updates. An `http:` feed would let
 * anyone on the path swap the channel file and the artefact with its hash (Art. 15): refused off
 * loopback unless IT allows insecure transport on a network it vouches for.
 */
export function updateFeedFrom(policy: {
  updateFeedUrl?: string;
  updateChannel?: string;
  allowInsecureTransport?: boolean;
}): UpdateFeed | null | 'insecure' {
  if (!policy.updateFeedUrl) return null;
  const url = new URL(policy.updateFeedUrl);
  if (
    url.protocol !== 'https:' &&
    !isLoopbackHost(url.hostname) &&
    policy.allowInsecureTransport !== true
  )
    return 'insecure';
  return { url: policy.updateFeedUrl, channel: policy.updateChannel ?? 'latest' };
}
