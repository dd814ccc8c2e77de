// The SQL of the call-back migrations 0005 and 0008 (server/migrations.ts), kept here for size:
// closing a call-back, and the exception procedure's follow-up cases. Like every migration they
// have shipped once applied and are never edited — change the schema with a new migration.

/** 0005: who closed a call-back, when, how, and a note (Art. 12). */
export const CALLBACK_CLOSING_SQL = `
      alter table callbacks add column closed_at timestamptz;
      alter table callbacks add column closed_by text;
      alter table callbacks add column close_note text;
      alter table callbacks add constraint callbacks_closed_check
        check ((status = 'open') = (closed_at is null) and (closed_at is null) = (closed_by is null));
    `;

/** 0008: the exception procedure's follow-up case in the call-back queue (Art. 5(2)). */
export const EXCEPTION_FOLLOW_UPS_SQL = `
      alter table callbacks alter column entry_id drop not null;
      alter table callbacks alter column device_id drop not null;
      alter table callbacks add column kind text not null default 'outage'
        check (kind in ('outage', 'exception'));
      alter table callbacks add column session_id uuid unique references verification_sessions (id);
      alter table callbacks add constraint callbacks_kind_fields_check check (
        (kind = 'outage' and entry_id is not null and device_id is not null)
        or (kind = 'exception' and session_id is not null and customer_id is not null));
    `;
