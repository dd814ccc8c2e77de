// The survey's rules (Art. 22): which ended sessions may be surveyed, which keys are ratings.
import { describe, expect, it } from 'vitest';
import {
  maySurvey,
  ratingOfKey,
  SESSION_STATUSES,
  SURVEY_POLICY,
} from '../../../../common/policy.js';

describe('survey policy', () => {
  it('allows a survey once the business ended, never while it runs, waits or is suspended', () => {
    const allowed = SESSION_STATUSES.filter(maySurvey);
    expect(allowed).toEqual([
      'verified',
      'not-confirmed',
      'exception',
      'password-reset',
      'password-locked',
      'denied',
    ]);
    for (const status of ['in-progress', 'awaiting-approval', 'suspended'] as const)
      expect(maySurvey(status)).toBe(false);
  });

  it('takes keys 1–5 as ratings and nothing else', () => {
    expect(['1', '2', '3', '4', '5'].map(ratingOfKey)).toEqual([1, 2, 3, 4, 5]);
    for (const key of ['0', '6', '9', '*', '#', 'A', 'D', '', '12', ' 5'])
      expect(ratingOfKey(key)).toBeNull();
    expect(SURVEY_POLICY).toMatchObject({ windowMs: 15_000, restarts: 1 });
  });
});
