// The one typed contract between the renderer and main (style.md §2). Each channel has a zod
// schema for its request and its response; each main → renderer push has a schema for its payload.
// Main parses every request with these schemas before a handler sees it (style.md §3); preload and
// the web bridge build `window.agentDesk` from the same channel list; `AgentDeskApi` is inferred.
import { z } from 'zod';
import type { Channel, EventName } from './channels.js';
import { isDialTarget } from './dial.js';
import { AgentProfile, Language, Username } from './domain.js';
import { CallRecord, PhoneConfig, PhoneEvent, Shortcuts } from './phone.js';
import type { Result } from './result.js';
import { connectivityContract, connectivityEvents } from './connectivity.js';
import { leadEvents } from './lead.js';
import { deskFloorEvents } from './desk-floor.js';
import { leadFloorContract } from './lead-floor.js';
import { leadAlertsContract } from './lead-alerts.js';
import { leadComplaintsContract } from './lead-complaints.js';
import { leadReviewContract } from './lead-review.js';
import { leadReportsContract } from './lead-reports.js';
import { verifyContract, verifyEvents } from './verify.js';
import { surveyContract } from './survey.js';
import { trainingContract } from './training-channels.js';
import { updateContract, updateEvents } from './update.js';
import { devicesContract } from './devices-api.js';

const Empty = z.object({}).strict();

