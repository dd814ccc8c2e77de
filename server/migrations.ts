// Ordered, append-only schema migrations. Each runs in its own transaction under an advisory lock,
// so two service instances starting together (or a restart) apply each migration exactly once.
// A migration that has shipped is never edited: change the schema with a new one.
import { ALERT_WORKFLOW_SQL, ALERTS_SQL, FRAUD_EMERGENCY_SQL } from './alerts/schema.js';
import { ARCHIVE_RETENTION_SQL } from './archive/schema.js';
import { AUTH_NOTIFY_SQL, INITIAL_SQL } from './auth/schema.js';
import { CALLBACK_CLOSING_SQL, EXCEPTION_FOLLOW_UPS_SQL } from './callbacks/schema.js';
import {
  COMPLAINT_ACTIONS_SQL,
  COMPLAINT_ANSWERS_AND_LOCK_LIFTS_SQL,
} from './complaints/schema.js';
import { CUSTOMER_LOOKUPS_SQL } from './customers/schema.js';
import type { Db } from './db.js';
import { FLOOR_HISTORY_BY_TIME_SQL, FLOOR_SQL } from './floor/schema.js';
import { DEVICES_SQL } from './devices/schema.js';
import { JOURNAL_ARCHIVE_SQL, JOURNAL_CHECKS_SQL } from './journal-archive/schema.js';
import { RATE_LIMITS_SQL } from './rate-limits/schema.js';
import { TEAMS_SQL } from './floor/teams-schema.js';
import { SURVEY_SQL } from './surveys/schema.js';
import { REVIEW_SQL } from './reviews/schema.js';
import { MONTH_CLOSE_SQL } from './assessment/schema.js';
import { INDICATORS_SQL } from './indicators/schema.js';
import { TRAINING_SQL } from './training/schema.js';
import {
  CALLBACK_ALTERNATIVE_SQL,
  CHECK_INDEXES_SQL,
  INTENT_CHANGE_SQL,
  VERIFICATION_SQL,
} from './verification/schema.js';

export interface Migration {
  /** Sortable and unique, e.g. `0001-initial`. */
  id: string;
  sql: string;
}

