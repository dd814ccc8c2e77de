// The lead console's review room (Art. 19), renderer ↔ main: the queue of sampled sessions, one
// session with its call's timeline and the steps to mark, and the review. Main forwards each to
// the records service with the lead's token; the service is the authority on every rule.
import { z } from 'zod';
import { REVIEW_STATUSES, ReviewBody, ReviewDay, ReviewDetail, ReviewPage } from './reviews-api.js';

const SessionId = { sessionId: z.uuid() };

export const ReviewsListRequest = z
  .object({
    status: z.enum(REVIEW_STATUSES).optional(),
    day: ReviewDay.optional(),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();
export type ReviewsListRequest = z.infer<typeof ReviewsListRequest>;

export const leadReviewContract = {
  /** Team leads: a page of the review queue, newest day first. */
  'reviews:list': { request: ReviewsListRequest, response: ReviewPage },
  /** One sampled session: its call's timeline and the steps to mark (the read is audited). */
  'reviews:open': { request: z.object(SessionId).strict(), response: ReviewDetail },
  /** Every step marked, a reason for each incorrect one; once, never of one's own call. */
  'reviews:submit': { request: ReviewBody.extend(SessionId).strict(), response: ReviewDetail },
} as const;

export type { ReviewDetail, ReviewPage };
