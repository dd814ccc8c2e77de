// What each tier is for (Art. 10): who verifies, what they complete without a lead, who approves
// (four eyes: never one's own session), and when an approval may be asked. Pure data and
// functions: no I/O, no Node, no zod.
import type { Tier } from '../values.js';
import { RISK_LEVELS, riskOf, type BusinessType, type RiskLevel, type Step } from './business.js';

export interface TierPolicy {
  /** Opens and runs verification sessions and looks customers up (Art. 5–8). */
  verifies: boolean;
  /** The highest Art. 7 risk it completes without a lead's approval, when it verifies. */
  completesAloneUpTo: RiskLevel;
  /**
   * Approves or denies other agents' sessions, lifts password locks, and works the leads' queues
   * (approvals, alerts, call-backs, complaints).
   */
  mayApprove: boolean;
}

/**
 * Art. 10: "front-line agents handle enquiries and routine verification; complex or higher-risk
 * verification goes to a supervisor for review". So:
 * - agent, senior: verify and complete low- and medium-risk business alone (enquiries, important
 *   queries, transfers, which the password already protects). The Art. 7 high-risk types (large
 *   loan, account change) always go to a lead for review — seniors included.
 * - lead: verifies and completes everything, approves others' sessions, works the leads' queues.
 * - admin: user and system administration (the agents and their tiers in the seed, the records
 *   service and the desks' settings), not customer business. With `verifies` and `mayApprove`
 *   off (the default) an administrator neither verifies nor approves; each attempt is refused
 *   and recorded. Turning them on makes an administrator verify and approve as a lead does.
 */
export const TIER_POLICY: Readonly<Record<Tier, TierPolicy>> = {
  agent: { verifies: true, completesAloneUpTo: 'medium', mayApprove: false },
  senior: { verifies: true, completesAloneUpTo: 'medium', mayApprove: false },
  lead: { verifies: true, completesAloneUpTo: 'high', mayApprove: true },
  admin: { verifies: false, completesAloneUpTo: 'high', mayApprove: false },
};

type TierTable = Readonly<Record<Tier, TierPolicy>>;

export const mayVerify = (tier: Tier, table: TierTable = TIER_POLICY): boolean =>
  table[tier].verifies;

export const mayCompleteAlone = (
  tier: Tier,
  type: BusinessType,
  table: TierTable = TIER_POLICY,
): boolean =>
  table[tier].verifies &&
  RISK_LEVELS.indexOf(riskOf(type)) <= RISK_LEVELS.indexOf(table[tier].completesAloneUpTo);

export const mayApprove = (tier: Tier, table: TierTable = TIER_POLICY): boolean =>
  table[tier].mayApprove;

/**
 * Art. 10: the lead reviews a complete case, so an approval may be asked only once every check of
 * the session has passed and only the Art. 8 read-back is left.
 */
export const checksDoneForApproval = (next: Step | null): boolean => next === 'confirmation';
