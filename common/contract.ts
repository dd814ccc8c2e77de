// The one typed contract between the renderer and main (style.md §2). Each channel has a zod
// schema for its request and its response; each main → renderer push has a schema for its payload.
// Main parses every request with these schemas before a handler sees it (style.md §3); preload and
// the web bridge build `window.agentDesk` from the same channel list; `AgentDeskApi` is inferred.
import { z } from 'zod';
import type { Channel, EventName } from './channels.js';
import { AgentProfile, Language, Username } from './domain.js';
import type { Result } from './result.js';

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

export const contract = {
  'app:info': { request: Empty, response: AppInfo },
  'auth:current': { request: Empty, response: CurrentAgent },
  'auth:sign-in': { request: SignInRequest, response: AgentProfile },
  'auth:sign-out': { request: Empty, response: Empty },
  'settings:get': { request: Empty, response: SettingsView },
  'settings:set': { request: UserSettings.partial().strict(), response: SettingsView },
} as const satisfies Record<Channel, { request: z.ZodType; response: z.ZodType }>;

export const events = {
  'agent:changed': CurrentAgent,
  'settings:changed': SettingsView,
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
