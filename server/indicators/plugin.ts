// `GET /api/v1/indicators` (Art. 22, 26): a month's indicators for leads and administrators, of
// the lead's own team by default, another team or `all`. Settled days come from the rollups, which
// every instance also keeps current on a timer (idempotent, locked per day in PostgreSQL), so the
// dashboard never pays for a whole month's scan. A closed month answers as frozen (./frozen.ts).
import { IndicatorsQuery, MonthIndicators } from '../../common/reports-api.js';
import { FLOOR_POLICY, mayApprove } from '../../common/policy.js';
import { monthOf } from '../../common/policy/complaints.js';
import { INDICATOR_TARGETS, type IndicatorTargets } from '../../common/policy/indicators.js';
import { AppError } from '../../common/result.js';
import { raiseAlert } from '../alerts/repository.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import type { FloorOptions } from '../floor/plugin.js';
import { viewedTeam } from '../floor/teams.js';
import { readReport } from '../assessment/repository.js';
import { monthIndicators } from './compute.js';
import { frozenView } from './frozen.js';
import { rollUpMonth } from './rollup.js';

export interface AssessmentOptions {
  /** Art. 22 targets of the records service's policy; default INDICATOR_TARGETS (99 %, 90 %). */
  targets?: Partial<IndicatorTargets>;
  /** How often each instance rolls up settled days (ms); 0: only when a month is read. */
  rollupEveryMs?: number;
}

const ROLLUP_EVERY_MS = 10 * 60 * 1000;

/** The month before `month` (`YYYY-MM`). */
const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

export async function indicatorsPlugin(
  api: Api,
  deps: RouteDeps & FloorOptions & { assessment?: AssessmentOptions | undefined },
): Promise<void> {
  const timeZone = deps.floor?.timeZone ?? FLOOR_POLICY.timeZone;
  const targets: IndicatorTargets = { ...INDICATOR_TARGETS, ...deps.assessment?.targets };
  const every = deps.assessment?.rollupEveryMs ?? ROLLUP_EVERY_MS;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  if (every > 0) {
    api.addHook('onReady', async () => {
      timer = setInterval(() => {
        if (running) return;
        running = true;
        const now = deps.now();
        const month = monthOf(now.getTime(), timeZone);
        rollUpMonth(deps.db, previousMonth(month), now, timeZone)
          .then(() => rollUpMonth(deps.db, month, now, timeZone))
          .catch((error: unknown) => deps.logger?.warn({ err: error }, 'indicator rollup failed'))
          .finally(() => (running = false));
      }, every);
      timer.unref();
    });
    api.addHook('preClose', async () => clearInterval(timer));
  }

  api.get(
    '/api/v1/indicators',
    {
      schema: {
        summary:
          "A month's indicators (Art. 22, 26) for the centre (or one team), each team, each agent by name and each day: accuracy (reviews), satisfaction (keypad ratings 4–5 / rated), time to verify p50/p90 by business type, average handle time, calls per hour, risk control, workload; a share below the policy's target has `below`. Training calls never count. `month`: YYYY-MM in the centre's time zone, default this month; `team`: one team or `all`, absent → the viewer's own (all for one in none); leads and administrators only",
        tags: ['assessment'],
        security: BEARER,
        querystring: IndicatorsQuery,
        response: { 200: MonthIndicators, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      const { agent } = await deps.requireAgent(request);
      const now = deps.now();
      if (!mayApprove(agent.tier) && agent.tier !== 'admin') {
        await raiseAlert(deps.db, {
          kind: 'over-permission',
          at: now,
          agentUsername: agent.username,
          reasons: ['view-indicators'],
          details: { tier: agent.tier, action: 'view-indicators' },
        });
        throw new AppError('forbidden', 'team leads and administrators only (Art. 10)');
      }
      const month = request.query.month ?? monthOf(now.getTime(), timeZone);
      const team = await viewedTeam(deps.db, agent, request.query.team);
      const frozen = await readReport(deps.db, month);
      if (frozen) return frozenView(frozen.indicators, team);
      // Each missing settled day in its own locked transaction, then the sums (no day rescanned).
      await rollUpMonth(deps.db, month, now, timeZone);
      return monthIndicators(deps.db, month, {
        team,
        targets,
        timeZone,
        now,
        percentiles: 'histogram',
      });
    },
  );
}
