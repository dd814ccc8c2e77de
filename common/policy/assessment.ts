// The monthly assessment's judgements (Art. 23, 24): who is below target, who is commended as the
// best, whose checks caught fraud. Pure: the records service applies them once, at the month's
// close, to the indicators it froze; the console and the exports only show what was frozen.

/** What the assessment reads of one agent's month (common/reports-api.ts AgentIndicators). */
export interface AssessedAgent {
  readonly username: string;
  readonly name: string;
  readonly team: string | null;
  readonly accuracy: {
    readonly value: number | null;
    readonly of: number;
    readonly below: boolean;
  };
  readonly satisfaction: {
    readonly value: number | null;
    readonly of: number;
    readonly below: boolean;
  };
  readonly efficiency: { readonly calls: number };
  readonly risk: { readonly fraudSuspected: number; readonly fraudConfirmed: number };
}

export interface CommendationPolicy {
  /**
   * Reviewed sessions an agent needs before accuracy can commend them: a 5 % sample of a month's
   * ~2,000 calls is ~100 reviews; 20 keeps a lucky handful (3 of 3 correct) out.
   */
  readonly minReviewed: number;
  /** Keypad ratings an agent needs before satisfaction can commend them (same reasoning). */
  readonly minRated: number;
  /** How many are named: the best few, plus anyone tied with the last of them. */
  readonly best: number;
}

export const COMMENDATION_POLICY: CommendationPolicy = { minReviewed: 20, minRated: 20, best: 3 };

export type IndicatorName = 'accuracy' | 'satisfaction';

const person = (a: AssessedAgent) => ({ username: a.username, name: a.name, team: a.team });
const byName = (a: AssessedAgent, b: AssessedAgent) =>
  a.username < b.username ? -1 : a.username > b.username ? 1 : 0;

/** Agents with accuracy or satisfaction below target (a figure over nothing is never below). */
export function agentsBelowTarget(agents: readonly AssessedAgent[]) {
  return [...agents]
    .sort(byName)
    .map((a) => ({
      ...person(a),
      indicators: (['accuracy', 'satisfaction'] as const).filter((k) => a[k].below),
    }))
    .filter((a) => a.indicators.length > 0);
}

/**
 * Art. 24, the best: enough reviews and ratings (policy), neither figure below target; ranked by
 * accuracy, then satisfaction, then calls handled. Anyone tied with the last named is named too.
 */
export function bestPerformers(
  agents: readonly AssessedAgent[],
  policy: CommendationPolicy = COMMENDATION_POLICY,
) {
  const eligible = agents.filter(
    (a) =>
      a.accuracy.value !== null &&
      a.satisfaction.value !== null &&
      a.accuracy.of >= policy.minReviewed &&
      a.satisfaction.of >= policy.minRated &&
      !a.accuracy.below &&
      !a.satisfaction.below,
  );
  const key = (a: AssessedAgent) => [a.accuracy.value!, a.satisfaction.value!, a.efficiency.calls];
  const compare = (a: AssessedAgent, b: AssessedAgent) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
    return 0;
  };
  const ranked = [...eligible].sort((a, b) => compare(a, b) || byName(a, b));
  const last = ranked[policy.best - 1];
  return ranked
    .filter((a, i) => i < policy.best || (last !== undefined && compare(a, last) === 0))
    .map(person);
}

/** Art. 24, risk control: every agent whose checks suspected or confirmed fraud, most first. */
export function riskCatches(agents: readonly AssessedAgent[]) {
  return agents
    .filter((a) => a.risk.fraudConfirmed > 0 || a.risk.fraudSuspected > 0)
    .sort(
      (a, b) =>
        b.risk.fraudConfirmed - a.risk.fraudConfirmed ||
        b.risk.fraudSuspected - a.risk.fraudSuspected ||
        byName(a, b),
    )
    .map((a) => ({
      ...person(a),
      fraudConfirmed: a.risk.fraudConfirmed,
      fraudSuspected: a.risk.fraudSuspected,
    }));
}
