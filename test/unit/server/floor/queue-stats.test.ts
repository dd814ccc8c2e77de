// Today's queue figures as a pure function: the service level counts abandoned and missed calls
// against it, leaves waiting ones out, and a call without an outcome for an hour is not waiting.
import { describe, expect, it } from 'vitest';
import { queueStats, STALE_WAIT_MS } from '../../../../server/queue-stats/stats.js';

const T = Date.parse('2026-03-02T01:00:00.000Z'); // 09:00 in Shanghai
const d = (ms: number) => new Date(T + ms);

describe('queueStats', () => {
  it('tallies by hour of arrival with the threshold', () => {
    const stats = queueStats(
      [
        { arrived_at: d(0), answered_at: d(20_000), ended_at: d(20_000), outcome: 'answered' },
        { arrived_at: d(3_600_000), answered_at: null, ended_at: d(3_610_000), outcome: 'missed' },
        { arrived_at: d(3_700_000), answered_at: null, ended_at: null, outcome: null },
        { arrived_at: d(-STALE_WAIT_MS * 2), answered_at: null, ended_at: null, outcome: null },
      ],
      d(3_730_000),
      20_000,
      'Asia/Shanghai',
    );
    expect(stats).toMatchObject({
      offered: 4,
      answered: 1,
      missed: 1,
      waiting: 1,
      longestWaitNowMs: 30_000,
      averageAnswerMs: 20_000,
      serviceLevel: 0.5,
    });
    expect(stats.hours.map((h) => [h.hour, h.offered, h.serviceLevel])).toEqual([
      [7, 1, null],
      [9, 1, 1],
      [10, 2, 0],
    ]);
  });

  it('answers nulls on an empty day', () => {
    expect(queueStats([], d(0), 20_000, 'UTC')).toMatchObject({
      offered: 0,
      longestWaitNowMs: null,
      longestWaitTodayMs: null,
      averageAnswerMs: null,
      serviceLevel: null,
      hours: [],
    });
  });
});
