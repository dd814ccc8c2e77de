// The live floor, desk presence, queue figures and the push stream (Art. 10, 26) as zod schemas:
// what a desk reports, what a lead reads, what the event stream carries. Events name ids and kinds
// only; the client re-fetches the details with its own permissions. Masked values only (Art. 11).
import { z } from 'zod';
import { Id, Reason, Timestamp } from './api-primitives.js';
import { NOT_READY_REASONS } from './phone.js';
import {
  ALL_TEAMS,
  BUSINESS_TYPES,
  DESK_STATES,
  FLOOR_STATES,
  isTeamName,
  STEPS,
  TEAM_NAME_MAX_LENGTH,
} from './policy.js';
import { USERNAME_MAX_LENGTH, USERNAME_PATTERN } from './values.js';

/** A masked number as the desk shows it (`138****5678`): stars, never five digits in a row. */
export const MaskedNumber = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[0-9+*]+$/, 'digits, + and *')
  .refine((s) => s.includes('*') && !/[0-9]{5}/.test(s), 'must be masked (e.g. 138****5678)');

const CallId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** A team's name (信用卡一组): trimmed, 1–40 characters, no control characters. */
export const TeamName = z
  .string()
  .min(1)
  .max(TEAM_NAME_MAX_LENGTH * 2)
  .refine(
    isTeamName,
    `1–${TEAM_NAME_MAX_LENGTH} characters, trimmed, no control characters, not "all" or "team"`,
  )
  .describe(
    `A team's name: 1–${TEAM_NAME_MAX_LENGTH} characters, trimmed, no control characters, not "all" or "team"`,
  );

/** `?team=`: one team, or `all`; absent → the signed-in lead's own team (all without one). */
export const TeamQuery = z
  .object({
    team: z.union([z.literal(ALL_TEAMS), TeamName]).optional(),
  })
  .strict();
export type TeamQuery = z.infer<typeof TeamQuery>;

/** The call at the desk, as far as the panel knows it. */
export const DeskCall = z
  .object({
    callId: CallId,
    caller: MaskedNumber.nullable(),
    businessType: z.enum(BUSINESS_TYPES).nullable(),
    sessionId: Id.nullable(),
    /** The verification step the panel is on (null: none yet, or done). */
    step: z.enum(STEPS).nullable(),
    awaitingApproval: z.boolean(),
  })
  .strict()
  .meta({ id: 'DeskCall' });
export type DeskCall = z.infer<typeof DeskCall>;

export const DESK_CONNECTIVITY = ['online', 'degraded', 'offline'] as const;

/** PUT /api/v1/desks/me/state: every change at once, and the same as a heartbeat every 10 s. */
export const DeskReport = z
  .object({
    deviceId: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII'),
    state: z.enum(DESK_STATES),
    /** Only with `not-ready`. */
    reason: z.enum(NOT_READY_REASONS).nullable().default(null),
    /** When the desk entered `state` (its clock); the service's time when absent. */
    since: z.iso.datetime().optional(),
    call: DeskCall.nullable().default(null),
    /** The desk's own view of its links (common/connectivity.ts). */
    connectivity: z.enum(DESK_CONNECTIVITY),
    /** Journal entries not yet acknowledged by the records service. */
    backlog: z.number().int().min(0).max(10_000_000),
  })
  .strict()
  .refine((r) => (r.state === 'not-ready') === (r.reason !== null), {
    message: 'a reason comes with not-ready and only with it',
    path: ['reason'],
  })
  .refine((r) => r.call === null || ['ringing', 'on-call', 'wrap-up'].includes(r.state), {
    message: 'a call only while ringing, on a call or in wrap-up',
    path: ['call'],
  });
export type DeskReport = z.infer<typeof DeskReport>;

/** What the desk's own state looks like to the service (answer to a report, GET …/me/state). */
export const DeskPresence = z
  .object({
    username: z.string(),
    state: z.enum(FLOOR_STATES),
    reason: z.enum(NOT_READY_REASONS).nullable(),
    since: Timestamp,
    lastSeenAt: Timestamp,
    /** A lead's not-ready order the desk has not followed yet (the agent is told). */
    setBy: z.string().nullable(),
    /** That lead's name, shown to the agent (Art. 10: people by name); null with no order. */
    setByName: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'DeskPresence' });
export type DeskPresence = z.infer<typeof DeskPresence>;

export const Workload = z
  .object({
    calls: z.number().int(),
    talkMs: z.number().int(),
    /** Since the last break ended (or since the first report today); null: not on shift. */
    sinceBreakMs: z.number().int().nullable(),
  })
  .strict();

