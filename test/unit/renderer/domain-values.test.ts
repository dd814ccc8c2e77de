// The renderer's zod-free copies of common/domain.ts values must say exactly what common/ says.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LANGUAGE, LANGUAGES, Username } from '../../../common/domain.js';
import * as mirror from '../../../renderer/domain-values.js';

describe('renderer/domain-values', () => {
  it('has the same languages and default as common/', () => {
    expect([...mirror.LANGUAGES]).toEqual([...LANGUAGES]);
    expect(mirror.DEFAULT_LANGUAGE).toBe(DEFAULT_LANGUAGE);
  });

  it.each([
    'agent01',
    'A.b-c_d',
    '0',
    'a'.repeat(64),
    'a'.repeat(65),
    '',
    ' agent01',
    '.agent',
    '-agent',
    '_agent',
    'agent 01',
    'agent@bank',
    '张伟',
    'agent01\n',
    'ÄGENT',
  ])('agrees with the contract Username rule on %j', (value) => {
    expect(mirror.isUsername(value)).toBe(Username.safeParse(value).success);
  });
});
