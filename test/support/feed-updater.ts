// A stand-in for electron-updater's autoUpdater behind the core's `Updater` interface, with the
// same feed semantics, built from electron-updater's own dependencies: the channel file
// `<channel><-linux|-mac|>.yml` from the generic provider's URL (js-yaml), a newer version only
// (semver, no downgrade), the staged rollout against the per-install id in `<userData>/.updaterId`
// (builder-util-runtime's UUID, the same arithmetic as AppUpdater.isStagingMatch), and the
// download checked against the file's sha512. Installing is only recorded: nothing restarts.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UUID, type UpdateInfo } from 'builder-util-runtime';
import type { UpdateFeed, Updater, UpdaterEvent } from '../../main/core/updates.js';

// electron-updater's own copies (its dependencies; no type packages here, so typed by hand).
const requireDep = createRequire(import.meta.url);
const yaml = requireDep('js-yaml') as { load(text: string): unknown };
const semver = requireDep('semver') as {
  valid(v: string): string | null;
  gt(a: string, b: string): boolean;
};

/** electron-updater's Provider.getChannelFilePrefix for x64. */
export const channelFilePrefix = (platform: NodeJS.Platform): string =>
  platform === 'linux' ? '-linux' : platform === 'darwin' ? '-mac' : '';

/** AppUpdater.getOrCreateStagingUserId: a v5 UUID kept in userData, made once per install. */
export async function stagingUserId(userDataDir: string): Promise<string> {
  const file = path.join(userDataDir, '.updaterId');
  try {
    const id = (await readFile(file, 'utf8')).trim();
    if (/^[0-9a-f-]{36}$/i.test(id)) return id;
  } catch {
    // none yet
  }
  const id = UUID.v5(randomBytes(4096), UUID.OID) as string;
  await mkdir(userDataDir, { recursive: true });
  await writeFile(file, id);
  return id;
}

/** AppUpdater.isStagingMatch: this install's share against the channel's percentage. */
export function inRollout(userId: string, stagingPercentage: number | undefined): boolean {
  if (stagingPercentage === undefined || stagingPercentage === null) return true;
  const share = UUID.parse(userId).readUInt32BE(12) / 0xffffffff;
  return share < stagingPercentage / 100;
}

export interface FeedUpdater extends Updater {
  /** What the core asked to install, in order (time and version). */
  readonly installs: { at: number; version: string }[];
  readonly installOnQuit: boolean;
  downloadedFile(): string | null;
}

export function createFeedUpdater(options: {
  feed: UpdateFeed;
  currentVersion: string;
  userDataDir: string;
  platform?: NodeJS.Platform;
  now?: () => number;
  /** Runs as the install is asked, to see what state the desk hands the installer. */
  onInstall?: () => void;
}): FeedUpdater {
  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const installs: { at: number; version: string }[] = [];
  let installOnQuit = false;
  let downloaded: { version: string; file: string } | null = null;
  const base = options.feed.url.endsWith('/') ? options.feed.url : `${options.feed.url}/`;

  const get = async (name: string): Promise<Buffer> => {
    const response = await fetch(new URL(name, base));
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  };

  const check = async () => {
    emit({ type: 'checking' });
    const channelFile = `${options.feed.channel}${channelFilePrefix(options.platform ?? process.platform)}.yml`;
    const info = yaml.load((await get(channelFile)).toString('utf8')) as UpdateInfo;
    if (!semver.valid(info.version) || !semver.gt(info.version, options.currentVersion)) {
      emit({ type: 'not-available' });
      return;
    }
    if (!inRollout(await stagingUserId(options.userDataDir), info.stagingPercentage)) {
      emit({ type: 'not-available' });
      return;
    }
    emit({ type: 'available', version: info.version });
    const file = info.files[0]!;
    const bytes = await get(file.url);
    emit({ type: 'progress', percent: 100 });
    const sha512 = createHash('sha512').update(bytes).digest('base64');
    if (sha512 !== file.sha512) {
      emit({ type: 'error', message: `sha512 checksum mismatch for ${file.url}` });
      return;
    }
    const target = path.join(options.userDataDir, 'pending', path.basename(file.url));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
    downloaded = { version: info.version, file: target };
    emit({ type: 'downloaded', version: info.version });
  };

  return {
    installs,
    get installOnQuit() {
      return installOnQuit;
    },
    downloadedFile: () => downloaded?.file ?? null,
    async check() {
      try {
        await check();
      } catch (error) {
        emit({ type: 'error', message: (error as Error).message });
      }
    },
    quitAndInstall() {
      if (!downloaded) throw new Error('nothing downloaded');
      options.onInstall?.();
      installs.push({ at: (options.now ?? Date.now)(), version: downloaded.version });
    },
    setInstallOnQuit(allowed) {
      installOnQuit = allowed;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
