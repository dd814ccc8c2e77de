// The keypad satisfaction survey over HTTP (Art. 22): the agent's desk records the customer's
// answer once per session — a rating 1–5, declined, or no key within the window — and a lead reads
// it back. The records service validates with these schemas and the desk's client parses them.
import { z } from 'zod';
import { Id, Timestamp } from './api-primitives.js';
import { SURVEY_OUTCOMES, SURVEY_POLICY } from './policy/survey.js';

export const Rating = z.number().int().min(SURVEY_POLICY.minRating).max(SURVEY_POLICY.maxRating);

/** `{outcome:'rated', rating}` or `{outcome:'declined'|'no-answer'}` (no rating). */
export const SurveyAnswer = z
  .discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('rated'), rating: Rating }).strict(),
    z.object({ outcome: z.literal('declined') }).strict(),
    z.object({ outcome: z.literal('no-answer') }).strict(),
  ])
  .meta({ id: 'SurveyAnswer' });
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export const SurveyRecord = z
  .object({
    sessionId: Id,
    callId: z.string(),
    agent: z.string(),
    agentName: z.string().nullable(),
    outcome: z.enum(SURVEY_OUTCOMES),
    rating: Rating.nullable(),
    recordedAt: Timestamp,
    /** A training call's answer: kept, never counted in an indicator (Art. 22). */
    training: z.boolean(),
  })
  .strict()
  .meta({ id: 'SurveyRecord' });
export type SurveyRecord = z.infer<typeof SurveyRecord>;
