// The training line's half of the contract (Art. 9), renderer ↔ main: the catalog the simulated
// customers play, a training session's passcode for the customer to key, a finished call's trace
// to be scored and kept, the results and an agent's standing. Main asks the records service (the
// authority: it re-scores every trace) with the signed-in agent's token.
import { z } from 'zod';
import { Username } from './domain.js';
import {
  TrainingCatalog,
  TrainingPasscode,
  TrainingResult,
  TrainingResultList,
  TrainingResultRequest,
  TrainingStatus,
} from './training-api.js';

export const TrainingPasscodeRequest = z.object({ sessionId: z.uuid() }).strict();
/** No username: the agent's own; a lead may name an agent (the service checks the team). */
export const TrainingWhoRequest = z.object({ username: Username.optional() }).strict();
/** Results: own by default; a lead names an agent, a team or `all` (default the lead's team). */
export const TrainingResultsRequest = TrainingWhoRequest.extend({
  team: z.string().min(1).max(64).optional(),
}).strict();

export const trainingContract = {
  /** Scenarios, courses and the training customers (synthetic; never shown in full). */
  'training:catalog': { request: z.object({}).strict(), response: TrainingCatalog },
  /** The passcode the training session "sent" (a training outbox): for the simulated customer. */
  'training:passcode': { request: TrainingPasscodeRequest, response: TrainingPasscode },
  /** A finished training call's trace; the records service scores it and keeps the result. */
  'training:result': { request: TrainingResultRequest, response: TrainingResult },
  'training:results': { request: TrainingResultsRequest, response: TrainingResultList },
  /**
   * The agent's standing per course; `requiredCourse` also names the managed policy's
   * `requireTrainingCourse`, and `clearedForLive` is false until it is passed.
   */
  'training:status': { request: TrainingWhoRequest, response: TrainingStatus },
} as const;
