// Verification sessions in the database (Art. 5–8, 11, 18): the common/policy.ts SessionState
// column by column, the event log of every step and outcome (never the values), the consecutive
// password failures, the passcodes (their HMAC only); the fraud rules' counts: ./fraud-facts.ts.
// Callers hold the session row locked (`lockSession`) for the whole check.
import {
  isTerminal,
  type AlternativeId,
  type ApprovalReason,
  type ApprovalState,
  type BusinessType,
  type CallerIdSource,
  type FraudReason,
  type PasswordKind,
  type SessionState,
  type SessionStatus,
  type Step,
} from '../../common/policy.js';
import type { Tier } from '../../common/values.js';
import { AppError } from '../../common/result.js';
import type { Queryable } from '../db.js';
import { sampleIfEnded, type ReviewPolicy } from '../reviews/sampling.js';

export interface SessionRow {
  id: string;
  call_id: string;
  agent_username: string;
  agent_tier: Tier;
  caller_number: string;
  caller_id_source: CallerIdSource;
  business_type: BusinessType;
  customer_id: string | null;
  customer_fixed: boolean;
  status: SessionStatus;
  steps: Step[];
  passed: Step[];
  alternatives: AlternativeId[];
  basic_failures: number;
  approval_reasons: ApprovalReason[];
  approval: ApprovalState;
  caller_is_reserved: boolean | null;
  fraud_reasons: FraudReason[];
  passwords_proven?: PasswordKind[];
  /** Art. 9: a training session (migration 0019; decided from its customer). */
  training: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * A session row's columns, named: a `*` list would change its result type under a migration that
 * adds a column, which a prepared statement (server/db.ts) cannot survive.
 */
export const SESSION_COLUMNS = `id, call_id, agent_username, agent_tier, caller_number, caller_id_source,
  business_type, customer_id, customer_fixed, status, steps, passed, alternatives, basic_failures,
  approval_reasons, approval, caller_is_reserved, fraud_reasons, passwords_proven, training,
  created_at, updated_at`;

/** The same columns of the session aliased `alias`. */
export const sessionColumnsOf = (alias: string): string =>
  SESSION_COLUMNS.split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');

export const stateOf = (row: SessionRow): SessionState => ({
  businessType: row.business_type,
  tier: row.agent_tier,
  status: row.status,
  steps: row.steps,
  passed: row.passed,
  alternatives: row.alternatives,
  basicFailures: row.basic_failures,
  approvalReasons: row.approval_reasons,
  approval: row.approval,
  callerIsReservedMobile: row.caller_is_reserved,
  fraudReasons: row.fraud_reasons,
  ...(row.passwords_proven?.length ? { passwordsProven: row.passwords_proven } : {}),
});

export interface NewSession {
  id: string;
  callId: string;
  agent: { username: string; tier: Tier };
  callerNumber: string;
  callerIdSource: CallerIdSource;
  customerId: string | null;
  state: SessionState;
  at: Date;
  training: boolean;
}

/** The insert of a new session, answering its row; its parameters are `newSessionParams`. */
export const INSERT_SESSION_SQL = `insert into verification_sessions (id, call_id, agent_username, agent_tier, caller_number, business_type, customer_id, customer_fixed,
        status, steps, passed, alternatives, basic_failures, approval_reasons, approval, caller_is_reserved, fraud_reasons, created_at, updated_at,
        caller_id_source, training)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13, $14::jsonb, $15, $16, $17::jsonb, $18, $18, $19, $20)
     returning ${SESSION_COLUMNS}`;

export const newSessionParams = (s: NewSession): unknown[] => [
  s.id,
  s.callId,
  s.agent.username,
  s.agent.tier,
  s.callerNumber,
  s.state.businessType,
  s.customerId,
  s.customerId !== null,
  s.state.status,
  JSON.stringify(s.state.steps),
  JSON.stringify(s.state.passed),
  JSON.stringify(s.state.alternatives),
  s.state.basicFailures,
  JSON.stringify(s.state.approvalReasons),
  s.state.approval,
  s.state.callerIsReservedMobile,
  JSON.stringify(s.state.fraudReasons),
  s.at,
  s.callerIdSource,
  s.training,
];

/** Inserts the session; answers its row (new and uncommitted: no one else can see or lock it). */
export async function insertSession(tx: Queryable, s: NewSession): Promise<SessionRow> {
  const { rows } = await tx.query<SessionRow>(INSERT_SESSION_SQL, newSessionParams(s));
  return rows[0]!;
}

/** Locks the session row for the rest of the transaction: concurrent checks on it queue here. */
export async function lockSession(tx: Queryable, id: string): Promise<SessionRow> {
  const { rows } = await tx.query<SessionRow>(
    `select ${SESSION_COLUMNS} from verification_sessions where id = $1 for update`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new AppError('not-found', 'no such verification session');
  return row;
}

/** The session row without a lock, or undefined. */
export async function readSession(tx: Queryable, id: string): Promise<SessionRow | undefined> {
  const { rows } = await tx.query<SessionRow>(
    `select ${SESSION_COLUMNS} from verification_sessions where id = $1`,
    [id],
  );
  return rows[0];
}

/** The update that writes a session's state ($1 the id); its parameters are `stateParams`. */
export const SAVE_STATE_SQL = `update verification_sessions set status = $2, steps = $3::jsonb, passed = $4::jsonb, alternatives = $5::jsonb, basic_failures = $6,
        approval_reasons = $7::jsonb, approval = $8, caller_is_reserved = $9, fraud_reasons = $10::jsonb, updated_at = $11
      where id = $1`;

export const stateParams = (id: string, state: SessionState, at: Date): unknown[] => [
  id,
  state.status,
  JSON.stringify(state.steps),
  JSON.stringify(state.passed),
  JSON.stringify(state.alternatives),
  state.basicFailures,
  JSON.stringify(state.approvalReasons),
  state.approval,
  state.callerIsReservedMobile,
  JSON.stringify(state.fraudReasons),
  at,
];

/** Writes the state; a session that ends here is offered to the review sample (Art. 19). */
export async function saveState(
  tx: Queryable,
  id: string,
  state: SessionState,
  at: Date,
  review: ReviewPolicy,
): Promise<void> {
  await tx.query(SAVE_STATE_SQL, stateParams(id, state, at));
  // Only an ended session is offered (sampleIfEnded reads back what was just written).
  if (isTerminal(state.status)) await sampleIfEnded(tx, review, id, at);
}

/** Art. 4(2): the business changed; `saveState` writes the rest of the re-planned state. */
export async function saveBusiness(tx: Queryable, id: string, state: SessionState): Promise<void> {
  await tx.query(
    'update verification_sessions set business_type = $2, passwords_proven = $3::jsonb where id = $1',
    [id, state.businessType, JSON.stringify(state.passwordsProven ?? [])],
  );
}

export interface EventRecord {
  sessionId: string;
  at: Date;
  agent: string;
  customerId: string | null;
  step: string;
  outcome: string;
  note?: string | null;
}

/** The insert of one event, its parameters numbered from `$${from + 1}` (eventParams). */
export const insertEventSql = (from = 0): string =>
  `insert into verification_events (session_id, at, agent_username, customer_id, step, outcome, note) values (${Array.from(
    { length: 7 },
    (_, i) => `$${from + i + 1}`,
  ).join(', ')})`;

export const eventParams = (e: EventRecord): unknown[] => [
  e.sessionId,
  e.at,
  e.agent,
  e.customerId,
  e.step,
  e.outcome,
  e.note ?? null,
];

export async function recordEvent(tx: Queryable, e: EventRecord): Promise<void> {
  await tx.query(insertEventSql(), eventParams(e));
}

/** The basic check names the customer: fixed once it passed (Art. 5). */
export async function setSessionCustomer(
  tx: Queryable,
  id: string,
  customerId: string,
  fixed: boolean,
): Promise<void> {
  await tx.query(
    'update verification_sessions set customer_id = $2, customer_fixed = $3 where id = $1',
    [id, customerId, fixed],
  );
}

/** The recorded steps of a session in order, for the lead's step history (Art. 10, 11). */
export async function listEvents(
  tx: Queryable,
  sessionId: string,
): Promise<{ step: string; outcome: string; at: Date; agent_username: string }[]> {
  const { rows } = await tx.query<{
    step: string;
    outcome: string;
    at: Date;
    agent_username: string;
  }>(
    'select step, outcome, at, agent_username from verification_events where session_id = $1 order by id',
    [sessionId],
  );
  return rows;
}

// ---- consecutive password failures per customer and kind (Art. 6) -----------------------------

/** Creates the counter if missing and locks it: two sessions cannot both miss the limit. */
export async function lockPasswordCounter(
  tx: Queryable,
  customerId: string,
  kind: PasswordKind,
  at: Date,
): Promise<{ consecutive: number; locked_at: Date | null }> {
  await tx.query(
    'insert into password_failures (customer_id, kind, consecutive, updated_at) values ($1, $2, 0, $3) on conflict do nothing',
    [customerId, kind, at],
  );
  return (
    await tx.query<{ consecutive: number; locked_at: Date | null }>(
      'select consecutive, locked_at from password_failures where customer_id = $1 and kind = $2 for update',
      [customerId, kind],
    )
  ).rows[0]!;
}

export async function resetPasswordCounter(
  tx: Queryable,
  customerId: string,
  kind: PasswordKind,
  at: Date,
): Promise<void> {
  await tx.query(
    'update password_failures set consecutive = 0, updated_at = $3 where customer_id = $1 and kind = $2',
    [customerId, kind, at],
  );
}

export async function setPasswordCounter(
  tx: Queryable,
  customerId: string,
  kind: PasswordKind,
  consecutive: number,
  lockedAt: Date | null,
  at: Date,
): Promise<void> {
  await tx.query(
    'update password_failures set consecutive = $3, locked_at = $4, updated_at = $5 where customer_id = $1 and kind = $2',
    [customerId, kind, consecutive, lockedAt, at],
  );
}

// ---- one-time passcodes: the HMAC of the code, and the send log for caps (Art. 7) -------------

/** When passcodes went to this customer since `since` (any session; a training one: its own). */
export async function sendsSince(
  tx: Queryable,
  customerId: string,
  since: Date,
  trainingSessionId: string | null = null,
): Promise<Date[]> {
  const { rows } = await tx.query<{ sent_at: Date }>(
    `select sent_at from verification_otps where customer_id = $1 and sent_at > $2
        and ($3::uuid is null or session_id = $3)`,
    [customerId, since, trainingSessionId],
  );
  return rows.map((r) => r.sent_at);
}

/** A new passcode supersedes the session's earlier live ones. */
export async function supersedeOtps(tx: Queryable, sessionId: string, at: Date): Promise<void> {
  await tx.query(
    'update verification_otps set superseded_at = $2 where session_id = $1 and used_at is null and killed_at is null and superseded_at is null',
    [sessionId, at],
  );
}

export async function insertOtp(
  tx: Queryable,
  otp: {
    id: string;
    sessionId: string;
    customerId: string;
    codeHash: string;
    sentAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.query(
    'insert into verification_otps (id, session_id, customer_id, code_hash, sent_at, expires_at) values ($1, $2, $3, $4, $5, $6)',
    [otp.id, otp.sessionId, otp.customerId, otp.codeHash, otp.sentAt, otp.expiresAt],
  );
}

export interface OtpRow {
  id: string;
  code_hash: string;
  expires_at: Date;
  wrong_entries: number;
  used_at: Date | null;
  killed_at: Date | null;
}

/** The session's latest passcode that was not superseded, locked; undefined if none was sent. */
export async function lockLatestOtp(tx: Queryable, sessionId: string): Promise<OtpRow | undefined> {
  const { rows } = await tx.query<OtpRow>(
    'select id, code_hash, expires_at, wrong_entries, used_at, killed_at from verification_otps where session_id = $1 and superseded_at is null order by sent_at desc limit 1 for update',
    [sessionId],
  );
  return rows[0];
}

export async function markOtpUsed(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query('update verification_otps set used_at = $2 where id = $1', [id, at]);
}

export async function recordWrongEntry(
  tx: Queryable,
  id: string,
  wrongEntries: number,
  killedAt: Date | null,
): Promise<void> {
  await tx.query('update verification_otps set wrong_entries = $2, killed_at = $3 where id = $1', [
    id,
    wrongEntries,
    killedAt,
  ]);
}
