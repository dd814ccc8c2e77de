// What each agent tier may complete alone and who may approve (Art. 10; four eyes: never one's own
// session). Pure data and functions: no I/O, no Node, no zod.
import type { Tier } from '../values.js';
import { BUSINESS_TYPES, type BusinessType } from './business.js';

export interface TierPolicy {
  /** Business types this tier may complete without a lead's approval. */
  completesAlone: readonly BusinessType[];
  /** May approve or deny other agents' sessions and see the supervisor queues. */
  mayApprove: boolean;
}

/**
 * Art. 10: front-line agents handle enquiries and routine verification (queries, transfers, which
 * the password step already protects); a senior agent may also take large loan applications.
 * Account-detail changes (the reserved mobile, the address…) are how accounts are taken over, so
 * below lead they always go to a lead for review. Leads and admins complete everything alone and
 * may approve — but never their own session (four eyes).
 */
export const TIER_POLICY: Readonly<Record<Tier, TierPolicy>> = {
  agent: { completesAlone: ['enquiry', 'important-query', 'fund-transfer'], mayApprove: false },
  senior: {
    completesAlone: ['enquiry', 'important-query', 'fund-transfer', 'large-loan'],
    mayApprove: false,
  },
  lead: { completesAlone: BUSINESS_TYPES, mayApprove: true },
  admin: { completesAlone: BUSINESS_TYPES, mayApprove: true },
};

export const mayCompleteAlone = (tier: Tier, type: BusinessType): boolean =>
  TIER_POLICY[tier].completesAlone.includes(type);
export const mayApprove = (tier: Tier): boolean => TIER_POLICY[tier].mayApprove;
