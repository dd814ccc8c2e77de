// The monthly assessment over HTTP (Art. 23, 24): the closed months, one frozen report, its CSV
// for Excel, and an administrator's "close it now". Leads and administrators read; anyone else's
// attempt is refused and recorded (Art. 10). Each instance closes every ended month on start and
// then hourly (./close.ts): the lock and the report's key, not this process, decide who closes.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AgentProfile } from '../../common/domain.js';
import type { GuardedAction } from '../../common/policy/alert-codes.js';
import { mayApprove } from '../../common/policy/tiers.js';
import { Month, MonthReport, MonthReportList } from '../../common/reports-api.js';
import { AppError } from '../../common/result.js';
import type { Tier } from '../../common/values.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import { inTransaction, overPermission } from '../permissions.js';
import {
  closeEndedMonths,
  closeMonth,
  draftReport,
  defaultClosedBy,
  type CloseDeps,
  type MonthIndicatorsFn,
} from './close.js';
import { ALL_TEAMS } from '../../common/policy/teams.js';
import { teamReport } from '../indicators/frozen.js';
import { csvDisposition, reportCsv } from './csv.js';
import { listReports, readReport } from './repository.js';

export interface AssessmentOptions extends Partial<Omit<CloseDeps, 'now' | 'indicators'>> {
  /**
   * The month's indicators (server/indicators/compute.ts). Without it nothing is closed: the
   * scheduler does not run and POST …/close answers 503; frozen reports are still served.
   */
  indicators?: MonthIndicatorsFn;
  /** Close ended months at start and then this often (start.ts: hourly); none when absent. */
  closeEveryMs?: number;
}

const MonthParams = z.object({ month: Month }).strict();
/** `team`: one team's view (its figures, its agents); absent or `all`: the whole centre. */
const CsvQuery = z
  .object({
    lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
    team: z.string().min(1).max(64).optional(),
  })
  .strict();

/** Art. 23: the assessment is for those who run the floor and the system. */
const mayRead = (tier: Tier) => mayApprove(tier) || tier === 'admin';
/** Closing ahead of the scheduler is system administration. */
const mayClose = (tier: Tier) => tier === 'admin';

/** The signed-in agent when `allowed`; otherwise the attempt is recorded and 403 answered. */
async function permitted(
  deps: RouteDeps,
  request: FastifyRequest,
  action: GuardedAction,
  allowed: (tier: Tier) => boolean,
  message: string,
): Promise<AgentProfile> {
  const { agent } = await deps.requireAgent(request);
  if (allowed(agent.tier)) return agent;
  return inTransaction<never>(deps.db, (tx) =>
    overPermission(tx, deps.now(), agent, action, message),
  );
}

const READ_REFUSED = 'only leads and administrators may read the monthly assessment (Art. 23)';

/** A close pass at start and every `closeEveryMs`, unref'd; stopped (and awaited) on close. */
function scheduleCloses(api: Api, deps: RouteDeps & AssessmentOptions): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const runOnce = () => {
    const indicators = deps.indicators;
    if (!indicators || running) return;
    running = closeEndedMonths(deps.db, { ...deps, indicators })
      .then((run) => {
        if (run.closed.length > 0) deps.logger?.info({ months: run.closed }, 'months closed');
        for (const { month, error } of run.failed)
          deps.logger?.error({ err: error, month }, 'month close failed; retried next pass');
      })
      .catch((err: unknown) => deps.logger?.error({ err }, 'month close pass failed'))
      .finally(() => (running = undefined));
  };
  api.addHook('onReady', async () => {
    if (!deps.closeEveryMs || !deps.indicators) return;
    runOnce();
    timer = setInterval(runOnce, deps.closeEveryMs);
    timer.unref();
  });
  // A pass in flight finishes (or fails and rolls back) before the database closes.
  api.addHook('preClose', async () => {
    clearInterval(timer);
    await running;
  });
}

