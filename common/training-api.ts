// The records service's training routes (Art. 9), shared by the service and the desk: the
// catalog (scenarios, courses, the training customers the simulated callers play), a training
// session's passcode for the simulated customer, the results and an agent's standing.
import { z } from 'zod';
import { Timestamp } from './api-primitives.js';
import { Username } from './domain.js';
import { Course, Scenario, TrainingEvent, TrainingId, TrainingScore } from './training.js';

/**
 * A training customer as the simulated caller knows them (synthetic, training namespace only).
 * The desk keeps it in memory to speak and key as the customer; it is never shown or journaled.
 */
export const TrainingCustomer = z
  .object({
    key: TrainingId,
    name: z.string().min(1).max(50),
    /** The name in Latin letters, for English captions and speech (e.g. `Li Ming`). */
    latinName: z.string().min(1).max(50).optional(),
    mobile: z.string().regex(/^1\d{10}$/),
    nationalId: z.string().regex(/^\d{17}[\dX]$/),
    queryPassword: z.string().regex(/^\d{6}$/),
    transactionPassword: z.string().regex(/^\d{6}$/),
  })
  .strict()
  .meta({ id: 'TrainingCustomer' });
export type TrainingCustomer = z.infer<typeof TrainingCustomer>;

export const TrainingCatalog = z
  .object({
    scenarios: z.array(Scenario),
    courses: z.array(Course),
    customers: z.array(TrainingCustomer),
  })
  .strict()
  .meta({ id: 'TrainingCatalog' });
export type TrainingCatalog = z.infer<typeof TrainingCatalog>;

/** GET /api/v1/training/sessions/:id/passcode — only a training session, only its own agent. */
export const TrainingPasscode = z.object({ code: z.string().regex(/^\d{4,8}$/) }).strict();
export type TrainingPasscode = z.infer<typeof TrainingPasscode>;

/** POST /api/v1/training/results: the trace; the service scores it with the same rules. */
export const TrainingResultRequest = z
  .object({
    scenarioId: TrainingId,
    courseId: TrainingId.nullable(),
    /** The training session the call opened, when it got that far. */
    sessionId: z.uuid().nullable(),
    events: z.array(TrainingEvent).max(500),
  })
  .strict();
export type TrainingResultRequest = z.infer<typeof TrainingResultRequest>;

export const TrainingResult = TrainingScore.extend({
  id: z.uuid(),
  username: Username,
  name: z.string(),
  scenarioId: TrainingId,
  courseId: TrainingId.nullable(),
  at: Timestamp,
})
  .strict()
  .meta({ id: 'TrainingResult' });
export type TrainingResult = z.infer<typeof TrainingResult>;

export const TrainingResultList = z.object({ results: z.array(TrainingResult) }).strict();
export type TrainingResultList = z.infer<typeof TrainingResultList>;

/** A course as one agent stands in it: passed once every scenario's best score reached the mark. */
export const CourseStanding = z
  .object({
    courseId: TrainingId,
    passed: z.boolean(),
    /** Best score per scenario tried so far. */
    best: z.record(z.string(), z.number().int().min(0).max(100)),
  })
  .strict();
export type CourseStanding = z.infer<typeof CourseStanding>;

/** GET /api/v1/training/status (own) — and per agent in the lead's list. */
export const TrainingStatus = z
  .object({
    username: Username,
    courses: z.array(CourseStanding),
    /** The course the service requires before live verification (`--require-training`), if any. */
    requiredCourse: TrainingId.nullable(),
    clearedForLive: z.boolean(),
  })
  .strict()
  .meta({ id: 'TrainingStatus' });
export type TrainingStatus = z.infer<typeof TrainingStatus>;

/** GET /api/v1/training/results: own by default; a lead names an agent, a team or `all`. */
export const TrainingResultsQuery = z
  .object({
    username: Username.optional(),
    team: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type TrainingResultsQuery = z.infer<typeof TrainingResultsQuery>;

/** GET /api/v1/training/status: own; a lead may name an agent. */
export const TrainingStatusQuery = z.object({ username: Username.optional() }).strict();
export type TrainingStatusQuery = z.infer<typeof TrainingStatusQuery>;
