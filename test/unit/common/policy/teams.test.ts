// Teams (Art. 10, 26): which team a viewer sees, who may direct an agent, what a team name is.
import { describe, expect, it } from 'vitest';
import { isTeamName, mayDirectAgent, teamFilter } from '../../../../common/policy.js';

describe('teams', () => {
  it("shows the viewer's own team unless another or all is asked for", () => {
    expect(teamFilter(undefined, { tier: 'lead', team: '一组' })).toBe('一组');
    expect(teamFilter(undefined, { tier: 'lead', team: null })).toBeNull();
    expect(teamFilter('二组', { tier: 'lead', team: '一组' })).toBe('二组');
    expect(teamFilter('all', { tier: 'lead', team: '一组' })).toBeNull();
  });

  it("lets a lead direct their own team's agents only; a lead in no team directs all", () => {
    expect(mayDirectAgent({ tier: 'lead', team: '一组' }, '一组')).toBe(true);
    expect(mayDirectAgent({ tier: 'lead', team: '一组' }, '二组')).toBe(false);
    expect(mayDirectAgent({ tier: 'lead', team: '一组' }, null)).toBe(false);
    // A lead in no team (a seed that left the team out) orders only agents in no team.
    expect(mayDirectAgent({ tier: 'lead', team: null }, '二组')).toBe(false);
    expect(mayDirectAgent({ tier: 'lead', team: null }, null)).toBe(true);
    // Below lead, and an administrator by default (TIER_POLICY), never.
    expect(mayDirectAgent({ tier: 'senior', team: '一组' }, '一组')).toBe(false);
    expect(mayDirectAgent({ tier: 'admin', team: null }, '一组')).toBe(false);
  });

  it('a team name is trimmed, 1–40 characters, without control characters', () => {
    expect(isTeamName('信用卡一组')).toBe(true);
    expect(isTeamName('组'.repeat(40))).toBe(true);
    expect(isTeamName('组'.repeat(41))).toBe(false);
    expect(isTeamName('')).toBe(false);
    expect(isTeamName(' 一组')).toBe(false);
    // Reserved: `all` is every team in a filter, `team` the queue of desks without one.
    expect(isTeamName('all')).toBe(false);
    expect(isTeamName('team')).toBe(false);
    expect(isTeamName('一\t组')).toBe(false);
    expect(isTeamName('一\u0085组')).toBe(false);
  });
});
