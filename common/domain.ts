// Domain types shared by every layer. Pure data: no I/O, no Node, no DOM.
import { z } from 'zod';

/** Agent tiers (Art. 10): front-line agents, seniors, team leads, administrators. */
export const TIERS = ['agent', 'senior', 'lead', 'admin'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

/** Higher rank may do everything a lower rank may (Art. 10 tiered permissions). */
export const tierRank = (tier: Tier): number => TIERS.indexOf(tier);
export const tierAtLeast = (tier: Tier, required: Tier): boolean => tierRank(tier) >= tierRank(required);

export const LANGUAGES = ['zh-CN', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;
/** Simplified Chinese is the primary language (style.md §11). */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

export const Username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, dot, dash or underscore');

/** What the desktop knows of the signed-in agent. The token stays in main; never in the renderer. */
export const AgentProfile = z
  .object({
    username: Username,
    name: z.string().min(1).max(100),
    tier: Tier,
  })
  .strict();
export type AgentProfile = z.infer<typeof AgentProfile>;
