// The lead's reports room (Art. 22–24) in main: each channel one call to the records service with
// the signed-in lead's token (the service refuses anyone below lead and records the attempt,
// Art. 10), and the PDF, which only the Electron shell can print (it hands `printPdf` in).
import { z } from 'zod';
import { AppError } from '../../common/result.js';
import { MonthIndicators, MonthReport, MonthReportList } from '../../common/reports-api.js';
import type { Handlers } from './dispatcher.js';
import type { RecordsHttp } from './records-http.js';

type Channels =
  'reports:indicators' | 'reports:months' | 'reports:report' | 'reports:csv' | 'reports:pdf';

/** The records client's lines for the reports room (spread into createRecordsClient). */
export interface LeadReportsRecords {
  monthIndicators(token: string, month?: string, team?: string): Promise<MonthIndicators>;
  reportMonths(token: string): Promise<MonthReportList>;
  monthReport(token: string, month: string): Promise<MonthReport>;
  reportCsv(
    token: string,
    month: string,
    lang: 'zh-CN' | 'en',
    team?: string,
  ): Promise<{ text: string; filename: string | null }>;
}

export function leadReportsRecords(http: Pick<RecordsHttp, 'request' | 'download'>) {
  const records: LeadReportsRecords = {
    monthIndicators: (token, month, team) => {
      const query = new URLSearchParams({
        ...(month ? { month } : {}),
        ...(team ? { team } : {}),
      }).toString();
      return http.request('GET', `/api/v1/indicators${query ? `?${query}` : ''}`, MonthIndicators, {
        token,
      });
    },
    reportMonths: (token) => http.request('GET', '/api/v1/reports', MonthReportList, { token }),
    monthReport: (token, month) =>
      http.request('GET', `/api/v1/reports/${encodeURIComponent(month)}`, MonthReport, { token }),
    reportCsv: (token, month, lang, team) => {
      const query = new URLSearchParams({ lang, ...(team ? { team } : {}) }).toString();
      return http.download(
        `/api/v1/reports/${encodeURIComponent(month)}/csv?${query}`,
        'text/csv',
        {
          token,
        },
      );
    },
  };
  return records;
}

/** Prints the window that asked (a CallContext sender) to PDF and saves it; Electron only. */
export type PrintPdf = (sender: string, suggestedName: string) => Promise<{ saved: boolean }>;

export interface LeadReportsOptions {
  records: LeadReportsRecords;
  session: () => { token: string } | null;
  printPdf?: PrintPdf;
}

const BOM = '\uFEFF';
/** A plain file name (letters of any script, digits, `.`, `_`, `-`): no path, no control. */
const Filename = z.string().regex(/^[\p{L}\p{N}._-]{1,120}$/u);

export function leadReportsHandlers(options: LeadReportsOptions): Pick<Handlers, Channels> {
  const { records, printPdf } = options;
  const token = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current.token;
  };
  return {
    'reports:indicators': ({ month, team }) => records.monthIndicators(token(), month, team),
    'reports:months': () => records.reportMonths(token()),
    'reports:report': ({ month }) => records.monthReport(token(), month),
    'reports:csv': async ({ month, lang, team }) => {
      const { text, filename } = await records.reportCsv(token(), month, lang, team);
      const named = Filename.safeParse(filename);
      return {
        filename: named.success ? named.data : `agent-desk-report-${month}.csv`,
        // fetch's text() drops the byte-order mark Excel needs to read UTF-8: put it back.
        csv: text.startsWith(BOM) ? text : BOM + text,
      };
    },
    'reports:pdf': async ({ month }, ctx) => {
      token();
      if (ctx.host !== 'electron' || !printPdf)
        throw new AppError('bad-request', "print the report with the browser's print dialog");
      return printPdf(ctx.sender, `agent-desk-report-${month}.pdf`);
    },
  };
}
