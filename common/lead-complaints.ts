// The lead console's complaints room (Art. 16) and call-back history (Art. 12), renderer ↔ main:
// the queue overdue first, assign, answer (what the customer was told and how), close, the month's
// counts by category; closed call-backs page by page. Main forwards to the records service.
import { z } from 'zod';
import { CallbackQueueItem } from './connectivity.js';
import {
  ComplaintAnswerBody,
  ComplaintAssignBody,
  ComplaintAssignees,
  ComplaintCounts,
  ComplaintCountsQuery,
  ComplaintItem,
  ComplaintLeadCloseBody,
  ComplaintPage,
} from './complaints-api.js';

const WithId = { id: z.uuid() };

export const ComplaintsListRequest = z
  .object({
    /** `active`: not closed (the room's list); `closed`: the history. */
    status: z.enum(['active', 'closed']).default('active'),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export const CallbackHistoryRequest = z
  .object({
    status: z.enum(['open', 'closed']).default('closed'),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export const CallbackHistoryPage = z
  .object({ callbacks: z.array(CallbackQueueItem), nextOffset: z.number().int().nullable() })
  .strict();
export type CallbackHistoryPage = z.infer<typeof CallbackHistoryPage>;

export const leadComplaintsContract = {
  /** Team leads: a page of complaints, not-closed ones overdue first (Art. 16). */
  'complaints:list': { request: ComplaintsListRequest, response: ComplaintPage },
  /** The leads a complaint can be given to, by name. */
  'complaints:assignees': { request: z.object({}).strict(), response: ComplaintAssignees },
  'complaints:assign': {
    request: ComplaintAssignBody.extend(WithId).strict(),
    response: ComplaintItem,
  },
  /** What the customer was told and how (phone, SMS, letter, email…). */
  'complaints:answer': {
    request: ComplaintAnswerBody.extend(WithId).strict(),
    response: ComplaintItem,
  },
  /** Closes an answered complaint, or one answered in this same step. */
  'complaints:close': {
    request: ComplaintLeadCloseBody.extend(WithId).strict(),
    response: ComplaintItem,
  },
  /** A month's complaints by category (this month by default). */
  'complaints:counts': { request: ComplaintCountsQuery, response: ComplaintCounts },
  /** Call-backs page by page: the closed ones (history) newest first, or the open ones. */
  'callbacks:history': { request: CallbackHistoryRequest, response: CallbackHistoryPage },
} as const;

export type { ComplaintItem, ComplaintCounts };
