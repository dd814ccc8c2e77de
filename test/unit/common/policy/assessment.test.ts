// The monthly assessment's judgements (Art. 23, 24) on hand-made agents: below target by either
// figure, never for a figure over nothing; the best need enough reviews and ratings and rank by
// accuracy, then satisfaction, then calls, ties with the last named included; fraud catches.
import { describe, expect, it } from 'vitest';
import {
  agentsBelowTarget,
  bestPerformers,
  riskCatches,
  type AssessedAgent,
} from '../../../../common/policy/assessment.js';

const agent = (
  username: string,
  acc: [number | null, number, boolean],
  sat: [number | null, number, boolean],
  calls = 100,
  fraud: [number, number] = [0, 0],
): AssessedAgent => ({
  username,
  name: `name-${username}`,
  team: 'A',
  accuracy: { value: acc[0], of: acc[1], below: acc[2] },
  satisfaction: { value: sat[0], of: sat[1], below: sat[2] },
  efficiency: { calls },
  risk: { fraudSuspected: fraud[0], fraudConfirmed: fraud[1] },
});
const POLICY = { minReviewed: 20, minRated: 20, best: 2 };

describe('agents below target', () => {
  it('names each agent with the figures below, by username; none when nothing is measured', () => {
    const below = agentsBelowTarget([
      agent('c', [0.98, 50, true], [0.95, 50, false]),
      agent('a', [0.97, 50, true], [0.5, 50, true]),
      agent('b', [1, 50, false], [0.95, 50, false]),
      agent('d', [null, 0, false], [null, 0, false]),
    ]);
    expect(below).toEqual([
      { username: 'a', name: 'name-a', team: 'A', indicators: ['accuracy', 'satisfaction'] },
      { username: 'c', name: 'name-c', team: 'A', indicators: ['accuracy'] },
    ]);
    expect(agentsBelowTarget([])).toEqual([]);
  });
});

describe('best performers', () => {
  it('ranks by accuracy, then satisfaction, then calls; only with enough reviews and ratings', () => {
    const best = bestPerformers(
      [
        agent('few-reviews', [1, 19, false], [1, 50, false]),
        agent('few-ratings', [1, 50, false], [1, 19, false]),
        agent('below', [1, 50, false], [0.8, 50, true]),
        agent('no-data', [null, 0, false], [null, 0, false]),
        agent('third', [0.995, 40, false], [0.99, 40, false]),
        agent('second', [1, 40, false], [0.95, 40, false], 300),
        agent('first', [1, 40, false], [0.97, 40, false], 100),
      ],
      POLICY,
    );
    expect(best.map((b) => b.username)).toEqual(['first', 'second']);
  });
  it('names anyone tied with the last named, and nobody when nobody qualifies', () => {
    const tied = bestPerformers(
      [
        agent('x', [1, 40, false], [1, 40, false], 50),
        agent('z', [1, 40, false], [0.95, 40, false], 80),
        agent('y', [1, 40, false], [0.95, 40, false], 80),
        agent('w', [1, 40, false], [0.95, 40, false], 79),
      ],
      POLICY,
    );
    expect(tied.map((b) => b.username)).toEqual(['x', 'y', 'z']);
    expect(bestPerformers([agent('a', [1, 5, false], [1, 5, false])], POLICY)).toEqual([]);
  });
});

describe('risk-control catches', () => {
  it('lists every agent whose checks suspected or confirmed fraud, confirmed first', () => {
    const caught = riskCatches([
      agent('none', [1, 1, false], [1, 1, false]),
      agent('suspects', [1, 1, false], [1, 1, false], 10, [3, 0]),
      agent('confirms', [1, 1, false], [1, 1, false], 10, [1, 1]),
    ]);
    expect(caught).toEqual([
      {
        username: 'confirms',
        name: 'name-confirms',
        team: 'A',
        fraudConfirmed: 1,
        fraudSuspected: 1,
      },
      {
        username: 'suspects',
        name: 'name-suspects',
        team: 'A',
        fraudConfirmed: 0,
        fraudSuspected: 3,
      },
    ]);
  });
});
