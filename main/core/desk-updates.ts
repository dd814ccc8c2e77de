// IT's side of the desk inside the core: the self-update (updates.ts, gated by update-watch.ts)
// and the diagnostics archive (diagnostics/). Composed once by app-core.ts; the hosts reach it
// through the contract (`update:*`, `diagnostics:export`) and the shell's menu.
import type { Connectivity } from '../../common/connectivity.js';
import type { Handlers } from './dispatcher.js';
import type { EventBus } from './event-bus.js';
import type { AppCoreOptions } from './app-core.js';
import type { JournalSync, Timers } from './journal/index.js';
import type { LoadedPolicy } from './policy.js';
import { buildDiagnosticsZip, type DiagnosticsFile } from './diagnostics/archive.js';
import { recordConnectivityHistory } from './diagnostics/connectivity-history.js';
import {
  connectivityPart,
  journalPart,
  policyPart,
  settingsPart,
  versionsPart,
} from './diagnostics/parts.js';
import { createUpdateService, type UpdateFeed, type Updater } from './updates.js';
import { createUpdateWatch, type UpdateWatch } from './update-watch.js';

export interface DeskUpdateOptions {
  /** The policy's feed (bootstrap: updateFeedFrom); none, no updates. */
  feed?: UpdateFeed | null | 'insecure';
  /** Electron, packaged: electron-updater (main/shell/updater.ts). */
  createUpdater?: (feed: UpdateFeed) => Updater;
  /** The managed policy as loaded (its file and values) for the diagnostics archive. */
  policy?: LoadedPolicy;
  /** Folders whose `*.log` files go into the archive (masked). */
  logDirs?: string[];
  timers?: Timers;
  checkIntervalMs?: number;
  /** The host's shutdown, completed before the installer runs (updates.ts). */
  beforeInstall?: () => Promise<void>;
}

export interface DeskUpdates {
  watch: UpdateWatch;
  /** The contract's channels; wraps the training result so the gate knows it was scored. */
  handlers(
    trainingResult: Handlers['training:result'],
  ): Pick<Handlers, 'update:status' | 'update:restart' | 'diagnostics:export' | 'training:result'>;
  diagnostics(): Promise<DiagnosticsFile>;
  stop(): void;
}

export function createDeskUpdates(deps: {
  core: AppCoreOptions;
  sync: JournalSync;
  connectivity: {
    state(): Connectivity;
    subscribe(listener: (state: Connectivity) => void): () => void;
  };
  events: Pick<EventBus, 'emit'>;
  now: () => Date;
}): DeskUpdates {
  const { core, sync, connectivity, events, now } = deps;
  const options = core.deskUpdates ?? {};
  const watch = createUpdateWatch({ sync, ...(options.timers ? { timers: options.timers } : {}) });
  const service = createUpdateService({
    host: core.host,
    currentVersion: core.version,
    feed: options.feed ?? null,
    ...(options.createUpdater ? { createUpdater: options.createUpdater } : {}),
    watch,
    emit: (status) => events.emit('update:changed', status),
    logger: core.logger,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.checkIntervalMs ? { checkIntervalMs: options.checkIntervalMs } : {}),
    ...(options.beforeInstall ? { beforeInstall: options.beforeInstall } : {}),
  });
  const history = recordConnectivityHistory(connectivity, now);

  const diagnostics = async (): Promise<DiagnosticsFile> => {
    const at = now();
    const file = await buildDiagnosticsZip(
      {
        versions: versionsPart({ version: core.version, host: core.host }, at),
        settings: settingsPart(core.settings),
        policy: policyPart(options.policy),
        connectivity: connectivityPart(connectivity.state(), history.list()),
        journal: journalPart(core.journal, sync),
        update: service.status(),
      },
      options.logDirs ?? [],
      at,
    );
    core.logger.info({ fileName: file.fileName, bytes: file.data.length }, 'diagnostics exported');
    return file;
  };

  return {
    watch,
    handlers: (trainingResult) => ({
      ...service.handlers,
      'diagnostics:export': async () => {
        const file = await diagnostics();
        return { fileName: file.fileName, base64: file.data.toString('base64') };
      },
      'training:result': async (request, ctx) => {
        try {
          return await trainingResult(request, ctx);
        } finally {
          watch.trainingScored();
        }
      },
    }),
    diagnostics,
    stop() {
      service.stop();
      watch.stop();
      history.stop();
    },
  };
}
