// The panel's half of the keypad satisfaction survey (Art. 22): the renderer hands main the
// customer's answer; main records it with the records service, journals it, and keeps retrying
// through an outage. The answer never comes back: the panel shows only that one arrived.
import { z } from 'zod';
import { SurveyAnswer } from './surveys-api.js';

export const SurveyRecordRequest = z
  .object({
    sessionId: z.uuid(),
    callId: z.string().min(1).max(128),
    answer: SurveyAnswer,
  })
  .strict();
export type SurveyRecordRequest = z.infer<typeof SurveyRecordRequest>;

/** `recorded`: the records service has it; `pending`: journaled, sent when it is back. */
export const SurveyRecordResponse = z
  .object({ delivery: z.enum(['recorded', 'pending']) })
  .strict();
export type SurveyRecordResponse = z.infer<typeof SurveyRecordResponse>;

export const surveyContract = {
  'survey:record': { request: SurveyRecordRequest, response: SurveyRecordResponse },
} as const;
