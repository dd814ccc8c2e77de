// The zod-free values and the zod schemas built from them must agree.
import { describe, expect, it } from 'vitest';
import { Username } from '../../../common/domain.js';
import { isUsername, tierAtLeast } from '../../../common/values.js';

describe('common/values', () => {
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
    'agent 01',
    'agent@bank',
    '张伟',
    'agent01\n',
  ])('isUsername agrees with the contract schema on %j', (value) => {
    expect(isUsername(value)).toBe(Username.safeParse(value).success);
  });

  it('ranks tiers: a lead may do what an agent may, not the reverse (Art. 10)', () => {
    expect(tierAtLeast('lead', 'agent')).toBe(true);
    expect(tierAtLeast('agent', 'senior')).toBe(false);
    expect(tierAtLeast('admin', 'lead')).toBe(true);
  });
});
