// What the simulated customer says: captions never show a full ID number or mobile (Art. 8, 11),
// the audio text reads the synthetic digits one by one, and the wrong ID a customer states is a
// well-formed number that only the records comparison refuses (Art. 5).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidNationalId } from '../../../common/national-id.js';
import { TrainingCustomer } from '../../../common/training-api.js';
import {
  audioFileOf,
  captionOf,
  detailsStated,
  digitsSpoken,
  placeholdersOf,
  PROMPTS,
  spokenTextOf,
  TRAINING_LANGS,
  wrongNationalIdOf,
} from '../../../common/training-prompts.js';
import { scenarios } from './training-fixture.js';

const file = path.join(import.meta.dirname, '../../../assets/training/customers.json');
const customers = (
  JSON.parse(readFileSync(file, 'utf8')) as { customers: unknown[] }
).customers.map((c) => TrainingCustomer.parse(c));
const li = customers.find((c) => c.key === 'tc-li')!;
const zhou = customers.find((c) => c.key === 'tc-zhou')!;

describe('prompts.json', () => {
  it.each(Object.keys(PROMPTS))('%s names the same known placeholders in both languages', (id) => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const zh = names(PROMPTS[id]!['zh-CN']);
    expect(names(PROMPTS[id]!.en)).toEqual(zh);
    expect(placeholdersOf(id).sort()).toEqual([...new Set(zh)].sort());
  });
});

describe('captionOf', () => {
  it('shows the ID number and mobile masked, as the read-back does', () => {
    expect(captionOf('give-details', li, 'zh-CN')).toBe(
      '我叫李明，手机号是170****0101，身份证号是9***************32。',
    );
    expect(captionOf('give-details', li, 'en')).toBe(
      'My name is Li Ming, my mobile is 170****0101, and my ID number is 9***************32.',
    );
  });

  it('never shows five digits in a row, for any prompt, customer or language', () => {
    for (const id of Object.keys(PROMPTS))
      for (const customer of customers)
        for (const lang of TRAINING_LANGS) {
          const caption = captionOf(id, customer, lang)!;
          expect(caption).not.toMatch(/\d{5}/);
          expect(caption).not.toContain(customer.mobile);
          expect(caption).not.toContain(customer.nationalId);
        }
  });

  it('is null for a prompt that does not exist', () => {
    expect(captionOf('no-such-prompt', li, 'en')).toBeNull();
    expect(spokenTextOf('no-such-prompt', li, 'en')).toBeNull();
  });
});

describe('spokenTextOf', () => {
  it('reads the full synthetic numbers digit by digit, in groups', () => {
    expect(spokenTextOf('give-details', li, 'en')).toBe(
      'My name is Li Ming, my mobile is one seven zero, zero zero zero zero, zero one zero one, ' +
        'and my ID number is nine nine zero five zero one, one nine eight eight zero four one two, ' +
        'zero zero three two.',
    );
    expect(spokenTextOf('give-details', zhou, 'zh-CN')).toBe(
      '我叫周婷，手机号是幺七零，零零零零，零幺零二，身份证号是九九零五零幺，幺九九二零八三零，零零四叉。',
    );
  });

  it('groups what is left over after the groups given', () => {
    expect(digitsSpoken('12345', [2], 'en')).toBe('one two, three four five');
  });
});

describe('wrongNationalIdOf and detailsStated', () => {
  it('a different, well-formed ID number of the same birth date and sex', () => {
    for (const c of customers) {
      const wrong = wrongNationalIdOf(c.nationalId);
      expect(wrong).not.toBe(c.nationalId);
      expect(isValidNationalId(wrong, new Date('2026-01-01T00:00:00Z'))).toBe(true);
      expect(wrong.slice(0, 14)).toBe(c.nationalId.slice(0, 14));
      expect(Number(wrong[16]) % 2).toBe(Number(c.nationalId[16]) % 2);
      expect(wrongNationalIdOf(c.nationalId)).toBe(wrong);
    }
    // The sequence wraps round: 999 → 001, still odd (a man's).
    expect(wrongNationalIdOf('990501198804129990').slice(14, 17)).toBe('001');
  });

  it('says what the customer stated for the basic check, or null', () => {
    expect(detailsStated('give-details', li)).toEqual({
      mobile: li.mobile,
      nationalId: li.nationalId,
    });
    expect(detailsStated('give-details-old-id', li)).toEqual({
      mobile: li.mobile,
      nationalId: wrongNationalIdOf(li.nationalId),
    });
    expect(detailsStated('confirm-yes', li)).toBeNull();
  });
});

describe('audioFileOf', () => {
  it('names a recording the audio script wrote, for every prompt a scenario says', () => {
    const audio = path.join(import.meta.dirname, '../../../assets/training/audio');
    expect(audioFileOf('give-details', 'tc-li', 'zh-CN')).toBe('zh-CN/tc-li/give-details.wav');
    for (const s of scenarios.values())
      for (const reaction of s.reactions)
        for (const action of reaction.do) {
          if (action.do !== 'say') continue;
          for (const lang of TRAINING_LANGS) {
            const file = audioFileOf(action.prompt, action.as ?? s.customer, lang);
            expect(existsSync(path.join(audio, file)), file).toBe(true);
          }
        }
  });
});
