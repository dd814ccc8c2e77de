// The agent's desk on the live floor (Art. 10, 26): what main tells the desk's screen about the
// floor. A lead's not-ready order arrives as a push from the records service; main reads who set
// it and why, journals it, and the desk goes not ready with that reason and tells the agent.
import { z } from 'zod';
import { NotReadyReason } from './phone.js';

export const NotReadyOrdered = z
  .object({
    reason: NotReadyReason,
    /** The lead who set it: their name when the desk knows it, else their username. */
    by: z.string().min(1).max(100),
    at: z.iso.datetime(),
  })
  .strict();
export type NotReadyOrdered = z.infer<typeof NotReadyOrdered>;

export const deskFloorEvents = {
  /** A lead set this desk not ready: the agent state follows, a banner says who and why. */
  'desk:not-ready-ordered': NotReadyOrdered,
} as const;
