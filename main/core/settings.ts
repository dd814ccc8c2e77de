// Settings: a small schema-validated key-value file (electron-store under Electron, its base
// library `conf` under the web host — same format), overlaid by the managed policy.
// A corrupt or schema-violating file is never silently wiped: it is moved aside to a timestamped
// backup, the agent and IT are told where, and the app starts from defaults.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import {
  USER_SETTING_KEYS,
  type Notice,
  type SettingsView,
  type UserSettings,
} from '../../common/contract.js';
import { DEFAULT_LANGUAGE, Language } from '../../common/domain.js';
import {
  DEFAULT_SHORTCUTS,
  DtmfMode,
  IceServer,
  PhoneConfig,
  SipAccount,
  Shortcuts,
} from '../../common/phone.js';
import { AppError } from '../../common/result.js';
import { TrainingId } from '../../common/training.js';
import { DEFAULT_VERIFY_CONFIG, VerifyConfig } from '../../common/verify.js';
import type { Logger } from './logger.js';
import { moveAsideScrubbed } from './move-aside.js';
import type { ManagedPolicy } from './policy.js';

export const WindowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof WindowBounds>;

/** A host name (or IP) whose P-Asserted-Identity the softphone trusts. */
export const TrustedProxy = PhoneConfig.shape.trustedProxies.element;

/** The SIP account as the settings file holds it: the password only until it is sealed. */
export const StoredSipAccount = SipAccount.partial({ password: true });
export type StoredSipAccount = z.infer<typeof StoredSipAccount>;

export const DEFAULT_AUDIO_DEVICES = {
  microphoneId: 'default',
  speakerId: 'default',
  ringerId: 'default',
} as const;

export const StoredSettings = z.object({
  language: Language.default(DEFAULT_LANGUAGE),
  /** Records service base URL; empty = run the embedded service (npm start on a laptop). */
  recordsUrl: z.string().default(''),
  windowBounds: WindowBounds.optional(),

  // --- Softphone. Usually provisioned by IT (policy or a prepared settings file). ---
  /**
   * The SIP account; absent = the phone shows "no account configured". Its password is never
   * kept here: it is sealed apart (core/sip-password.ts); one found here is sealed and scrubbed.
   */
  sipAccount: StoredSipAccount.optional(),
  /** STUN/TURN servers the bank chose; none by default — never a public STUN server. */
  iceServers: z.array(IceServer).max(10).default([]),
  /** Proxies whose P-Asserted-Identity is trusted; absent = the SIP WebSocket URL's host. */
  trustedProxies: z.array(TrustedProxy).max(20).optional(),
  dtmfMode: DtmfMode.default('info'),
  keepAliveSeconds: z.number().int().min(5).max(300).default(25),
  wrapUpSeconds: z.number().int().min(0).max(3600).default(30),
  shortcuts: Shortcuts.default(DEFAULT_SHORTCUTS),
  /** Microphone, speaker and ringer the agent chose on this machine. */
  audioDevices: PhoneConfig.shape.devices.default(DEFAULT_AUDIO_DEVICES),
  /** The agent has seen why the microphone is needed (asked once, explained). */
  microphoneExplained: z.boolean().default(false),

  // --- Verification panel. Usually fixed by IT's policy for the whole floor. ---
  /** Named in the Art. 4 greeting. A neutral placeholder until the bank sets its own. */
  companyName: VerifyConfig.shape.companyName.default(DEFAULT_VERIFY_CONFIG.companyName),
  departmentName: VerifyConfig.shape.departmentName.default(DEFAULT_VERIFY_CONFIG.departmentName),
  /**
   * Art. 16: the complaint hotline the script gives the customer; none until IT sets it. The
   * response deadline is not a desk setting: the records service sets it.
   */
  complaintHotline: VerifyConfig.shape.complaintHotline.default(
    DEFAULT_VERIFY_CONFIG.complaintHotline,
  ),
  /** Art. 9: the course to pass before the live line starts; usually fixed by IT's policy. */
  requireTrainingCourse: TrainingId.optional(),
});
export type StoredSettings = z.infer<typeof StoredSettings>;

/** JSON Schema for the store's own validation (electron-store / conf take `properties`). */
export const SETTINGS_JSON_SCHEMA = (
  z.toJSONSchema(StoredSettings, { target: 'draft-7', io: 'input' }) as {
    properties: Record<string, unknown>;
  }
).properties;

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
  /**
   * Stores one setting that is not a UserSettings key (phone devices, shortcuts…): checked with
   * its schema, refused with `locked-by-policy` when the policy fixes it. Nothing changes on error.
   */
  set<K extends Exclude<keyof StoredSettings, keyof UserSettings | 'windowBounds'>>(
    key: K,
    value: StoredSettings[K],
  ): void;
  /** Every setting the managed policy fixes (not only the agent-visible ones). */
  lockedByPolicy(): string[];
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
    // Scrubbed of any SIP password and 0600; if this throws we stop: never lose the agent's file.
    moveAsideScrubbed(filePath, backup);
    logger.error(
      { backup, err: (error as Error).message },
      'settings file was invalid; moved aside, starting from defaults',
    );
    notices.push({
      id: 'settings-corrupt',
      level: 'warning',
      key: 'settings-corrupt',
      params: { backup },
    });
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
        throw new AppError(
          'locked-by-policy',
          `set by your organisation's policy: ${refused.join(', ')}`,
        );
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
    set(key, value) {
      if (policy[key as keyof ManagedPolicy] !== undefined) {
        throw new AppError('locked-by-policy', `set by your organisation's policy: ${key}`);
      }
      if (key === 'sipAccount' && (value as StoredSipAccount | undefined)?.password !== undefined)
        throw new AppError('bad-request', 'sipAccount: the password is sealed apart, never stored');
      const parsed = StoredSettings.shape[key].safeParse(value);
      if (!parsed.success)
        throw new AppError(
          'bad-request',
          `${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        );
      store.set(key, parsed.data);
      values = StoredSettings.parse(store.store);
    },
    lockedByPolicy: () =>
      Object.keys(policy).filter((key) => policy[key as keyof ManagedPolicy] !== undefined),
  };
}
