// Domain values as plain data and functions, without zod, so the renderer bundle and the
// sandboxed preload can use them without pulling in the schema library. domain.ts builds the
// zod schemas from these.

/** Agent tiers (Art. 10): front-line agents, seniors, team leads, administrators. */
export const TIERS = ['agent', 'senior', 'lead', 'admin'] as const;
export type Tier = (typeof TIERS)[number];

/** Higher rank may do everything a lower rank may (Art. 10 tiered permissions). */
export const tierRank = (tier: Tier): number => TIERS.indexOf(tier);
export const tierAtLeast = (tier: Tier, required: Tier): boolean =>
  tierRank(tier) >= tierRank(required);

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Simplified Chinese is the primary language (style.md §11). */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const isLanguage = (value: string): value is Language =>
  (LANGUAGES as readonly string[]).includes(value);

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
export const USERNAME_MAX_LENGTH = 64;
/** 1–64 letters, digits, dots, dashes or underscores, not starting with a symbol. */
export const isUsername = (value: string): boolean =>
  value.length >= 1 && value.length <= USERNAME_MAX_LENGTH && USERNAME_PATTERN.test(value);
