// What the softphone's screens show, as pure functions of PhoneState (renderer/phone/types.ts) and
// the time: labels, which controls are live, timers, the quality verdict, the agent-state select,
// and which shortcut a key press means. Components stay thin; test/unit/renderer/softphone/
// pins these down.
import type { AgentStateName, NotReadyReason, Shortcuts } from '../../common/phone.js';
import { qualityWarning, type QualityReason } from '../../common/call-quality.js';
import {
  matchesShortcut,
  parseShortcut,
  SHORTCUT_ACTIONS,
  type KeyPress,
  type ShortcutAction,
} from '../../common/shortcuts.js';
import type {
  ActiveCall,
  AgentStateView,
  CallPhase,
  PhoneState,
  RegistrationStatus,
} from '../phone/types.js';

// ---------------------------------------------------------------------------------------------
// Time

/** `0:07`, `12:34`, `1:02:03`: minutes and seconds, hours only when there are some. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

export const secondsBetween = (from: number, to: number): number =>
  Math.max(0, Math.floor((to - from) / 1000));

// ---------------------------------------------------------------------------------------------
// Registration

export type Tone = 'ok' | 'pending' | 'problem' | 'off';

export function registrationTone(status: RegistrationStatus): Tone {
  switch (status.kind) {
    case 'registered':
      return 'ok';
    case 'connecting':
      return 'pending';
    case 'failed':
      return 'problem';
    case 'idle':
      return 'off';
  }
}

/** Whole seconds until the next automatic retry, or null when none is scheduled. */
export function retryInSeconds(status: RegistrationStatus, now: number): number | null {
  if (
    (status.kind !== 'connecting' && status.kind !== 'failed') ||
    status.nextRetryAt === undefined
  )
    return null;
  return Math.max(0, Math.ceil((status.nextRetryAt - now) / 1000));
}

// ---------------------------------------------------------------------------------------------
// Calls

const LIVE_PHASES: readonly CallPhase[] = ['connected', 'held', 'reconnecting', 'transferring'];

/** A call the agent is on (answered and not over): main keeps the machine awake meanwhile. */
export const isCallConnected = (call: ActiveCall | null): boolean =>
  call !== null && call.answeredAt !== null && LIVE_PHASES.includes(call.phase);

export const isRinging = (call: ActiveCall | null): boolean =>
  call !== null && call.direction === 'inbound' && call.phase === 'ringing';

export interface CallControls {
  answer: boolean;
  reject: boolean;
  hangup: boolean;
  /** Hold is possible; `held` says which way the button goes. */
  hold: boolean;
  held: boolean;
  mute: boolean;
  muted: boolean;
  keypad: boolean;
  transfer: boolean;
  /** An attended transfer's consultation is under way. */
  consulting: boolean;
}

export function callControls(call: ActiveCall | null): CallControls {
  const none: CallControls = {
    answer: false,
    reject: false,
    hangup: false,
    hold: false,
    held: false,
    mute: false,
    muted: false,
    keypad: false,
    transfer: false,
    consulting: false,
  };
  if (!call || call.phase === 'ended') return none;
  if (isRinging(call)) return { ...none, answer: true, reject: true };
  const talking = call.phase === 'connected' || call.phase === 'held';
  const consulting = call.consult !== null;
  return {
    ...none,
    hangup: true,
    hold: talking && !consulting,
    held: call.phase === 'held',
    mute: call.phase === 'connected' || call.phase === 'held' || call.phase === 'reconnecting',
    muted: call.muted,
    keypad: call.phase === 'connected',
    transfer: talking,
    consulting,
  };
}

export type DialBlock = 'not-registered' | 'busy' | null;

