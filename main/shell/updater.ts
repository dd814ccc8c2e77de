// electron-updater's autoUpdater behind the core's small `Updater` interface (core/updates.ts):
// IT's feed through the generic provider, the policy's channel, staged rollout as the channel file
// says (`stagingPercentage`, against the per-install id electron-updater keeps in userData), the
// download in the background. It never installs by itself: the core asks, between calls only.
import { createRequire } from 'node:module';
import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../core/logger.js';
import type { UpdateFeed, Updater, UpdaterEvent } from '../core/updates.js';

export function createElectronUpdater(
  autoUpdater: AppUpdater,
  feed: UpdateFeed,
  logger: Logger,
): Updater {
  autoUpdater.logger = {
    info: (message: unknown) => logger.info({ updater: String(message) }, 'updater'),
    warn: (message: unknown) => logger.warn({ updater: String(message) }, 'updater'),
    error: (message: unknown) => logger.error({ updater: String(message) }, 'updater'),
    debug: (message: unknown) => logger.debug({ updater: String(message) }, 'updater'),
  };
  autoUpdater.setFeedURL({ provider: 'generic', url: feed.url, channel: feed.channel });
  autoUpdater.channel = feed.channel;
  // Setting a channel allows downgrades; IT moving a desk from beta back to latest must not
  // reinstall an older build behind the agent's back — the next newer release reaches it.
  autoUpdater.allowDowngrade = false;
  autoUpdater.autoDownload = true;
  // Install on the agent's own quit only while the gate is open (the core says). electron-updater
  // adds its quit handler when a download completes, and only if this flag is true at that moment;
  // the handler reads the flag again at quit. So: true until a download lands, then the gate's.
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.autoRunAppAfterInstall = true;
  let gateOpen = false;
  let downloaded = false;

  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  autoUpdater.on('checking-for-update', () => emit({ type: 'checking' }));
  autoUpdater.on('update-available', (info) => emit({ type: 'available', version: info.version }));
  autoUpdater.on('update-not-available', () => emit({ type: 'not-available' }));
  autoUpdater.on('download-progress', (progress) =>
    emit({ type: 'progress', percent: progress.percent }),
  );
  autoUpdater.on('update-downloaded', (info) => {
    emit({ type: 'downloaded', version: info.version });
    downloaded = true;
    // After electron-updater's own handling of this event (it adds the quit handler right after).
    queueMicrotask(() => (autoUpdater.autoInstallOnAppQuit = gateOpen));
  });
  autoUpdater.on('error', (error) => emit({ type: 'error', message: error.message }));

  return {
    async check() {
      await autoUpdater.checkForUpdates();
    },
    // Silent on Windows (the per-machine NSIS installer needs no questions), then run the desk.
    quitAndInstall: () => autoUpdater.quitAndInstall(true, true),
    setInstallOnQuit(allowed) {
      gateOpen = allowed;
      if (downloaded) autoUpdater.autoInstallOnAppQuit = allowed;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** electron-updater loaded only when a feed is configured (it reads app-update.yml otherwise). */
export function electronUpdater(feed: UpdateFeed, logger: Logger): Updater {
  const { autoUpdater } = createRequire(import.meta.url)('electron-updater') as {
    autoUpdater: AppUpdater;
  };
  return createElectronUpdater(autoUpdater, feed, logger);
}
