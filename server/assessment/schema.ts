// The SQL of migration 0022 (server/migrations.ts): the monthly assessment, frozen at the close
// (Art. 23, 24). Like every migration it has shipped once applied and is never edited — change
// the schema with a new migration.

/**
 * 0022: one row per closed month. The row is the closure: it is inserted with its report in the
 * transaction that computed it, so "closed" and "has a report" can never disagree, and its primary
 * key is the last guard against a second close (a concurrent insert waits, then conflicts).
 */
export const MONTH_CLOSE_SQL = `
      create table month_reports (
        -- The month's first day (the month in the call centre's time zone).
        month date primary key check (extract(day from month) = 1),
        report jsonb not null check (jsonb_typeof(report) = 'object' and report->>'month' = to_char(month, 'YYYY-MM')),
        closed_at timestamptz not null,
        -- The instance that closed it (host and pid), for audit.
        closed_by text not null check (length(closed_by) between 1 and 200)
      );

      -- Frozen: a report is never rewritten (Art. 23); removed only after the archive's retention
      -- (Art. 11), like the archived records it was computed from.
      create or replace function month_report_refuse_update() returns trigger language plpgsql as $$
      begin
        raise exception 'the report of % is frozen at its close: UPDATE refused', old.month
          using errcode = 'P0001';
      end $$;
      create trigger month_reports_frozen before update on month_reports
        for each row execute function month_report_refuse_update();
      create trigger month_reports_retention before delete on month_reports
        for each row execute function archive_refuse_change('closed_at');
      create trigger month_reports_retention_truncate before truncate on month_reports
        for each statement execute function archive_refuse_change('closed_at');
`;