/** Why the agent cannot place a call right now, or null. */
export function dialBlock(state: Pick<PhoneState, 'registration' | 'call'>): DialBlock {
  if (state.call !== null && state.call.phase !== 'ended') return 'busy';
  if (state.registration.kind !== 'registered') return 'not-registered';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Quality

export interface QualityView {
  level: 'good' | 'poor' | 'measuring';
  reasons: QualityReason[];
  latest: ActiveCall['quality'][number] | null;
}

export function qualityView(call: ActiveCall): QualityView {
  const latest = call.quality.at(-1) ?? null;
  if (!latest) return { level: 'measuring', reasons: [], latest: null };
  const { reasons } = qualityWarning(call.quality);
  return {
    level: call.qualityWarning ? 'poor' : 'good',
    reasons: call.qualityWarning ? reasons : [],
    latest,
  };
}

// ---------------------------------------------------------------------------------------------
// Agent state

/**
 * common/phone.ts's NOT_READY_REASONS, restated: importing it would bring zod into the renderer
 * bundle. The type check below fails the build if the two lists ever differ.
 */
export const NOT_READY_REASON_LIST = [
  'training',
  'meeting',
  'admin',
  'system-issue',
  'other',
] as const satisfies readonly NotReadyReason[];
type MissingReason = Exclude<NotReadyReason, (typeof NOT_READY_REASON_LIST)[number]>;
const everyReasonListed: [MissingReason] extends [never] ? true : never = true;
void everyReasonListed;

/** The agent-state select's value: `ready`, `not-ready:<reason>`, `break`, `wrap-up`. */
export function agentStateValue(agent: Pick<AgentStateView, 'state' | 'reason'>): string {
  return agent.state === 'not-ready' ? `not-ready:${agent.reason ?? 'other'}` : agent.state;
}

export function parseAgentStateValue(
  value: string,
): { state: AgentStateName; reason?: NotReadyReason } | null {
  if (value === 'ready' || value === 'break' || value === 'wrap-up') return { state: value };
  const match = /^not-ready:(.+)$/.exec(value);
  if (match && (NOT_READY_REASON_LIST as readonly string[]).includes(match[1]!))
    return { state: 'not-ready', reason: match[1] as NotReadyReason };
  return null;
}

/** Seconds of after-call work left, or null when wrap-up has no timer (or is not on). */
export function wrapUpLeft(agent: AgentStateView, now: number): number | null {
  if (agent.state !== 'wrap-up' || agent.wrapUpEndsAt === null) return null;
  return Math.max(0, Math.ceil((agent.wrapUpEndsAt - now) / 1000));
}

// ---------------------------------------------------------------------------------------------
// Keyboard shortcuts

export type ShortcutCommand =
  | { type: 'answer' }
  | { type: 'hangup' }
  | { type: 'hold'; on: boolean }
  | { type: 'mute'; on: boolean };

/** Parsed once per configuration (empty ones left out). */
export function compileShortcuts(
  shortcuts: Shortcuts,
): { action: ShortcutAction; shortcut: NonNullable<ReturnType<typeof parseShortcut>> }[] {
  return SHORTCUT_ACTIONS.flatMap((action) => {
    const parsed = shortcuts[action] === '' ? null : parseShortcut(shortcuts[action]);
    return parsed ? [{ action, shortcut: parsed }] : [];
  });
}

/**
 * What a key press asks of the phone right now, or null (the key is then left alone). Hold and
 * mute toggle; each fires only when its button would be enabled, so a stray press never does
 * something the screen does not offer.
 */
export function shortcutCommand(
  compiled: ReturnType<typeof compileShortcuts>,
  press: KeyPress,
  call: ActiveCall | null,
): ShortcutCommand | null {
  const hit = compiled.find(({ shortcut }) => matchesShortcut(shortcut, press));
  if (!hit) return null;
  const controls = callControls(call);
  switch (hit.action) {
    case 'answer':
      return controls.answer ? { type: 'answer' } : null;
    case 'hangup':
      // On a ringing call, "hang up" declines it: the agent's hand goes to one key for "not now".
      if (controls.reject) return { type: 'hangup' };
      return controls.hangup ? { type: 'hangup' } : null;
    case 'hold':
      return controls.hold ? { type: 'hold', on: !controls.held } : null;
    case 'mute':
      return controls.mute ? { type: 'mute', on: !controls.muted } : null;
  }
}
