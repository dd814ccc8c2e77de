// The lead's complaints API (Art. 16) as zod schemas: the queue with deadline, overdue mark,
// assignment and answer; assign, answer, close; counts by category per month. And the paged
// call-back history (Art. 12). Masked references only (Art. 11); people by name.
import { z } from 'zod';
import { Id, Timestamp } from './api-primitives.js';
import { CallbackRecord, ComplaintRecord } from './queues-api.js';
import { COMPLAINT_CHANNELS } from './policy/complaints.js';

/** Free text a lead writes to a customer: line breaks and tabs allowed, no other control. */
const Letter = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .regex(/^(?:[^\p{Cc}]|[\n\r\t])*$/u, 'no control characters but line breaks and tabs');

export const ComplaintChannel = z.enum(COMPLAINT_CHANNELS);

/** Paging: up to 1000 a page (200 by default), from `offset`; `nextOffset` null on the last. */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
};
const NextOffset = z.number().int().nullable();

/** `active`: not closed yet (open or answered). */
export const ComplaintListQuery = z
  .object({ status: z.enum(['open', 'answered', 'closed', 'active']).optional(), ...PageQuery })
  .strict();

/** One complaint as the lead's queue shows it. */
export const ComplaintItem = ComplaintRecord.extend({
  /** Past its deadline and not closed (Art. 16), by the service's clock. */
  overdue: z.boolean(),
  recordedByName: z.string().nullable(),
  assignedTo: z.string().nullable(),
  assignedToName: z.string().nullable(),
  /** The latest answer: what the customer was told, how, by whom and when. */
  response: z.string().nullable(),
  toldBy: ComplaintChannel.nullable(),
  answeredAt: Timestamp.nullable(),
  answeredByName: z.string().nullable(),
  closedByName: z.string().nullable(),
}).meta({ id: 'ComplaintItem' });
export type ComplaintItem = z.infer<typeof ComplaintItem>;

export const ComplaintPage = z
  .object({ complaints: z.array(ComplaintItem), nextOffset: NextOffset, now: Timestamp })
  .strict();
export type ComplaintPage = z.infer<typeof ComplaintPage>;

export const ComplaintAssignBody = z
  .object({
    assignee: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9._-]+$/),
  })
  .strict();
export const ComplaintAnswerBody = z
  .object({ response: Letter, toldBy: ComplaintChannel })
  .strict();
/** Closing: with the answer in the same step, or after one was recorded. */
export const ComplaintLeadCloseBody = z
  .object({ answer: Letter.optional(), toldBy: ComplaintChannel.optional() })
  .strict();

/** A lead the complaint can be given to. */
export const ComplaintAssignee = z.object({ username: z.string(), name: z.string() }).strict();
export const ComplaintAssignees = z.object({ leads: z.array(ComplaintAssignee) }).strict();

export const ComplaintCountsQuery = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
      .optional(),
  })
  .strict();
export const ComplaintCategoryCount = z
  .object({
    category: z.string(),
    total: z.number().int(),
    open: z.number().int(),
    answered: z.number().int(),
    closed: z.number().int(),
    overdue: z.number().int(),
  })
  .strict();
export const ComplaintCounts = z
  .object({
    /** `YYYY-MM` in the call centre's time zone; complaints counted by when they were made. */
    month: z.string(),
    from: Timestamp,
    to: Timestamp,
    total: z.number().int(),
    categories: z.array(ComplaintCategoryCount),
  })
  .strict()
  .meta({ id: 'ComplaintCounts' });
export type ComplaintCounts = z.infer<typeof ComplaintCounts>;

// ---- the call-back history (Art. 12) ----

/** `closed`: done or cancelled, newest closed first; otherwise oldest requested first. */
export const CallbackListQuery = z
  .object({ status: z.enum(['open', 'done', 'cancelled', 'closed']).optional(), ...PageQuery })
  .strict();
export const CallbackPage = z
  .object({
    callbacks: z.array(CallbackRecord),
    nextOffset: NextOffset,
    /** How many match in all (every page). */
    total: z.number().int().nonnegative(),
  })
  .strict();

export const ComplaintIdParams = z.object({ id: Id }).strict();
