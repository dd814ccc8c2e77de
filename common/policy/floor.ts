// The live floor and the queue figures as data (Art. 10, 26): the states a desk reports, how soon
// a silent desk counts as offline, the workload thresholds a lead is warned about, and the
// service level's answer threshold. Pure: no I/O, no clock (callers pass the time).

/** What a desk says it is doing; `offline` is never reported — the floor derives it. */
export const DESK_STATES = [
  'ready',
  'not-ready',
  'break',
  'wrap-up',
  'ringing',
  'on-call',
  'signed-out',
] as const;
export type DeskState = (typeof DESK_STATES)[number];

/** On the floor: a reported state, or `offline` when the desk stopped reporting. */
export const FLOOR_STATES = [...DESK_STATES, 'offline'] as const;
export type FloorState = (typeof FLOOR_STATES)[number];

export interface FloorPolicy {
  readonly heartbeatMs: number;
  readonly offlineAfterMs: number;
  readonly offlineSweepMs: number;
  readonly breakWarningMs: number;
  readonly serviceLevelMs: number;
  readonly timeZone: string;
}

export const FLOOR_POLICY: FloorPolicy = {
  /** Desks report every change at once and a heartbeat this often. */
  heartbeatMs: 10_000,
  /**
   * A desk silent this long is offline. Below 30 s so that, with the sweep below, a desk that
   * dies right after a heartbeat shows offline within 30 s of its last report.
   */
  offlineAfterMs: 25_000,
  /** How often each records-service instance looks for desks that went silent. */
  offlineSweepMs: 2_000,
  /** Art. 26: a lead is warned when an agent worked this long without a break. */
  breakWarningMs: 2 * 60 * 60 * 1000,
  /** Service level: the share of calls answered within this many ms of arriving. */
  serviceLevelMs: 20_000,
  /** "Today" on the floor and in the queue figures: the call centre's day. */
  timeZone: 'Asia/Shanghai',
};

/** Offline once the last report is older than the policy allows (a signed-out desk stays so). */
export function floorState(
  reported: DeskState,
  lastSeenAt: number,
  now: number,
  offlineAfterMs: number = FLOOR_POLICY.offlineAfterMs,
): FloorState {
  if (reported === 'signed-out') return reported;
  return now - lastSeenAt > offlineAfterMs ? 'offline' : reported;
}

/** Art. 26: the warnings a lead sees beside an agent (codes; the console words them). */
export function workloadWarnings(
  state: FloorState,
  sinceBreakMs: number | null,
  breakWarningMs: number = FLOOR_POLICY.breakWarningMs,
): 'no-break'[] {
  const working = state !== 'signed-out' && state !== 'offline' && state !== 'break';
  return working && sinceBreakMs !== null && sinceBreakMs >= breakWarningMs ? ['no-break'] : [];
}

/** Building a DateTimeFormat costs far more than using one: one per time zone, reused. */
const clockFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormat = (timeZone: string) => {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    clockFormats.set(timeZone, format);
  }
  return format;
};

/** Midnight of `now`'s day in `timeZone` (IANA), as epoch ms. */
export function startOfDay(now: number, timeZone: string = FLOOR_POLICY.timeZone): number {
  const parts = clockFormat(timeZone).formatToParts(new Date(now));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const sinceMidnight =
    ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + (now % 1000);
  return now - sinceMidnight;
}

/** The hour (0–23) of `at` in `timeZone`. */
export function hourOf(at: number, timeZone: string = FLOOR_POLICY.timeZone): number {
  return Math.floor((at - startOfDay(at, timeZone)) / 3_600_000);
}
