// The floor's pure rules (Art. 26): offline from the last report, the no-break warning, the call
// centre's day and hour, and the desk report's schema (masked numbers only, reason with not-ready).
import { describe, expect, it } from 'vitest';
import { DeskReport, MaskedNumber } from '../../../../common/floor-api.js';
import {
  FLOOR_POLICY,
  floorState,
  hourOf,
  startOfDay,
  workloadWarnings,
} from '../../../../common/policy.js';

describe('floor policy', () => {
  it('a desk is offline once its last report is older than the limit; signed out stays so', () => {
    const limit = FLOOR_POLICY.offlineAfterMs;
    expect(floorState('ready', 0, limit)).toBe('ready');
    expect(floorState('on-call', 0, limit + 1)).toBe('offline');
    expect(floorState('signed-out', 0, limit * 10)).toBe('signed-out');
    // Heartbeat every 10 s: a desk dying right after one is offline within 30 s, sweep included.
    expect(limit + FLOOR_POLICY.offlineSweepMs).toBeLessThanOrEqual(30_000);
  });

  it('warns after two hours without a break, only while working', () => {
    const twoHours = 2 * 3_600_000;
    expect(workloadWarnings('ready', twoHours - 1)).toEqual([]);
    expect(workloadWarnings('on-call', twoHours)).toEqual(['no-break']);
    for (const state of ['break', 'offline', 'signed-out'] as const)
      expect(workloadWarnings(state, twoHours * 2)).toEqual([]);
    expect(workloadWarnings('ready', null)).toEqual([]);
  });

  it("today and the hour are the call centre's (Asia/Shanghai by default)", () => {
    const t = Date.parse('2026-03-02T01:30:15.250Z'); // 09:30 in Shanghai
    expect(new Date(startOfDay(t)).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(hourOf(t)).toBe(9);
    expect(new Date(startOfDay(t, 'UTC')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(hourOf(t, 'UTC')).toBe(1);
  });

  it('a desk report carries masked numbers only and a reason exactly with not-ready', () => {
    expect(MaskedNumber.safeParse('138****5678').success).toBe(true);
    expect(MaskedNumber.safeParse('010*****34').success).toBe(true);
    expect(MaskedNumber.safeParse('13812345678').success).toBe(false);
    expect(MaskedNumber.safeParse('138123*45678').success).toBe(false);
    const base = { deviceId: 'd', connectivity: 'online', backlog: 0 };
    expect(DeskReport.safeParse({ ...base, state: 'not-ready', reason: 'meeting' }).success).toBe(
      true,
    );
    expect(DeskReport.safeParse({ ...base, state: 'not-ready' }).success).toBe(false);
    expect(DeskReport.safeParse({ ...base, state: 'break', reason: 'meeting' }).success).toBe(
      false,
    );
  });
});
