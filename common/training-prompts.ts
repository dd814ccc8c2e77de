// What a simulated training customer says (assets/training/prompts.json): the caption on the
// training banner shows the ID number and mobile MASKED, never full (Art. 8, 11); the spoken text
// behind the prompt audio reads the synthetic digits out one by one. Pure; no I/O.
import prompts from '../assets/training/prompts.json' with { type: 'json' };
import { maskNationalId, nationalIdCheckCharacter } from './national-id.js';
import { maskMobile } from './phone-number.js';
import type { TrainingCustomer } from './training-api.js';
import type { Localized } from './training.js';

export type TrainingLang = keyof Localized;
export const TRAINING_LANGS: readonly TrainingLang[] = ['zh-CN', 'en'];

/** Every prompt by id, in both languages, with `{placeholders}`. */
export const PROMPTS: Readonly<Record<string, Localized>> = prompts;

/** What a prompt's text may name about the customer. */
export const PROMPT_PLACEHOLDERS = ['name', 'mobile', 'id', 'wrongId'] as const;
export type PromptPlaceholder = (typeof PROMPT_PLACEHOLDERS)[number];

export const hasPrompt = (id: string): boolean => Object.hasOwn(PROMPTS, id);

/**
 * A prompt's recording, under assets/training/audio/ (scripts/training-audio.mjs writes it): the
 * customer is the one whose details it speaks (a `say` action's `as`, else the scenario's).
 */
export const audioFileOf = (promptId: string, customerKey: string, lang: TrainingLang): string =>
  `${lang}/${customerKey}/${promptId}.wav`;

/**
 * The ID number a customer states wrongly (details changed, a fraudster's guess, Art. 5(2), 18):
 * the same region and birth date with another sequence of the same sex, and a valid check
 * character, so the panel's format check lets it through and only the records comparison fails.
 */
export function wrongNationalIdOf(nationalId: string): string {
  const sequence = Number(nationalId.slice(14, 17));
  const other = String((sequence + 2) % 1000).padStart(3, '0');
  const first17 = nationalId.slice(0, 14) + other;
  return first17 + nationalIdCheckCharacter(first17);
}

/** The placeholders a prompt names, in either language. */
export function placeholdersOf(promptId: string): PromptPlaceholder[] {
  const text = hasPrompt(promptId) ? Object.values(PROMPTS[promptId]!).join(' ') : '';
  return PROMPT_PLACEHOLDERS.filter((p) => text.includes(`{${p}}`));
}

type Values = Record<PromptPlaceholder, string>;

function fill(promptId: string, lang: TrainingLang, values: Values): string | null {
  if (!hasPrompt(promptId)) return null;
  return PROMPTS[promptId]![lang].replace(/\{(\w+)\}/g, (whole, key: string) =>
    (PROMPT_PLACEHOLDERS as readonly string[]).includes(key)
      ? values[key as PromptPlaceholder]
      : whole,
  );
}

const nameIn = (customer: TrainingCustomer, lang: TrainingLang): string =>
  lang === 'en' ? (customer.latinName ?? customer.name) : customer.name;

/** The banner's caption, numbers masked as the Art. 8 read-back shows them; null: no prompt. */
export function captionOf(
  promptId: string,
  customer: TrainingCustomer,
  lang: TrainingLang,
): string | null {
  return fill(promptId, lang, {
    name: nameIn(customer, lang),
    mobile: maskMobile(customer.mobile),
    id: maskNationalId(customer.nationalId),
    wrongId: maskNationalId(wrongNationalIdOf(customer.nationalId)),
  });
}

const ZH_DIGITS = '零幺二三四五六七八九';
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Digits one by one in groups (`170 0000 0101`), as a person reads a number out on the phone. */
export function digitsSpoken(
  digits: string,
  groups: readonly number[],
  lang: TrainingLang,
): string {
  const words = [...digits].map((ch) => {
    if (ch === 'X') return lang === 'en' ? 'X' : '叉';
    return lang === 'en' ? EN_DIGITS[Number(ch)]! : ZH_DIGITS[Number(ch)]!;
  });
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    parts.push(words.slice(at, at + size).join(lang === 'en' ? ' ' : ''));
    at += size;
  }
  if (at < words.length) parts.push(words.slice(at).join(lang === 'en' ? ' ' : ''));
  return parts.join(lang === 'en' ? ', ' : '，');
}

/** What the audio says: the full synthetic numbers, digit by digit; null: no such prompt. */
export function spokenTextOf(
  promptId: string,
  customer: TrainingCustomer,
  lang: TrainingLang,
): string | null {
  return fill(promptId, lang, {
    name: nameIn(customer, lang),
    mobile: digitsSpoken(customer.mobile, [3, 4, 4], lang),
    id: digitsSpoken(customer.nationalId, [6, 8, 4], lang),
    wrongId: digitsSpoken(wrongNationalIdOf(customer.nationalId), [6, 8, 4], lang),
  });
}

export interface StatedDetails {
  mobile: string;
  nationalId: string;
}

/**
 * What the customer states in this prompt for the Art. 5 basic check, for the desk to put in the
 * panel as the agent heard it (never shown in full); null when the prompt states no details.
 */
export function detailsStated(promptId: string, customer: TrainingCustomer): StatedDetails | null {
  const named = placeholdersOf(promptId);
  if (!named.includes('mobile') && !named.includes('id') && !named.includes('wrongId')) return null;
  return {
    mobile: customer.mobile,
    nationalId: named.includes('wrongId')
      ? wrongNationalIdOf(customer.nationalId)
      : customer.nationalId,
  };
}
