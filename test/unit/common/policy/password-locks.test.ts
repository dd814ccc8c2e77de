// Who may lift a password lock (common/policy/password-locks.ts, Art. 6 with Art. 10): a lead,
// never an agent of the call where the password locked.
import { describe, expect, it } from 'vitest';
import { lockLiftRefusal, mayApprove } from '../../../../common/policy.js';
import { TIERS } from '../../../../common/values.js';

describe('lifting a password lock (Art. 6, Art. 10)', () => {
  it.each(TIERS)('%s: a lead tier may, below may not', (tier) => {
    expect(lockLiftRefusal({ username: 'someone', tier }, ['agent01'])).toBe(
      mayApprove(tier) ? null : 'not-lead',
    );
  });

  it('refuses a lead who took the call where it locked', () => {
    expect(lockLiftRefusal({ username: 'lead01', tier: 'lead' }, ['lead01'])).toBe('locking-agent');
    expect(lockLiftRefusal({ username: 'lead02', tier: 'lead' }, ['lead01', 'agent01'])).toBe(null);
  });

  it('says "not a lead" first: an agent of the call below lead is refused for the tier', () => {
    expect(lockLiftRefusal({ username: 'agent01', tier: 'agent' }, ['agent01'])).toBe('not-lead');
  });
});