export const FloorAgent = z
  .object({
    username: z.string(),
    /** Shown to the lead: people by name. */
    name: z.string(),
    /** The agent's team; null: in none. */
    team: z.string().nullable(),
    state: z.enum(FLOOR_STATES),
    reason: z.enum(NOT_READY_REASONS).nullable(),
    /** When the reported state began; null: never reported. */
    since: Timestamp.nullable(),
    lastSeenAt: Timestamp.nullable(),
    call: DeskCall.nullable(),
    connectivity: z.enum(DESK_CONNECTIVITY).nullable(),
    backlog: z.number().int().nullable(),
    workload: Workload,
    warnings: z.array(z.enum(['no-break'])),
  })
  .strict()
  .meta({ id: 'FloorAgent' });
export type FloorAgent = z.infer<typeof FloorAgent>;

export const FloorResponse = z
  .object({
    at: Timestamp,
    counts: z
      .object({
        ready: z.number().int(),
        onCall: z.number().int(),
        notReady: z.number().int(),
        offline: z.number().int(),
      })
      .strict(),
    agents: z.array(FloorAgent),
    /** The team shown (the filter applied); null: every team. */
    team: z.string().nullable(),
    /** Every team's name, sorted: what a picker offers. */
    teams: z.array(z.string()),
  })
  .strict();
export type FloorResponse = z.infer<typeof FloorResponse>;

export const NotReadyOrder = z
  .object({ reason: z.enum(NOT_READY_REASONS), note: Reason.optional() })
  .strict();
export const UsernameParams = z
  .object({
    username: z.string().min(1).max(USERNAME_MAX_LENGTH).regex(USERNAME_PATTERN),
  })
  .strict();

// ---- the push stream (GET /api/v1/events, Server-Sent Events) ----

export const EVENT_KINDS = [
  'floor.changed',
  'desk.not-ready',
  'alert.raised',
  'alert.updated',
  'approval.requested',
  'approval.decided',
  'callback.opened',
  'callback.updated',
  'complaint.opened',
  'complaint.updated',
  'queue.changed',
  /** A completed session entered the quality review queue; one was reviewed (Art. 19). */
  'review.queued',
  'review.done',
  /** The service may have missed changes (its database link came back): re-fetch everything. */
  'resync',
  /** A keypad satisfaction answer was recorded (Art. 22): the figures may have moved. */
  'survey.recorded',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One pushed event: a kind and ids, never personal data. */
export const DeskEvent = z
  .object({
    kind: z.enum(EVENT_KINDS),
    id: z.string().nullable(),
    /** The agent the event is about (their desk, or the one who asked for an approval). */
    username: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'DeskEvent' });
export type DeskEvent = z.infer<typeof DeskEvent>;

/** What an agent below lead receives: events about their own desk. */
export const AGENT_EVENT_KINDS: readonly EventKind[] = ['desk.not-ready', 'approval.decided'];

// ---- queue figures (desks' reports, or a PBX's ACD adapter) ----

export const QUEUE_EVENT_KINDS = ['arrived', 'answered', 'abandoned', 'missed'] as const;

export const QueueEvent = z
  .object({
    callId: CallId,
    kind: z.enum(QUEUE_EVENT_KINDS),
    at: z.iso.datetime(),
    /**
     * The queue the call waited in. Absent (a desk's report): the service counts it in the
     * reporting agent's team's queue. An ACD adapter names the queue; naming a team counts the
     * call in that team's figures.
     */
    queue: z
      .union([
        z
          .string()
          .min(1)
          .max(64)
          .regex(/^[a-z0-9._-]+$/),
        TeamName,
      ])
      .optional(),
  })
  .strict();
export type QueueEvent = z.infer<typeof QueueEvent>;
export const QueueEventsBody = z.object({ events: z.array(QueueEvent).min(1).max(100) }).strict();

export const QueueHour = z
  .object({
    hour: z.number().int().min(0).max(23),
    offered: z.number().int(),
    answered: z.number().int(),
    abandoned: z.number().int(),
    missed: z.number().int(),
    answeredWithinThreshold: z.number().int(),
    /** answeredWithinThreshold / (offered − still waiting); null when none ended. */
    serviceLevel: z.number().nullable(),
  })
  .strict();

export const QueueStats = z
  .object({
    at: Timestamp,
    /** The team whose calls these are (its queue); null: every queue. */
    team: z.string().nullable(),
    thresholdMs: z.number().int(),
    offered: z.number().int(),
    answered: z.number().int(),
    abandoned: z.number().int(),
    missed: z.number().int(),
    /** Arrived, not answered, not ended: ringing at desks or waiting in the PBX's queue. */
    waiting: z.number().int(),
    longestWaitNowMs: z.number().int().nullable(),
    longestWaitTodayMs: z.number().int().nullable(),
    averageAnswerMs: z.number().int().nullable(),
    serviceLevel: z.number().nullable(),
    hours: z.array(QueueHour),
  })
  .strict()
  .meta({ id: 'QueueStats' });
export type QueueStats = z.infer<typeof QueueStats>;
