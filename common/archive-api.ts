// The archive look-up's HTTP API (Art. 11) as zod schemas, re-exported by records-api.ts: search
// calls, open one call's timeline, prove the archive whole. Customers appear masked only, and a
// search names them by id or by a masked or partial identifier — never a full ID or mobile.
import { z } from 'zod';
import { Username } from './domain.js';
import { SESSION_STATUSES } from './policy.js';

const Timestamp = z.string().meta({ description: 'ISO 8601 UTC' });
const When = z.iso.datetime({ offset: true });
export const CallId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/**
 * How a search names a customer: their record id; the reserved mobile masked as shown
 * (`138****5678`) or its last four digits (`5678`); or the ID number masked as shown
 * (`1***************2X`). A full mobile or ID number is refused: it would sit in the audit trail.
 */
export const CustomerSearch = z.string().regex(
  new RegExp(
    [
      '^(',
      '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', // id
      '|1[3-9][0-9][*]{4}[0-9]{4}', // masked mobile
      '|[0-9]{4}', // the mobile's last four digits
      '|[0-9][*]{15}[0-9][0-9X]', // masked ID number
      ')$',
    ].join(''),
  ),
  'a customer id, a masked mobile (138****5678), its last four digits, ' +
    'or a masked ID number — never a full number',
);

export const ArchiveSearchQuery = z
  .object({
    agent: Username.optional(),
    customer: CustomerSearch.optional(),
    call: CallId.optional(),
    from: When.optional().meta({ description: 'Calls that started at or after' }),
    to: When.optional().meta({ description: 'Calls that started before' }),
    outcome: z.enum(SESSION_STATUSES).optional().meta({ description: 'The last session’s status' }),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,400}$/)
      .optional()
      .meta({ description: 'nextCursor of the previous page' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ArchiveSearchQuery = z.infer<typeof ArchiveSearchQuery>;

/** A customer as the archive shows them: `李*`, `139****0001`, `9***************10`. */
const ArchivedCustomer = z
  .object({ id: z.uuid(), name: z.string(), mobile: z.string(), nationalId: z.string() })
  .strict();

export const ArchivedCall = z
  .object({
    callId: z.string(),
    firstAt: Timestamp,
    lastAt: Timestamp,
    agents: z.array(z.string()),
    customers: z.array(ArchivedCustomer),
    /** Masked references the desk journaled (`138****5678`, `张*`), when no session names one. */
    customerRefs: z.array(z.string()),
    sessions: z.number().int(),
    journalEntries: z.number().int(),
    outcome: z.enum(SESSION_STATUSES).nullable(),
  })
  .strict()
  .meta({ id: 'ArchivedCall' });
export type ArchivedCall = z.infer<typeof ArchivedCall>;

export const ArchiveSearchResponse = z
  .object({ calls: z.array(ArchivedCall), nextCursor: z.string().nullable() })
  .strict();

export const TIMELINE_SOURCES = [
  'session',
  'event',
  'approval',
  'alert',
  'journal',
  'callback',
  'complaint',
] as const;

const Detail = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const TimelineItem = z
  .object({
    at: Timestamp,
    source: z.enum(TIMELINE_SOURCES),
    /** The record's id in its table (a session id, an event number, a journal entry id…). */
    id: z.string(),
    sessionId: z.string().nullable(),
    agent: z.string().nullable(),
    /** What happened: `opened`, a step and outcome, a journal entry type, an alert kind… */
    what: z.string(),
    details: z.record(z.string(), Detail),
  })
  .strict()
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.infer<typeof TimelineItem>;

export const CallTimeline = z
  .object({
    call: ArchivedCall,
    items: z.array(TimelineItem),
    /** Display name of every agent or lead the items name, by username (`agent` stays the id). */
    names: z.record(z.string(), z.string()),
  })
  .strict()
  .meta({ id: 'CallTimeline' });
export type CallTimeline = z.infer<typeof CallTimeline>;

export const ArchiveIntegrityQuery = z
  .object({
    from: When.optional().meta({ description: 'Seals made at or after' }),
    to: When.optional().meta({ description: 'Seals made at or before' }),
  })
  .strict();

export const INTEGRITY_PROBLEMS = [
  'seal-missing',
  'seal-link-broken',
  'seal-altered',
  'seal-rows-altered',
  'row-removed',
  'row-altered',
] as const;
export const IntegrityProblem = z
  .object({
    kind: z.enum(INTEGRITY_PROBLEMS),
    sealId: z.number().int(),
    table: z.string().nullable(),
    key: z.string().nullable(),
  })
  .strict();
export type IntegrityProblem = z.infer<typeof IntegrityProblem>;

const SealRef = z
  .object({ id: z.number().int(), sealedAt: Timestamp, hash: z.string() })
  .strict()
  .nullable();

export const ArchiveIntegrity = z
  .object({
    ok: z.boolean(),
    checkedAt: Timestamp,
    from: Timestamp.nullable(),
    to: Timestamp.nullable(),
    retentionYears: z.number().int(),
    /** The whole chain, checked link by link; `head` is the receipt an auditor keeps. */
    chain: z
      .object({
        seals: z.number().int(),
        head: SealRef,
        gaps: z.array(z.object({ afterId: z.number().int(), nextId: z.number().int() }).strict()),
      })
      .strict(),
    /** The seals made in [from, to] and every row they hold, re-digested. */
    range: z
      .object({
        seals: z.number().int(),
        rows: z.number().int(),
        tables: z.record(z.string(), z.number().int()),
        first: SealRef,
        last: SealRef,
      })
      .strict(),
    problemCount: z.number().int(),
    /** The first 100 problems found. */
    problems: z.array(IntegrityProblem),
  })
  .strict()
  .meta({ id: 'ArchiveIntegrity' });
export type ArchiveIntegrity = z.infer<typeof ArchiveIntegrity>;
