// Domain schemas shared by every layer, built from the plain values in values.ts. Pure data: no
// I/O, no Node, no DOM.
import { z } from 'zod';
import { LANGUAGES, TIERS, USERNAME_MAX_LENGTH, USERNAME_PATTERN } from './values.js';

export { DEFAULT_LANGUAGE, LANGUAGES, TIERS, tierAtLeast, tierRank } from './values.js';

export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const Username = z
  .string()
  .min(1)
  .max(USERNAME_MAX_LENGTH)
  .regex(USERNAME_PATTERN, 'letters, digits, dot, dash or underscore');

/**
 * What the desktop knows of the signed-in agent. The token stays in main; never in the renderer.
 */
export const AgentProfile = z
  .object({
    username: Username,
    name: z.string().min(1).max(100),
    tier: Tier,
  })
  .strict();
export type AgentProfile = z.infer<typeof AgentProfile>;
