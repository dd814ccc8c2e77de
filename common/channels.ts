// The names of every contract channel and event, as plain data. Kept apart from contract.ts so
// the sandboxed preload can list them without bundling zod: the preload must stay one small file
// that requires nothing but `electron`.

export const CHANNELS = [
  'app:info',
  'auth:current',
  'auth:sign-in',
  'auth:sign-out',
  'settings:get',
  'settings:set',
  'phone:config',
  'phone:preferences',
  'phone:microphone-explained',
  'phone:event',
  'phone:history',
  'phone:set-devices',
  'phone:set-shortcuts',
  'phone:call-active',
  'verify:config',
  'verify:lookup',
  'verify:start',
  'verify:get',
  'verify:basic',
  'verify:password',
  'verify:password-forgotten',
  'verify:otp-send',
  'verify:otp',
  'verify:method',
  'verify:confirm',
  'verify:request-approval',
  'verify:business',
  'verify:complaint',
  'verify:wrap-up',
  'verify:customer-informed',
  'approvals:list',
  'approvals:decide',
  'connectivity:get',
  'connectivity:os',
  'outage:callback',
  'callbacks:list',
  'callbacks:close',
  'verify:decline',
  'verify:callback-dial',
  'verify:callback-result',
  'floor:get',
  'floor:agent',
  'floor:set-not-ready',
  'queues:today',
  'alerts:list',
  'alerts:get',
  'alerts:acknowledge',
  'alerts:assign',
  'alerts:resolve',
  'alerts:emergency-step',
  'alerts:assignees',
  'alerts:timeline',
  'customers:lock-search',
  'customers:unlock-password',
  'complaints:list',
  'complaints:assignees',
  'complaints:assign',
  'complaints:answer',
  'complaints:close',
  'complaints:counts',
  'callbacks:history',
  'survey:record',
  'reviews:list',
  'reviews:open',
  'reviews:submit',
  'reports:indicators',
  'reports:months',
  'reports:report',
  'reports:csv',
  'reports:pdf',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVENTS = [
  'agent:changed',
  'settings:changed',
  'phone:dial',
  'phone:resume',
  'phone:config-changed',
  'verify:changed',
  'approvals:changed',
  'connectivity:changed',
  'callbacks:changed',
  'phone:dial-callback',
  'records:event',
  'desk:not-ready-ordered',
] as const;
export type EventName = (typeof EVENTS)[number];

/** Every IPC channel name carries this prefix, so main can drop anything else at once. */
export const IPC_PREFIX = 'agent-desk:';
export const ipcChannel = (name: Channel | EventName): string => `${IPC_PREFIX}${name}`;

export const isChannel = (value: unknown): value is Channel =>
  typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && (EVENTS as readonly string[]).includes(value);
