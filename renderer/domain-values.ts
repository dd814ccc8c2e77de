// Zod-free copies of the few values the renderer needs from common/domain.ts. Importing that file
// for them bundles all of zod (about 450 KB minified, most of app.js) for two constants and a
// regex. test/unit/renderer/domain-values.test.ts checks these against common/ so they cannot
// drift; if common/ grows a zod-free module for them (as channels.ts is for the preload), import
// from there instead and delete this file.
import type { Language } from '../common/domain.js';

export const LANGUAGES = ['zh-CN', 'en'] as const satisfies readonly Language[];

/** Simplified Chinese is the primary language (style.md §11). */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
const USERNAME_MAX_LENGTH = 64;

/** The contract's `Username` rule: 1–64 letters, digits, dots, dashes or underscores, not starting with a symbol. */
export const isUsername = (value: string): boolean =>
  value.length >= 1 && value.length <= USERNAME_MAX_LENGTH && USERNAME_PATTERN.test(value);

export const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);
