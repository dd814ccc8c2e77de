// The frozen monthly reports as stored (Art. 23): read only. The close (./close.ts) is their one
// writer; the table refuses any change to a report once inserted (./schema.ts).
import type { MonthReport, MonthReportList } from '../../common/reports-api.js';
import type { Queryable } from '../db.js';

/** The report of `month` (`YYYY-MM`) exactly as frozen, or null when it is not closed. */
export async function readReport(db: Queryable, month: string): Promise<MonthReport | null> {
  const { rows } = await db.query<{ report: MonthReport }>(
    `select report from month_reports where month = to_date($1, 'YYYY-MM')`,
    [month],
  );
  return rows[0]?.report ?? null;
}

/** The closed months, newest first. */
export async function listReports(db: Queryable): Promise<MonthReportList> {
  const { rows } = await db.query<{ month: string; closed_at: Date }>(
    `select to_char(month, 'YYYY-MM') as month, closed_at from month_reports order by month desc`,
  );
  return {
    months: rows.map((r) => ({ month: r.month, closedAt: new Date(r.closed_at).toISOString() })),
  };
}