/** Arbitrary constant shared by every records-service instance; works on PGlite too. */
const MIGRATION_LOCK_KEY = 7_302_001;

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-initial',
    // CHECK constraints double as a last line of defence: a hash column cannot hold a clear ID
    // number or password even if a caller gets it wrong (Art. 11 confidentiality, Art. 15 at rest).
    sql: INITIAL_SQL,
  },
  {
    id: '0002-alerts',
    // What a supervisor must look at (Art. 10 over-permission, Art. 18 fraud, Art. 11 tampering,
    // Art. 6 lockouts). Raised in the same transaction as the event that caused it; never deleted.
    sql: ALERTS_SQL,
  },
  {
    id: '0003-verification',
    // The authoritative verification session (Art. 5–8, 10, 14, 18). Secrets never reach a column:
    // passcodes are stored as HMACs only, passwords and ID numbers are never stored by a check,
    // and the CHECKs refuse anything shaped otherwise (Art. 11, Art. 15; verification/schema.ts).
    sql: VERIFICATION_SQL,
  },
  {
    id: '0004-journal-archive',
    // The desktop journals archived centrally (Art. 11: accurate, complete, archived for lookup).
    // One row per (device, seq) — a replayed entry is a duplicate, never applied twice. Entries the
    // archive refused are kept in journal_rejects with the reason, so archive + rejects account for
    // every entry a device sent. The head is the last entry seen per device, locked while a batch
    // is ingested so two batches for one device never both append. Effects of entries (call-back
    // queue, complaints) are written in the same transaction as the entry.
    sql: JOURNAL_ARCHIVE_SQL,
  },
  {
    id: '0005-callback-closing',
    // A lead works the call-back queue (Art. 12): who closed a call-back, when, how, and a note.
    // A closed call-back carries all three; an open one none.
    sql: CALLBACK_CLOSING_SQL,
  },
  {
    id: '0006-complaint-answers-and-lock-lifts',
    // Art. 16: a lead answers and closes a complaint; a closed one carries who, when and the
    // answer, an open one none. Art. 6 with Art. 10: each password lock a lead lifts after the
    // reset procedure, with the reason, kept for audit; never lifted by an agent of the locking
    // call (checked by the service, recorded here).
    sql: COMPLAINT_ANSWERS_AND_LOCK_LIFTS_SQL,
  },
  {
    id: '0007-customer-lookups',
    // Every customer look-up by caller number (Art. 5, 11), audited like the checks: who, when,
    // the number masked as the read-back shows it, and how many customers it matched.
    sql: CUSTOMER_LOOKUPS_SQL,
  },
  {
    id: '0008-exception-follow-ups',
    // Art. 5(2): the exception procedure opens a follow-up case in the leads' call-back queue — a
    // lead calls the reserved mobile back. The records service opens it (no journal entry, no
    // device), once per session; an outage call-back still comes from its journal entry.
    sql: EXCEPTION_FOLLOW_UPS_SQL,
  },
  {
    id: '0009-intent-change',
    // Art. 4(2): the caller's business may change mid-call. The session keeps the password kinds
    // it proved before a change (Art. 6); each change is an event with its reason; a session may
    // ask a lead again for the new business (Art. 10), so approvals are one pending per session.
    sql: INTENT_CHANGE_SQL,
  },
  {
    id: '0010-fraud-emergency',
    // Art. 18: where the caller number came from (`pai` asserted by a trusted proxy, `from` the
    // From header; older sessions: nothing asserted them), and a fraud alert's emergency steps,
    // each once, with who and when (`done_by` null: the records service, at the suspension).
    sql: FRAUD_EMERGENCY_SQL,
  },
  {
    id: '0011-callback-alternative',
    // Art. 14: a customer who declines a step is recorded with what was offered (`decline`); the
    // call-back to the reserved mobile instead of the OTP records each dial and how it went. The
    // number itself is never stored here: it stays in `customers` (Art. 11).
    sql: CALLBACK_ALTERNATIVE_SQL,
  },
  {
    id: '0012-archive-retention',
    // Art. 11 look-up and retention (server/archive/): an auditor account reads the archive and
    // nothing else; every search is audited; archived rows younger than the retention (the
    // service's flag, newest setting wins) refuse DELETE and TRUNCATE, and the append-only ones
    // UPDATE too; seals hash-chain every archived row so a removal inside the period is provable.
    sql: ARCHIVE_RETENTION_SQL,
  },
  {
    id: '0013-floor',
    // Art. 10, 26: desk presence and its append-only state history (not sealed: staff
    // availability, not a call record; UPDATE and DELETE refused inside the retention all the
    // same), the queue's calls, and the push channel: alerts, approvals, call-backs, complaints
    // NOTIFY from triggers in the writing transaction (server/events/).
    sql: FLOOR_SQL,
  },
  {
    id: '0014-alert-workflow',
    // Art. 10, 11, 18: a lead acknowledges, assigns and resolves an alert; its state on the row
    // (which NOTIFYs alert.updated through its 0013 trigger), each action in the append-only,
    // sealed alert_actions (UPDATE, DELETE and TRUNCATE refused inside the retention).
    sql: ALERT_WORKFLOW_SQL,
  },
  {
    id: '0015-complaint-answers',
    // Art. 16: a lead assigns a complaint, answers it (what the customer was told and how) and
    // closes it; each action one append-only row with who and when, under retention and sealed
    // (Art. 11). The complaint's row moves open → answered → closed.
    sql: COMPLAINT_ACTIONS_SQL,
  },
  {
    id: '0016-rate-limits',
    // Rate limits (sign-in, checks, look-ups) counted in the database: instances behind one load
    // balancer share each client's budget (server/rate-limits/).
    sql: RATE_LIMITS_SQL,
  },
  {
    id: '0017-floor-history-by-time',
    // Art. 26: the floor's workload reads today's desk history by time, not by scanning it all.
    sql: FLOOR_HISTORY_BY_TIME_SQL,
  },
  {
    id: '0018-teams',
    // Art. 26: each account's team (leads too); the floor and the queue figures are a team's.
    sql: TEAMS_SQL,
  },
  {
    id: '0019-survey',
    // Art. 22: the keypad satisfaction survey; training sessions never count in an indicator.
    sql: SURVEY_SQL,
  },
  {
    id: '0020-review',
    // Art. 19, 22: sampled sessions reviewed step by step; verification accuracy comes from them.
    sql: REVIEW_SQL,
  },
  {
    id: '0021-indicators',
    // Art. 22, 26: the indicators' rollups per agent and settled day (server/indicators/), and
    // the indexes a day's sessions and a month's alerts are read by.
    sql: INDICATORS_SQL,
  },
  {
    id: '0022-month-close',
    // Art. 23, 24: each ended month closed once into a frozen report (server/assessment/); the
    // row is the closure, never updated, deleted only after the retention (Art. 11).
    sql: MONTH_CLOSE_SQL,
  },
  {
    id: '0023-training',
    // Art. 9: the training namespace (training customers live look-ups never see), the training
    // passcode outbox, the results (append-only) and the journal entries marked training.
    sql: TRAINING_SQL,
  },
  {
    id: '0024-devices',
    // Art. 11: each desk's signing key and sealed chain key; journal batches are refused from a
    // device that is unknown or revoked, badly signed, or rewritten on disk (server/devices/).
    sql: DEVICES_SQL,
  },
  {
    id: '0026-check-indexes',
    // A session's approval requests and alerts by session: every check's answer reads them.
    sql: CHECK_INDEXES_SQL,
  },
  {
    id: '0027-journal-checks',
    // The journal archive's hex and device-id CHECKs rewritten to the same rules in a form
    // PostgreSQL evaluates cheaply: a centre's drain inserts hundreds of thousands of entries.
    sql: JOURNAL_CHECKS_SQL,
  },
  {
    id: '0028-auth-notify',
    // Each instance remembers who a token belongs to; these triggers tell every instance when a
    // token or an agent changes, so a sign-out or a disabled agent counts everywhere at once.
    sql: AUTH_NOTIFY_SQL,
  },
];

/** Applies what is missing, in order; returns the ids applied by this call. */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  const ids = migrations.map((m) => m.id);
  if (new Set(ids).size !== ids.length || ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) {
    throw new Error('migration ids must be unique and in ascending order');
  }
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      // Held until COMMIT/ROLLBACK: a concurrent runner waits here, then sees the row and skips.
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.exec(`create table if not exists schema_migrations (
        id text primary key,
        applied_at timestamptz not null default now()
      )`);
      const known = await tx.query<{ id: string }>('select id from schema_migrations order by id');
      const unknown = known.rows.map((r) => r.id).filter((id) => !ids.includes(id));
      if (unknown.length > 0) {
        // A newer build migrated this database; running older code on it could corrupt data.
        throw new Error(
          `database has migrations this build does not know (${unknown.join(', ')}); refusing to start`,
        );
      }
      if (known.rows.some((r) => r.id === migration.id)) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [migration.id]);
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return applied;
}
