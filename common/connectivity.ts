// Connectivity and the outage procedure (Art. 12, 25): what main tells the renderer about
// the links the desk depends on, and the call-back request the agent records when the records
// service cannot be reached. Plain data + zod schemas, shared by main/core and the renderer.
import { z } from 'zod';
import { DEVICE_REFUSALS } from './devices-api.js';
import { CALLBACK_KINDS, CALLBACK_STATUSES, CALLBACK_WINDOWS } from './callback-reason.js';
import { BUSINESS_TYPES } from './policy.js';
import { CallbackCloseBody, CreateVerificationRequest } from './records-api.js';

/** One link: `unknown` until the first answer (or while nobody is signed in, for SIP). */
export const LINK_STATUSES = ['up', 'down', 'unknown'] as const;
export const LinkStatus = z.enum(LINK_STATUSES);
export type LinkStatus = z.infer<typeof LinkStatus>;

/**
 * - `online`: the records service and the SIP line answer.
 * - `degraded`: one of them does not (the other still works; the journal keeps everything).
 * - `offline`: neither answers. What the OS says (`os`) is shown but decides nothing: the records
 *   service is down only when it fails to answer.
 */
export const CONNECTIVITY_STATES = ['online', 'degraded', 'offline'] as const;
export const ConnectivityStateName = z.enum(CONNECTIVITY_STATES);
export type ConnectivityStateName = z.infer<typeof ConnectivityStateName>;

export const Connectivity = z
  .object({
    state: ConnectivityStateName,
    /** The records service's `/health` (and every call the desk made to it). */
    records: LinkStatus,
    /** The SIP registration, as the phone engine reports it. */
    sip: LinkStatus,
    /** What the OS says (the page's `online`/`offline`). */
    os: z.enum(['online', 'offline']),
    /** Journal entries not yet acknowledged by the records service. */
    backlog: z.number().int().nonnegative(),
    /** Entries the archive refused for good (kept locally, with the refusal). */
    deadLettered: z.number().int().nonnegative(),
    /**
     * The archive refuses this desk's batches for its device (revoked, unknown, rewritten): the
     * entries wait on the desk and IT must act. Absent or null otherwise.
     */
    syncRefused: z.enum(DEVICE_REFUSALS).nullable().optional(),
    /** When the archive last acknowledged a batch; null if never in this run. */
    lastSyncedAt: z.iso.datetime().nullable(),
    /** When `state` last changed. */
    since: z.iso.datetime(),
  })
  .strict();
export type Connectivity = z.infer<typeof Connectivity>;

/** The page reports the OS's view (`navigator.onLine` and its events) in both hosts. */
export const OsConnectivityReport = z.object({ online: z.boolean() }).strict();

export { CALLBACK_WINDOWS };
export const CallbackWindow = z.enum(CALLBACK_WINDOWS);

/**
 * Art. 12 outage procedure: the customer is called back on the number on record. The desk sends
 * the caller number (main masks it before it is journaled) and, when the screen pop found the
 * customer before the outage, their records id; never a name, ID number or secret.
 */
export const CallbackRequest = z
  .object({
    callId: CreateVerificationRequest.shape.callId,
    /** Absent when the caller withheld it: then the customer chosen on the call is required. */
    callerNumber: CreateVerificationRequest.shape.callerNumber.optional(),
    customerId: z.uuid().optional(),
    /** What the customer called about, when they said. */
    businessType: z.enum(BUSINESS_TYPES).optional(),
    window: CallbackWindow,
    notes: z.string().max(500).optional(),
  })
  .strict()
  .refine((r) => r.callerNumber !== undefined || r.customerId !== undefined, {
    message: 'a withheld number needs the customer chosen on the call (customerId)',
    path: ['customerId'],
  });
export type CallbackRequest = z.infer<typeof CallbackRequest>;

export const CallbackRecorded = z
  .object({
    /** The journal entry's id and seq: recorded locally, synced when the service is back. */
    entryId: z.uuid(),
    seq: z.number().int().positive(),
    /** The masked number the team will call (`139****5678`). */
    customerRef: z.string(),
    at: z.iso.datetime(),
  })
  .strict();
export type CallbackRecorded = z.infer<typeof CallbackRecorded>;

/** One call-back in the team's queue (the records service's `GET /api/v1/callbacks`), masked. */
export const CallbackQueueItem = z
  .object({
    id: z.string(),
    /** `exception`: the Art. 5(2) exception procedure's follow-up; absent or `outage`: Art. 12. */
    kind: z.enum(CALLBACK_KINDS).optional(),
    callId: z.string().nullable(),
    /** `139****0001`: the team looks the number on record up by `customerId` when it is set. */
    customerRef: z.string(),
    customerId: z.string().nullable(),
    /** As journaled; `businessType` and `window` are read from it when the desk wrote it. */
    reason: z.string(),
    businessType: z.enum(BUSINESS_TYPES).nullable(),
    window: CallbackWindow.nullable(),
    notes: z.string().nullable(),
    requestedAt: z.iso.datetime(),
    requestedBy: z.string().nullable(),
    /** People by name (Art. 10): who asked for it, who closed it. */
    requestedByName: z.string().nullable(),
    status: z.enum(CALLBACK_STATUSES),
    closedAt: z.iso.datetime().nullable(),
    closedBy: z.string().nullable(),
    closedByName: z.string().nullable(),
  })
  .strict();
export type CallbackQueueItem = z.infer<typeof CallbackQueueItem>;

/** The close route's body (common/records-api.ts) and which call-back. */
export const CallbackCloseRequest = CallbackCloseBody.extend({ id: z.uuid() }).strict();

export const connectivityContract = {
  'connectivity:get': { request: z.object({}).strict(), response: Connectivity },
  'connectivity:os': { request: OsConnectivityReport, response: Connectivity },
  /** Journals `callback.requested` (Art. 12); works with the records service down. */
  'outage:callback': { request: CallbackRequest, response: CallbackRecorded },
  /** Team leads (Art. 10): the open call-backs, oldest first. */
  'callbacks:list': {
    request: z.object({}).strict(),
    /** The first page, and how many are open in all (the page holds at most 200). */
    response: z
      .object({ callbacks: z.array(CallbackQueueItem), total: z.number().int().nonnegative() })
      .strict(),
  },
  /** Team leads: the customer was called back (`done`) or it is no longer needed (`cancelled`). */
  'callbacks:close': { request: CallbackCloseRequest, response: CallbackQueueItem },
} as const;

export const connectivityEvents = {
  /** Any change of a link, the state or the journal backlog. */
  'connectivity:changed': Connectivity,
  /** The number of open call-backs changed (main watches while a lead is signed in). */
  'callbacks:changed': z.object({ open: z.number().int().nonnegative() }).strict(),
} as const;
