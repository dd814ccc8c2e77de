// Settings: a small schema-validated key-value file (electron-store under Electron, its base
// library `conf` under the web host — same format), overlaid by the managed policy.
// A corrupt or schema-violating file is never silently wiped: it is moved aside to a timestamped
// backup, the agent and IT are told where, and the app starts from defaults.
import { existsSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { USER_SETTING_KEYS, type Notice, type SettingsView, type UserSettings } from '../../common/contract.js';
import { DEFAULT_LANGUAGE, Language } from '../../common/domain.js';
import { AppError } from '../../common/result.js';
import type { Logger } from './logger.js';
import type { ManagedPolicy } from './policy.js';

export const WindowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof WindowBounds>;

export const StoredSettings = z.object({
  language: Language.default(DEFAULT_LANGUAGE),
  /** Records service base URL; empty = run the embedded service (npm start on a laptop). */
  recordsUrl: z.string().default(''),
  windowBounds: WindowBounds.optional(),
});
export type StoredSettings = z.infer<typeof StoredSettings>;

/** JSON Schema for the store's own validation (electron-store / conf take `properties`). */
export const SETTINGS_JSON_SCHEMA = (z.toJSONSchema(StoredSettings, { target: 'draft-7', io: 'input' }) as {
  properties: Record<string, unknown>;
}).properties;

/** What we need of electron-store / conf: both satisfy it. */
export interface KeyValueStore {
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
}

export interface SettingsOptions {
  /** Where the store keeps its file; needed to move a corrupt one aside before retrying. */
  filePath: string;
  /** Builds the store; throws if the file is corrupt or violates the schema. */
  createStore: () => KeyValueStore;
  policy: ManagedPolicy;
  logger: Logger;
  now?: () => Date;
}

export interface Settings {
  readonly notices: Notice[];
  /** The effective value: policy first, then the stored value, then the default. */
  get<K extends keyof StoredSettings>(key: K): StoredSettings[K];
  view(): SettingsView;
  /** A change from the agent's screen; refused for keys the policy locks. */
  setUserSettings(patch: Partial<UserSettings>): SettingsView;
  setWindowBounds(bounds: WindowBounds): void;
}

export function openSettings(options: SettingsOptions): Settings {
  const { filePath, policy, logger } = options;
  const now = options.now ?? (() => new Date());
  const notices: Notice[] = [];

  const open = (): { store: KeyValueStore; values: StoredSettings } => {
    const store = options.createStore();
    // The store validated its JSON Schema; zod adds defaults and gives us typed values.
    return { store, values: StoredSettings.parse(store.store) };
  };

  let opened: { store: KeyValueStore; values: StoredSettings };
  try {
    opened = open();
  } catch (error) {
    if (!existsSync(filePath)) throw error;
    const backup = `${filePath}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(filePath, backup); // if this throws we stop: never lose the agent's file
    logger.error({ backup, err: (error as Error).message }, 'settings file was invalid; moved aside, starting from defaults');
    notices.push({ id: 'settings-corrupt', level: 'warning', key: 'settings-corrupt', params: { backup } });
    opened = open();
  }
  const { store } = opened;
  let values = opened.values;

  const locked = USER_SETTING_KEYS.filter((key) => policy[key] !== undefined);
  const get = <K extends keyof StoredSettings>(key: K): StoredSettings[K] =>
    (key in policy && policy[key as keyof ManagedPolicy] !== undefined
      ? policy[key as keyof ManagedPolicy]
      : values[key]) as StoredSettings[K];

  const view = (): SettingsView => ({
    values: Object.fromEntries(USER_SETTING_KEYS.map((key) => [key, get(key)])) as UserSettings,
    locked,
  });

  return {
    notices,
    get,
    view,
    setUserSettings(patch) {
      const refused = Object.keys(patch).filter((key) => (locked as string[]).includes(key));
      if (refused.length > 0) {
        throw new AppError('locked-by-policy', `set by your organisation's policy: ${refused.join(', ')}`);
      }
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        store.set(key, value);
      }
      values = StoredSettings.parse(store.store);
      return view();
    },
    setWindowBounds(bounds) {
      store.set('windowBounds', WindowBounds.parse(bounds));
      values = StoredSettings.parse(store.store);
    },
  };
}