/** A message main wants the agent (or IT) to read, e.g. "settings were corrupt; backup kept". */
export const Notice = z
  .object({
    id: z.string(),
    level: z.enum(['info', 'warning', 'error']),
    /** i18n key under `notice.` in the renderer's catalogues. */
    key: z.string(),
    params: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type Notice = z.infer<typeof Notice>;

export const AppInfo = z
  .object({
    version: z.string(),
    host: z.enum(['electron', 'web']),
    recordsUrl: z.string(),
    embeddedRecords: z.boolean(),
    notices: z.array(Notice),
  })
  .strict();
export type AppInfo = z.infer<typeof AppInfo>;

/** The settings an agent may change from the screen. Others come from config or IT policy. */
export const UserSettings = z
  .object({
    language: Language,
  })
  .strict();
export type UserSettings = z.infer<typeof UserSettings>;
export const USER_SETTING_KEYS = Object.keys(UserSettings.shape) as (keyof UserSettings)[];

export const SettingsView = z
  .object({
    values: UserSettings,
    /** Keys fixed by the managed policy; the UI shows them read-only. */
    locked: z.array(z.enum(USER_SETTING_KEYS as [keyof UserSettings, ...(keyof UserSettings)[]])),
  })
  .strict();
export type SettingsView = z.infer<typeof SettingsView>;

export const SignInRequest = z
  .object({
    username: Username,
    password: z.string().min(1).max(256),
  })
  .strict();
export type SignInRequest = z.infer<typeof SignInRequest>;

export const CurrentAgent = z.object({ agent: AgentProfile.nullable() }).strict();

// --- Softphone -----------------------------------------------------------------------------------

/** Settings behind the phone that IT's managed policy may fix (main/core/policy.ts). */
export const PHONE_POLICY_KEYS = [
  'sipAccount',
  'iceServers',
  'trustedProxies',
  'dtmfMode',
  'keepAliveSeconds',
  'wrapUpSeconds',
  'shortcuts',
] as const;
export type PhonePolicyKey = (typeof PHONE_POLICY_KEYS)[number];

/** What the softphone's screens need besides PhoneConfig: nothing secret. */
export const PhonePreferences = z
  .object({
    /**
     * The agent has read why the desk needs the microphone (shown once, before the first
     * getUserMedia).
     */
    microphoneExplained: z.boolean(),
    /** Phone settings fixed by the managed policy; the UI shows them read-only (Art. 10). */
    locked: z.array(z.enum(PHONE_POLICY_KEYS)),
    /** For "reset to defaults" in the shortcut settings. */
    defaultShortcuts: Shortcuts,
  })
  .strict();
export type PhonePreferences = z.infer<typeof PhonePreferences>;

export const AudioDevices = PhoneConfig.shape.devices;
export type AudioDevices = z.infer<typeof AudioDevices>;

/** A number (digits, leading +, * and #) or a SIP user name: what click-to-dial may ask for. */
export const DialTarget = z
  .string()
  .min(1)
  .max(64)
  .refine(isDialTarget, 'a phone number or SIP user');

/** Newest first; main keeps at most this many per agent. */
export const CALL_HISTORY_LIMIT = 200;
export const CallHistory = z
  .object({ calls: z.array(CallRecord).max(CALL_HISTORY_LIMIT) })
  .strict();
export type CallHistory = z.infer<typeof CallHistory>;

export const contract = {
  'app:info': { request: Empty, response: AppInfo },
  'auth:current': { request: Empty, response: CurrentAgent },
  'auth:sign-in': { request: SignInRequest, response: AgentProfile },
  'auth:sign-out': { request: Empty, response: Empty },
  'settings:get': { request: Empty, response: SettingsView },
  'settings:set': { request: UserSettings.partial().strict(), response: SettingsView },
  /**
   * Includes the SIP password (the renderer's engine answers the digest challenge): signed-in only,
   * never logged.
   */
  'phone:config': { request: Empty, response: PhoneConfig },
  'phone:preferences': { request: Empty, response: PhonePreferences },
  'phone:microphone-explained': { request: Empty, response: PhonePreferences },
  /**
   * The engine's report: journaled (no secrets; numbers masked); call-ended also goes to call
   * history.
   */
  'phone:event': { request: PhoneEvent, response: Empty },
  'phone:history': { request: Empty, response: CallHistory },
  'phone:set-devices': { request: AudioDevices.partial().strict(), response: AudioDevices },
  /** The whole set; an empty string turns a shortcut off. Checked with common/shortcuts.ts. */
  'phone:set-shortcuts': { request: Shortcuts, response: Shortcuts },
  /** A call is connected (or no longer is): main keeps the machine awake meanwhile (Electron). */
  'phone:call-active': { request: z.object({ active: z.boolean() }).strict(), response: Empty },
  ...verifyContract,
  ...connectivityContract,
  ...leadFloorContract,
  ...leadAlertsContract,
  ...leadComplaintsContract,
  ...surveyContract,
  ...leadReviewContract,
  ...leadReportsContract,
  ...trainingContract,
  ...updateContract,
  ...devicesContract,
} as const satisfies Record<Channel, { request: z.ZodType; response: z.ZodType }>;

export const events = {
  'agent:changed': CurrentAgent,
  'settings:changed': SettingsView,
  /** Click-to-dial: a `tel:`/`sip:` link opened by the OS (Electron protocol handler). */
  'phone:dial': z.object({ target: DialTarget }).strict(),
  /** The OS woke from sleep: re-register now instead of waiting for the backoff. */
  'phone:resume': Empty,
  /** Phone settings changed (devices, shortcuts): fetch `phone:config` again. */
  'phone:config-changed': Empty,
  /**
   * Art. 14 call-back: the reserved mobile for the phone's INVITE only. The desk hands it to the
   * engine and shows `display` (masked): never in the panel's state, the DOM, a log or the journal.
   */
  'phone:dial-callback': z
    .object({
      target: DialTarget,
      display: z.string().max(32),
      dialId: z.uuid(),
      sessionId: z.uuid(),
    })
    .strict(),
  ...verifyEvents,
  ...connectivityEvents,
  ...leadEvents,
  ...deskFloorEvents,
  ...updateEvents,
} as const satisfies Record<EventName, z.ZodType>;

export type Contract = typeof contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What `window.agentDesk` offers, identical under Electron (preload) and the web host (bridge). */
export interface AgentDeskApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Subscribe to a push from main; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export { CHANNELS, EVENTS } from './channels.js';
export type { Channel, EventName } from './channels.js';
