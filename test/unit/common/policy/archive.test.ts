// Who may look up the archive (Art. 10, 11): leads and auditors; an auditor's account reaches the
// archive's routes and nothing else.
import { describe, expect, it } from 'vitest';
import { auditorMay, mayReadArchive } from '../../../../common/policy.js';
import { TIERS } from '../../../../common/values.js';

describe('mayReadArchive', () => {
  it.each(TIERS)('%s: only a lead reads the archive by tier', (tier) => {
    expect(mayReadArchive({ tier, auditor: false })).toBe(tier === 'lead');
  });
  it('lets an auditor read it whatever the tier', () => {
    for (const tier of TIERS) expect(mayReadArchive({ tier, auditor: true })).toBe(true);
  });
});

describe('auditorMay', () => {
  it('reaches the archive routes only', () => {
    expect(auditorMay('/api/v1/archive/calls')).toBe(true);
    expect(auditorMay('/api/v1/archive/calls/:callId/timeline')).toBe(true);
    expect(auditorMay('/api/v1/archive/integrity')).toBe(true);
    for (const route of [
      '/api/v1/verifications',
      '/api/v1/approvals/:id/decision',
      '/api/v1/customers',
      '/api/v1/journal/batches',
      '/api/v1/archive',
      '/api/v1/archived',
    ])
      expect(auditorMay(route), route).toBe(false);
  });
});
