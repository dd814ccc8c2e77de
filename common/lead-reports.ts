// The lead console's reports room (Art. 22–24), renderer ↔ main: a month's indicators (live, or
// the frozen report's once closed), the closed months, one frozen report, and its exports — the
// CSV as the records service writes it (the same bytes in both hosts) and, under Electron, a PDF
// of the room printed by main (the web host prints with the browser's own dialog).
import { z } from 'zod';
import {
  IndicatorsQuery,
  Month,
  MonthIndicators,
  MonthReport,
  MonthReportList,
} from './reports-api.js';

/** `team`: the team shown (its figures and agents); absent: the whole centre. */
export const ReportCsvRequest = z
  .object({
    month: Month,
    lang: z.enum(['zh-CN', 'en']),
    team: z.string().min(1).max(64).optional(),
  })
  .strict();
export const ReportCsv = z
  .object({
    /** The name to save it under, e.g. `agent-desk-report-2026-10.csv`. */
    filename: z.string().min(1).max(120),
    /** The file's text: UTF-8 with a byte-order mark, CRLF line ends (Excel). */
    csv: z.string(),
  })
  .strict();
export type ReportCsv = z.infer<typeof ReportCsv>;

export const ReportPdfRequest = z.object({ month: Month }).strict();
/** `saved`: false when the lead cancelled the save dialog. */
export const ReportPdf = z.object({ saved: z.boolean() }).strict();

export const leadReportsContract = {
  /** Team leads: a month's indicators per centre, team, agent and day (this month by default). */
  'reports:indicators': { request: IndicatorsQuery, response: MonthIndicators },
  /** The closed months, newest first. */
  'reports:months': { request: z.object({}).strict(), response: MonthReportList },
  /** A closed month's assessment as frozen (Art. 23); not-found while the month is open. */
  'reports:report': { request: z.object({ month: Month }).strict(), response: MonthReport },
  /** The month's report as CSV for Excel, headings in the lead's language. */
  'reports:csv': { request: ReportCsvRequest, response: ReportCsv },
  /**
   * Electron: prints the window showing the report to PDF (A4) and asks where to save it. The web
   * host answers `bad-request`: the browser's print dialog does it there.
   */
  'reports:pdf': { request: ReportPdfRequest, response: ReportPdf },
} as const;

export type { MonthIndicators, MonthReport, MonthReportList };
