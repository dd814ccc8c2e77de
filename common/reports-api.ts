// The Chapter 7 figures as the records service answers them (Art. 22–24, 26): indicators per
// centre, team and agent for a month with its days, and the monthly assessment frozen at the
// month's close. One shape for the live month and a frozen one, so the console, the CSV and the
// PDF read the same numbers. Shares carry their counts: a figure over nothing is null ("no
// data"), not 0 %.
import { z } from 'zod';
import { Timestamp } from './api-primitives.js';
import { BUSINESS_TYPES } from './policy/business.js';

/** `YYYY-MM`, a month in the call centre's time zone, from 2000 (no record is older). */
export const Month = z.string().regex(/^2\d{3}-(0[1-9]|1[0-2])$/, 'YYYY-MM, from 2000');
/** `YYYY-MM-DD`, a day in the call centre's time zone. */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** A share with its counts (common/policy/indicators.ts `Share`); `below` against its target. */
export const KpiShare = z
  .object({
    value: z.number().min(0).max(1).nullable(),
    hits: z.number().int().min(0),
    of: z.number().int().min(0),
    below: z.boolean(),
  })
  .strict();
export type KpiShare = z.infer<typeof KpiShare>;

const Count = z.number().int().min(0);
const Ms = z.number().min(0);

export const VerifyTimes = z.object({ p50: Ms, p90: Ms, n: Count }).strict();

/** Handling efficiency (Art. 22): time to verify by business type, handle time, calls an hour. */
export const Efficiency = z
  .object({
    /** Calls handled (verification sessions that reached an end). */
    calls: Count,
    verified: Count,
    timeToVerify: z.partialRecord(z.enum(BUSINESS_TYPES), VerifyTimes),
    averageHandleMs: Ms.nullable(),
    callsPerHour: z.number().min(0).nullable(),
  })
  .strict();

/** Risk control (Art. 22): what was caught and what was attempted. */
export const Risk = z
  .object({
    fraudSuspected: Count,
    fraudConfirmed: Count,
    overPermission: Count,
    exceptions: Count,
    locks: Count,
  })
  .strict();

/** Workload (Art. 26): time on calls and on breaks, time available. */
export const Workload = z.object({ talkMs: Ms, breakMs: Ms, availableMs: Ms }).strict();

export const IndicatorSet = z
  .object({
    accuracy: KpiShare,
    satisfaction: KpiShare.extend({ declined: Count, noAnswer: Count }),
    efficiency: Efficiency,
    risk: Risk,
    workload: Workload,
  })
  .strict();
export type IndicatorSet = z.infer<typeof IndicatorSet>;

export const AgentIndicators = IndicatorSet.extend({
  username: z.string(),
  name: z.string(),
  team: z.string().nullable(),
}).strict();
export type AgentIndicators = z.infer<typeof AgentIndicators>;

export const TeamIndicators = IndicatorSet.extend({ team: z.string().nullable() }).strict();

/** One day of the centre (or the chosen team): the trend lines. */
export const DayIndicators = z
  .object({
    day: Day,
    accuracy: KpiShare,
    satisfaction: KpiShare,
    calls: Count,
    averageHandleMs: Ms.nullable(),
    fraudSuspected: Count,
  })
  .strict();

export const Targets = z
  .object({ accuracy: z.number().min(0).max(1), satisfaction: z.number().min(0).max(1) })
  .strict();

export const IndicatorsQuery = z
  .object({ month: Month.optional(), team: z.string().min(1).max(64).optional() })
  .strict();

/** `GET /api/v1/indicators?month=&team=`: the month so far (or a past one, computed). */
export const MonthIndicators = z
  .object({
    month: Month,
    from: Timestamp,
    to: Timestamp,
    /** Which team the figures are of; null = the whole centre. */
    team: z.string().nullable(),
    teams: z.array(z.string()),
    targets: Targets,
    centre: IndicatorSet,
    byTeam: z.array(TeamIndicators),
    agents: z.array(AgentIndicators),
    days: z.array(DayIndicators),
    /** Set when the month is closed: the figures are the frozen report's. */
    closedAt: Timestamp.nullable(),
  })
  .strict()
  .meta({ id: 'MonthIndicators' });
export type MonthIndicators = z.infer<typeof MonthIndicators>;

export const INDICATOR_NAMES = ['accuracy', 'satisfaction'] as const;

/** The monthly assessment (Art. 23, 24): frozen at the close, never rewritten. */
export const MonthReport = z
  .object({
    month: Month,
    closedAt: Timestamp,
    /** The instance that closed it (audit), e.g. its host and pid. */
    closedBy: z.string(),
    indicators: MonthIndicators,
    complaints: z.object({
      total: Count,
      categories: z.array(z.object({ category: z.string(), total: Count }).strict()),
    }),
    belowTarget: z.array(
      z
        .object({
          username: z.string(),
          name: z.string(),
          team: z.string().nullable(),
          indicators: z.array(z.enum(INDICATOR_NAMES)).min(1),
        })
        .strict(),
    ),
    /** Art. 24: the best by accuracy then satisfaction, and those whose checks caught fraud. */
    commendations: z
      .object({
        best: z.array(
          z
            .object({ username: z.string(), name: z.string(), team: z.string().nullable() })
            .strict(),
        ),
        riskCatches: z.array(
          z
            .object({
              username: z.string(),
              name: z.string(),
              team: z.string().nullable(),
              fraudConfirmed: Count,
              fraudSuspected: Count,
            })
            .strict(),
        ),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'MonthReport' });
export type MonthReport = z.infer<typeof MonthReport>;

/** `GET /api/v1/reports`: the closed months, newest first. */
export const MonthReportList = z
  .object({
    months: z.array(z.object({ month: Month, closedAt: Timestamp }).strict()),
  })
  .strict();
export type MonthReportList = z.infer<typeof MonthReportList>;
