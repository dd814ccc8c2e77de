// Floor agents and queue figures for the floor and queues rooms' tests: synthetic names, masked
// callers only.
import type { FloorAgent, FloorResponse, QueueStats } from '../../../../common/floor-api.js';
import { floorCounts } from '../../../../common/floor-counts.js';

export const T0 = Date.parse('2026-03-02T02:00:00.000Z');
export const iso = (ms: number) => new Date(T0 + ms).toISOString();

export function floorAgent(username: string, patch: Partial<FloorAgent> = {}): FloorAgent {
  return {
    username,
    name: { agent01: '张伟', senior01: '李强', agent02: '赵敏' }[username] ?? username,
    team: '信用卡一组',
    state: 'ready',
    reason: null,
    since: iso(-90_000),
    lastSeenAt: iso(-2_000),
    call: null,
    connectivity: 'online',
    backlog: 0,
    workload: { calls: 3, talkMs: 600_000, sinceBreakMs: 1_800_000 },
    warnings: [],
    ...patch,
  };
}

export const onCall = (username: string): FloorAgent =>
  floorAgent(username, {
    state: 'on-call',
    call: {
      callId: 'call-1',
      caller: '138****5678',
      businessType: 'fund-transfer',
      sessionId: null,
      step: 'password',
      awaitingApproval: true,
    },
    backlog: 4,
    connectivity: 'degraded',
  });

export const TEAMS = ['信用卡一组', '信用卡二组'];

export function floorOf(
  agents: FloorAgent[],
  at = T0,
  team: string | null = '信用卡一组',
): FloorResponse {
  return {
    at: new Date(at).toISOString(),
    counts: floorCounts(agents),
    agents,
    team,
    teams: TEAMS,
  };
}

export function queueStats(patch: Partial<QueueStats> = {}): QueueStats {
  return {
    at: iso(0),
    team: '信用卡一组',
    thresholdMs: 20_000,
    offered: 12,
    answered: 9,
    abandoned: 2,
    missed: 0,
    waiting: 1,
    longestWaitNowMs: 14_000,
    longestWaitTodayMs: 48_000,
    averageAnswerMs: 9_000,
    serviceLevel: 0.78,
    hours: [
      {
        hour: 9,
        offered: 7,
        answered: 5,
        abandoned: 2,
        missed: 0,
        answeredWithinThreshold: 4,
        serviceLevel: 0.57,
      },
      {
        hour: 10,
        offered: 5,
        answered: 4,
        abandoned: 0,
        missed: 0,
        answeredWithinThreshold: 4,
        serviceLevel: 1,
      },
    ],
    ...patch,
  };
}
