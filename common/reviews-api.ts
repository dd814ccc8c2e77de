// The quality review API (Art. 19) as zod schemas: the queue of sampled sessions (paged, newest
// day first), one session with its call's timeline and the steps to mark, and the review itself.
// People by name, callers masked (Art. 11). Rules in common/policy/review.ts.
import { z } from 'zod';
import { Id, Reason, Timestamp } from './api-primitives.js';
import { CallTimeline } from './archive-api.js';
import { PageQuery } from './complaints-api.js';
import { MaskedNumber, TeamName } from './floor-api.js';
import {
  ALL_TEAMS,
  BUSINESS_TYPES,
  INCORRECT_STEP_REASONS,
  REVIEW_REASONS,
  REVIEW_STEPS,
  SESSION_STATUSES,
} from './policy.js';

/** A day in the call centre's time zone. */
export const ReviewDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD');

export const REVIEW_STATUSES = ['pending', 'reviewed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** `?day=&status=&team=`: absent → every day, both statuses, every team. */
export const ReviewListQuery = z
  .object({
    day: ReviewDay.optional(),
    status: z.enum(REVIEW_STATUSES).optional(),
    team: z.union([z.literal(ALL_TEAMS), TeamName]).optional(),
    ...PageQuery,
  })
  .strict();
export type ReviewListQuery = z.infer<typeof ReviewListQuery>;

export const ReviewSessionParams = z.object({ sessionId: Id }).strict();

/** One sampled session as the review queue lists it. */
export const ReviewItem = z
  .object({
    sessionId: Id,
    callId: z.string(),
    day: ReviewDay,
    agentUsername: z.string(),
    agentName: z.string(),
    team: z.string().nullable(),
    caller: MaskedNumber,
    businessType: z.enum(BUSINESS_TYPES),
    outcome: z.enum(SESSION_STATUSES),
    reasons: z.array(z.enum(REVIEW_REASONS)),
    sampledAt: Timestamp,
    status: z.enum(REVIEW_STATUSES),
    reviewerName: z.string().nullable(),
    reviewedAt: Timestamp.nullable(),
    /** Every step correct; null while pending. */
    correct: z.boolean().nullable(),
  })
  .strict()
  .meta({ id: 'ReviewItem' });
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewPage = z
  .object({ reviews: z.array(ReviewItem), nextOffset: z.number().int().nullable() })
  .strict();
export type ReviewPage = z.infer<typeof ReviewPage>;

const StepNote = Reason.max(500);

/** One step as the reviewer marked it. */
export const StepMark = z
  .object({
    step: z.enum(REVIEW_STEPS),
    correct: z.boolean(),
    reason: z.enum(INCORRECT_STEP_REASONS).optional(),
    note: StepNote.optional(),
  })
  .strict()
  .meta({ id: 'ReviewStepMark' });
export type StepMark = z.infer<typeof StepMark>;

/** POST /api/v1/reviews/:sessionId — every step of the session, once; an overall note. */
export const ReviewBody = z
  .object({
    steps: z.array(StepMark).min(1).max(REVIEW_STEPS.length),
    note: Reason.max(1000).optional(),
  })
  .strict();
export type ReviewBody = z.infer<typeof ReviewBody>;

/** One sampled session whole: the call's timeline, the steps to mark, the review once made. */
export const ReviewDetail = z
  .object({
    item: ReviewItem,
    steps: z.array(z.enum(REVIEW_STEPS)),
    timeline: CallTimeline,
    review: z
      .object({
        reviewer: z.string(),
        reviewerName: z.string(),
        reviewedAt: Timestamp,
        correct: z.boolean(),
        steps: z.array(StepMark),
        note: z.string().nullable(),
      })
      .strict()
      .nullable(),
  })
  .strict()
  .meta({ id: 'ReviewDetail' });
export type ReviewDetail = z.infer<typeof ReviewDetail>;