export async function assessmentPlugin(
  api: Api,
  deps: RouteDeps & AssessmentOptions,
): Promise<void> {
  scheduleCloses(api, deps);

  api.get(
    '/api/v1/reports',
    {
      schema: {
        summary: 'The closed months, newest first (Art. 23); leads and administrators',
        tags: ['reports'],
        security: BEARER,
        response: { 200: MonthReportList, ...errorResponses('unauthorized', 'forbidden') },
      },
    },
    async (request) => {
      await permitted(deps, request, 'read-month-reports', mayRead, READ_REFUSED);
      return listReports(deps.db);
    },
  );

  api.get(
    '/api/v1/reports/:month',
    {
      schema: {
        summary: "A closed month's assessment exactly as frozen at its close (Art. 23, 24)",
        tags: ['reports'],
        security: BEARER,
        params: MonthParams,
        response: {
          200: MonthReport,
          ...errorResponses('unauthorized', 'forbidden', 'not-found'),
        },
      },
    },
    async (request) => {
      await permitted(deps, request, 'read-month-reports', mayRead, READ_REFUSED);
      const report = await readReport(deps.db, request.params.month);
      if (!report) throw new AppError('not-found', `${request.params.month} is not closed yet`);
      return report;
    },
  );

  api.get(
    '/api/v1/reports/:month/csv',
    {
      schema: {
        summary:
          'A month as CSV for Excel: UTF-8 with BOM, CRLF, formulas escaped, headings in `lang` ' +
          '(zh-CN by default). A closed month: the frozen report’s figures; a month not closed ' +
          'yet: its figures so far, marked as of now; not-found before the month begins',
        tags: ['reports'],
        security: BEARER,
        params: MonthParams,
        querystring: CsvQuery,
        response: {
          200: {
            description: 'The report as CSV (UTF-8 with a BOM), an attachment',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...errorResponses('unauthorized', 'forbidden', 'not-found'),
        },
      },
    },
    async (request, reply) => {
      await permitted(deps, request, 'read-month-reports', mayRead, READ_REFUSED);
      const { month } = request.params;
      const frozen = await readReport(deps.db, month);
      // A month not closed yet: as it stands now, said so in the file (nothing stored).
      if (!frozen && !deps.indicators)
        throw new AppError('not-found', `${month} is not closed yet`);
      const report =
        frozen ?? (await draftReport(deps.db, month, { ...deps, indicators: deps.indicators! }));
      const { lang, team } = request.query;
      const scope = team === undefined || team === ALL_TEAMS ? null : team;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', csvDisposition(month, lang))
        .send(reportCsv(teamReport(report, scope), lang, !frozen, scope));
    },
  );

  api.post(
    '/api/v1/reports/:month/close',
    {
      schema: {
        summary:
          'Close an ended month now (administrators): answers its frozen report, the existing ' +
          'one when it was already closed; 409 when the month has not ended or is being closed',
        tags: ['reports'],
        security: BEARER,
        params: MonthParams,
        response: {
          200: MonthReport,
          ...errorResponses('unauthorized', 'forbidden', 'conflict', 'unavailable'),
        },
      },
    },
    async (request) => {
      const admin = await permitted(
        deps,
        request,
        'close-month',
        mayClose,
        'only an administrator may close a month ahead of the schedule; the attempt was recorded',
      );
      if (!deps.indicators)
        throw new AppError('unavailable', 'the month close is not configured on this service');
      const { month } = request.params;
      const outcome = await closeMonth(deps.db, month, {
        ...deps,
        indicators: deps.indicators,
        closedBy: `${deps.closedBy ?? defaultClosedBy()} (${admin.username})`.slice(0, 200),
      });
      if (outcome.status === 'not-ended') throw new AppError('conflict', `${month} has not ended`);
      if (outcome.status === 'busy')
        throw new AppError('conflict', `${month} is being closed by another instance; try again`);
      return outcome.report;
    },
  );
}
