// The ID-number helpers behind Art. 5 (compare with records) and Art. 8/11 (read back
// masked). Every ID number here uses region prefix 99, which no Chinese province uses: synthetic.
import { describe, expect, it } from 'vitest';
import {
  checkNationalId,
  isValidNationalId,
  maskNationalId,
  nationalIdCheckCharacter,
} from '../../../common/national-id.js';

const TODAY = new Date('2026-06-01T00:00:00Z');

describe('nationalIdCheckCharacter (ISO 7064 MOD 11-2)', () => {
  it.each([
    ['99010119850312001', '0'],
    ['99010219900718002', '3'],
    ['99010119700101001', 'X'],
    ['99030419951225004', '9'],
  ])('%s → %s', (first17, check) => {
    expect(nationalIdCheckCharacter(first17)).toBe(check);
  });

  it('refuses anything but 17 digits', () => {
    expect(() => nationalIdCheckCharacter('9901011985031200')).toThrow();
  });
});

describe('checkNationalId / isValidNationalId', () => {
  it.each([
    ['990101198503120010', '990101198503120010'],
    ['99010119700101001X', '99010119700101001X'],
    ['99010119700101001x', '99010119700101001X'], // lower-case x is the same number
    ['  990101200002290054 ', '990101200002290054'], // 29 Feb of a leap year; whitespace trimmed
  ])('accepts %j', (input, normalized) => {
    expect(checkNationalId(input, TODAY)).toEqual({ ok: true, value: normalized });
    expect(isValidNationalId(input, TODAY)).toBe(true);
  });

  it.each([
    ['990101850312001', '15-digit ID numbers are not accepted'],
    ['99010119850312001', 'must be 18 characters'],
    ['9901011985031200100', 'must be 18 characters'],
    ['', 'must be 18 characters'],
    ['99010119850312001Y', 'must be 17 digits followed by a digit or X'],
    ['9901011985031200X0', 'must be 17 digits followed by a digit or X'],
    ['99010119850312001１', 'must be 17 digits followed by a digit or X'], // full-width digit
    ['990101198503120011', 'check character does not match'],
    ['990101197001010010', 'check character does not match'], // X expected, 0 given
    ['990101199002300015', 'birth date (characters 7-14) is not a valid date'], // 30 February
    ['990101199013010015', 'birth date (characters 7-14) is not a valid date'], // month 13
    ['990101190002290015', 'birth date (characters 7-14) is not a valid date'], // 1900 was not a leap year
    ['990101189912310015', 'birth date (characters 7-14) is not a valid date'], // before 1900
    ['990101203001010015', 'birth date (characters 7-14) is in the future'],
  ])('refuses %j: %s', (input, reason) => {
    const result = checkNationalId(input, TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain(reason);
      // Reasons end up in logs and seed errors: they must never repeat the number (Art. 11).
      if (input.length > 4) expect(result.reason).not.toContain(input.trim());
    }
    expect(isValidNationalId(input, TODAY)).toBe(false);
  });

  it('checks the birth date before the check character, so the reason is the useful one', () => {
    // 30 Feb with a check character computed for those digits: still a date error.
    const first17 = '99010119900230001';
    const id = first17 + nationalIdCheckCharacter(first17);
    expect(checkNationalId(id, TODAY)).toEqual({
      ok: false,
      reason: 'birth date (characters 7-14) is not a valid date',
    });
  });
});

describe('maskNationalId', () => {
  it.each([
    ['990101198503120010', '9***************10'],
    ['99010119700101001X', '9***************1X'],
    ['99010119700101001x', '9***************1X'],
  ])('%s → %s (first 1 + 15 stars + last 2)', (input, masked) => {
    expect(maskNationalId(input)).toBe(masked);
    expect(maskNationalId(input)).toHaveLength(18);
  });

  it('never shows more than three characters, whatever the input', () => {
    for (const input of ['12345', '123456', '990101850312001', '9901011985031200100']) {
      const masked = maskNationalId(input);
      expect(masked.replace(/\*/g, '').length).toBeLessThanOrEqual(3);
      expect(masked).toHaveLength(input.length);
    }
    expect(maskNationalId('12345')).toBe('*****');
  });
});
