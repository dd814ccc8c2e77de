// Hand-made month figures for the reports room's tests: every number chosen, so a test can say
// exactly what the screen must write.
import type {
  AgentIndicators,
  IndicatorSet,
  MonthIndicators,
} from '../../../../common/reports-api.js';

const share = (hits: number, of: number, target: number) => ({
  value: of === 0 ? null : hits / of,
  hits,
  of,
  below: of > 0 && hits / of < target,
});

export function indicatorSet(o: {
  reviewed?: [number, number];
  rated?: [number, number];
  calls?: number;
  handleMs?: number | null;
  fraud?: number;
}): IndicatorSet {
  const [accHits, accOf] = o.reviewed ?? [0, 0];
  const [satHits, satOf] = o.rated ?? [0, 0];
  return {
    accuracy: share(accHits, accOf, 0.99),
    satisfaction: { ...share(satHits, satOf, 0.9), declined: 1, noAnswer: 2 },
    efficiency: {
      calls: o.calls ?? 0,
      verified: o.calls ?? 0,
      timeToVerify: o.calls ? { 'fund-transfer': { p50: 48_400, p90: 95_000, n: o.calls } } : {},
      averageHandleMs: o.handleMs ?? null,
      callsPerHour: o.calls ? 7.25 : null,
    },
    risk: {
      fraudSuspected: o.fraud ?? 0,
      fraudConfirmed: 1,
      overPermission: 2,
      exceptions: 0,
      locks: 1,
    },
    workload: { talkMs: 3_600_000, breakMs: 900_000, availableMs: 7_200_000 },
  };
}

export const agentFigures = (
  username: string,
  name: string,
  set: IndicatorSet,
  team: string | null = 'A组',
): AgentIndicators => ({ ...set, username, name, team });

export function monthFigures(overrides: Partial<MonthIndicators> = {}): MonthIndicators {
  const centre = indicatorSet({
    reviewed: [197, 200],
    rated: [46, 50],
    calls: 300,
    handleMs: 312_000,
    fraud: 3,
  });
  return {
    month: '2026-10',
    from: '2026-09-30T16:00:00.000Z',
    to: '2026-10-31T16:00:00.000Z',
    team: null,
    teams: ['A组', 'B组'],
    targets: { accuracy: 0.99, satisfaction: 0.9 },
    centre,
    byTeam: [{ ...centre, team: 'A组' }],
    agents: [
      agentFigures(
        'agent01',
        '张伟',
        indicatorSet({ reviewed: [99, 100], rated: [20, 20], calls: 150, handleMs: 300_000 }),
      ),
      agentFigures(
        'agent02',
        '李娜',
        indicatorSet({
          reviewed: [98, 100],
          rated: [26, 30],
          calls: 150,
          handleMs: 324_000,
          fraud: 3,
        }),
      ),
      agentFigures('agent03', '王芳', indicatorSet({}), null),
    ],
    days: [
      {
        day: '2026-10-01',
        accuracy: share(99, 100, 0.99),
        satisfaction: share(20, 22, 0.9),
        calls: 150,
        averageHandleMs: 300_000,
        fraudSuspected: 1,
      },
      {
        day: '2026-10-02',
        accuracy: share(98, 100, 0.99),
        satisfaction: share(26, 28, 0.9),
        calls: 150,
        averageHandleMs: 324_000,
        fraudSuspected: 2,
      },
    ],
    closedAt: null,
    ...overrides,
  };
}
