// The leads' queues' HTTP API as zod schemas, re-exported by records-api.ts: call-backs (Art. 12),
// complaints (Art. 16) and password-lock lifts (Art. 6). Masked references only (Art. 11).
import { z } from 'zod';
import { Id, Reason, Timestamp } from './api-primitives.js';
import { PASSWORD_KINDS } from './policy.js';
import { CALLBACK_KINDS, CALLBACK_OUTCOMES, CALLBACK_STATUSES } from './callback-reason.js';

// ---- the call-back queue (Art. 12 outage procedure; journal archive)
// ------------------------------

export const CallbackStatus = z.enum(CALLBACK_STATUSES);

/**
 * One call-back as the records service lists it (`GET /api/v1/callbacks`); masked references only.
 */
export const CallbackRecord = z.object({
  id: z.string(),
  /** `exception`: opened by the records service for a session (Art. 5(2)); no journal entry. */
  kind: z.enum(CALLBACK_KINDS),
  entryId: z.string().nullable(),
  deviceId: z.string().nullable(),
  sessionId: z.string().nullable(),
  callId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerRef: z.string(),
  reason: z.string(),
  notes: z.string().nullable(),
  requestedAt: z.string(),
  requestedBy: z.string().nullable(),
  requestedByName: z.string().nullable(),
  status: CallbackStatus,
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedByName: z.string().nullable(),
  closeNote: z.string().nullable(),
});
export type CallbackRecord = z.infer<typeof CallbackRecord>;

/** `POST /api/v1/callbacks/:id/close`: the customer was called back, or it is no longer needed. */
export const CallbackCloseBody = z
  .object({ outcome: z.enum(CALLBACK_OUTCOMES), note: z.string().trim().max(500).optional() })
  .strict();

// ---- complaints (Art. 16) and password locks (Art. 6) ----

export const COMPLAINT_STATUSES = ['open', 'answered', 'closed'] as const;
export const ComplaintStatus = z.enum(COMPLAINT_STATUSES);

/** One complaint in the lead queue (`GET /api/v1/complaints`); masked references only. */
export const ComplaintRecord = z.object({
  id: z.string(),
  entryId: z.string(),
  deviceId: z.string(),
  callId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerRef: z.string().nullable(),
  category: z.string(),
  summary: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  respondBy: z.string(),
  status: ComplaintStatus,
  /** Set when a lead answered and closed it; null while open. */
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  answer: z.string().nullable(),
});
export type ComplaintRecord = z.infer<typeof ComplaintRecord>;

/** `GET /api/v1/complaints/deadline`: the company's deadline for a complaint made at a time. */
export const ComplaintDeadlineQuery = z.object({ recordedAt: z.iso.datetime() }).strict();
export const ComplaintDeadline = z
  .object({
    recordedAt: Timestamp,
    respondBy: Timestamp,
    /** The service's policy (`--complaint-response-days`). */
    responseDays: z.number().int().min(1),
  })
  .strict();

/** `POST /api/v1/complaints/:id/close`: the lead's answer to the customer, as given. */
export const ComplaintCloseBody = z
  .object({
    answer: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .regex(/^(?:[^\p{Cc}]|[\n\r\t])*$/u, 'no control characters but line breaks and tabs'),
  })
  .strict();

/** `POST /api/v1/customers/:id/password-lock/lift`: after the reset procedure (Art. 6). */
export const PasswordLockLiftBody = z
  .object({ kind: z.enum(PASSWORD_KINDS), reason: Reason })
  .strict();
export const PasswordLockLift = z
  .object({
    id: Id,
    customerId: Id,
    kind: z.enum(PASSWORD_KINDS),
    lockedAt: Timestamp,
    liftedAt: Timestamp,
    liftedBy: z.string(),
  })
  .strict();
