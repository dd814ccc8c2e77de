// What a seal covers, table by table (Art. 11 retention): how a row is keyed and what of it is
// digested. Append-only tables are digested whole; tables whose rows legitimately change state
// (a session ends, a lead decides, an alert is acknowledged) only by what never changes, so a
// seal proves their rows exist unaltered in identity, and the events table proves the rest.

export interface SealedTable {
  table: string;
  /** SQL text expression of the row key over alias `t`. */
  key: string;
  /** SQL joining `t` to the archive_sealed row `s` by key (uses the table's primary key). */
  join: string;
  /** SQL jsonb expression over `t`: what the digest covers. */
  content: string;
}

const whole = (table: string, key: string, join: string): SealedTable => ({
  table,
  key,
  join,
  content: 'to_jsonb(t)',
});
const identity = (table: string, columns: readonly string[]): SealedTable => ({
  table,
  key: 't.id::text',
  join: 't.id = s.key::uuid',
  content: `jsonb_build_object(${columns.map((c) => `'${c}', t.${c}`).join(', ')})`,
});

export const SEALED_TABLES: readonly SealedTable[] = [
  whole('journal_entries', 't.id::text', 't.id = s.key::uuid'),
  whole(
    'journal_rejects',
    "t.device_id || '/' || t.seq || '/' || t.hash",
    "t.device_id = split_part(s.key, '/', 1) and t.seq = split_part(s.key, '/', 2)::bigint" +
      " and t.hash = split_part(s.key, '/', 3)",
  ),
  whole('verification_events', 't.id::text', 't.id = s.key::bigint'),
  whole('customer_lookups', 't.id::text', 't.id = s.key::bigint'),
  whole('password_lock_lifts', 't.id::text', 't.id = s.key::uuid'),
  whole(
    'alert_emergency_steps',
    "t.alert_id::text || '/' || t.step",
    "t.alert_id = split_part(s.key, '/', 1)::uuid and t.step = split_part(s.key, '/', 2)",
  ),
  whole('alert_actions', 't.id::text', 't.id = s.key::uuid'),
  whole('archive_searches', 't.id::text', 't.id = s.key::bigint'),
  identity('verification_sessions', [
    'id',
    'call_id',
    'agent_username',
    'agent_tier',
    'caller_number',
    'created_at',
  ]),
  identity('verification_approvals', ['id', 'session_id']),
  identity('alerts', [
    'id',
    'kind',
    'raised_at',
    'agent_username',
    'customer_id',
    'session_id',
    'device_id',
    'reasons',
  ]),
  identity('callbacks', ['id', 'kind', 'entry_id', 'session_id', 'call_id', 'requested_at']),
  identity('verification_callbacks', [
    'id',
    'session_id',
    'customer_id',
    'dialled_by',
    'dialled_at',
    'expires_at',
  ]),
  identity('complaints', ['id', 'entry_id', 'call_id', 'category', 'summary', 'recorded_at']),
  whole('complaint_actions', 't.id::text', 't.id = s.key::uuid'),
];

/** SQL hex SHA-256 of a row's sealed content (the session's time zone must be UTC). */
export const digestSql = (spec: SealedTable): string =>
  `encode(sha256(convert_to((${spec.content})::text, 'UTF8')), 'hex')`;
