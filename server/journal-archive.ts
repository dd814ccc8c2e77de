// The journal archive (Art. 11: every step, result and action recorded accurately, completely and
// archived for later lookup). Desktops sync their hash-chained journals here in batches
// (common/journal-chain.ts); each entry is stored once per (device, seq), together with its effect
// (the outage call-back queue, Art. 12; complaints with a response deadline, Art. 16) in the same
// transaction, so a replayed batch is answered `duplicate` and never applied twice.
//
// Chain policy — the desktop must never stall, and no break may pass unflagged:
// - The device's head is the last entry the archive has *seen* in chain order, whether it applied
//   or refused it. An entry continues the chain when seq = head.seq + 1 and prevHash = head.hash.
// - A break (seq gap, prevHash mismatch, an entry whose hash does not match its content, a seq at
//   or behind the head that is not a duplicate, a seq or id already archived with other content)
//   raises one `journal-tamper` alert in the entry's transaction and refuses that entry with a
//   permanent error naming it (seq, id); the desktop dead-letters it.
// - After a refusal past the head, the head moves on to the refused entry (its seq and claimed
//   hash — or, when the two differ, either its claimed hash or the hash of its content), so the
//   next entry, which links to it, is accepted: later entries of the same batch and of later
//   batches keep flowing, and one break raises one alert, not one per entry after it.
// - Every refused entry is kept, as sent, in journal_rejects with its reasons and alert, so archive
//   plus rejects account for every entry a device sent; replaying a refused entry answers the same
//   refusal again without a second alert.
// - Entries that continue the chain but are malformed, or whose effect payload is invalid, are
//   refused with `bad-request` (no alert: the chain is intact) and kept in journal_rejects.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CallbackRequestedData,
  ComplaintRecordedData,
  DeviceId,
  entryHash,
  EntryType,
  GENESIS_HASH,
  JOURNAL_BATCH_MAX_BYTES,
  JOURNAL_BATCH_MAX_ENTRIES,
  JournalBatchResponse,
  JournalEntry,
  linkBreak,
  type JournalEntryResult,
} from '../common/journal-chain.js';
import { tierAtLeast } from '../common/domain.js';
import { AppError, type ErrorCode } from '../common/result.js';
import { CallbackCloseBody, CallbackRecord, CallbackStatus } from '../common/records-api.js';
import { raiseAlert } from './alerts.js';
import type { Authenticated } from './auth.js';
import type { Db, Queryable } from './db.js';
import { BEARER, ErrorResponse, errorResponses, toErrorResponse, type Api, type RouteDeps } from './http.js';
import { formatIssues } from './validation.js';

/** Art. 16: complaints are answered within a set time; this is the default, in days. */
export const DEFAULT_COMPLAINT_RESPONSE_DAYS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

// ---- effects ----------------------------------------------------------------------------------

export interface EffectContext {
  tx: Queryable;
  entry: JournalEntry;
  now: Date;
}

/** What an entry type does on the records service besides being archived. */
export interface EntryEffect<T> {
  /** The entry's `data` must parse with this, or the entry is refused and nothing is written. */
  data: z.ZodType<T>;
  apply(context: EffectContext, data: T): Promise<void>;
}
// Stored type-erased; defineEffect keeps each effect's data and apply consistent.
type AnyEffect = EntryEffect<unknown>;
export const defineEffect = <T>(effect: EntryEffect<T>): AnyEffect => effect as unknown as AnyEffect;

/** Entry type → effect. Types without an effect are only archived. */
export type EffectRegistry = Readonly<Record<string, AnyEffect>>;

export interface EffectOptions {
  /** Days from the complaint's `at` to its response deadline (Art. 16). Default 5. */
  complaintResponseDays?: number;
}

export function defaultEffects(options: EffectOptions = {}): EffectRegistry {
  const days = options.complaintResponseDays ?? DEFAULT_COMPLAINT_RESPONSE_DAYS;
  if (!(days > 0 && days <= 365)) throw new RangeError('complaintResponseDays must be in (0, 365]');
  return {
    'callback.requested': defineEffect({
      data: CallbackRequestedData,
      async apply({ tx, entry, now }, data) {
        await tx.query(
          `insert into callbacks (id, entry_id, device_id, call_id, customer_id, customer_ref, reason, notes, requested_at, requested_by, status, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11)`,
          [randomUUID(), entry.id, entry.deviceId, entry.callId ?? null, data.customerId ?? null, data.customerRef, data.reason, data.notes ?? null, entry.at, entry.agent, now],
        );
      },
    }),
    'complaint.recorded': defineEffect({
      data: ComplaintRecordedData,
      async apply({ tx, entry, now }, data) {
        // Counted from when the customer complained (the entry's time), not from when it synced:
        // an outage must not extend the deadline.
        // The desk's promised deadline when it sent one that makes sense (after the complaint, within
        // a year); otherwise the service's own.
        const promised = data.dueAt ? Date.parse(data.dueAt) : Number.NaN;
        const at = Date.parse(entry.at);
        const respondBy = new Date(promised > at && promised <= at + 365 * DAY_MS ? promised : at + days * DAY_MS);
        await tx.query(
          `insert into complaints (id, entry_id, device_id, call_id, customer_id, customer_ref, category, summary, recorded_at, recorded_by, respond_by, status, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12)`,
          [randomUUID(), entry.id, entry.deviceId, entry.callId ?? data.callId ?? null, data.customerId ?? null, data.customerRef ?? null, data.category, data.summary, entry.at, entry.agent, respondBy, now],
        );
      },
    }),
  };
}

// ---- ingest -----------------------------------------------------------------------------------

/** What the batch body must hold for every entry to be named in the answer; the rest is checked per entry. */
export const EntryEnvelope = z.looseObject({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  id: z.uuid(),
});
export type EntryEnvelope = z.infer<typeof EntryEnvelope>;

export const JournalBatchRequest = z
  .object({
    deviceId: DeviceId,
    entries: z
      .array(EntryEnvelope.meta({ description: 'A journal entry (common/journal-chain.ts JournalEntry); seq and id are required for the batch to be read, the rest is checked per entry' }))
      .min(1),
  })
  .strict();
export type JournalBatchRequest = z.infer<typeof JournalBatchRequest>;

/** The last entry seen of a device; `alt` is the hash of its content when that differs from `hash`. */
interface Head {
  seq: number;
  hash: string;
  alt: string | null;
}

export interface IngestOptions {
  /** Username of the agent whose token uploaded the batch. */
  receivedBy: string;
  now: Date;
  effects: EffectRegistry;
}

/** Why an entry was refused; chain reasons come from common/journal-chain.ts. */
type RejectReason = 'gap' | 'reorder' | 'prev-hash-mismatch' | 'hash-mismatch' | 'seq-conflict' | 'id-conflict' | 'malformed' | 'effect-invalid';

const HEX64 = /^[0-9a-f]{64}$/;
/** Far beyond a legal entry (depth 2); keeps hashing and storing a hostile entry off the stack limit. */
const MAX_DEPTH = 8;
// PostgreSQL text and jsonb cannot hold U+0000; a refused entry is stored with it replaced.
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;
const clean = (text: string): string => text.replace(NUL, '\uFFFD');

/** True when `value` nests objects/arrays deeper than `limit` (iterative: no recursion on hostile input). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A copy PostgreSQL can store: U+0000 replaced in keys and strings (depth already bounded). */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), storable(v)]));
  return value;
}
/** SQLSTATE classes that mean "this row's data", not "the database": 22 data exception, 23 integrity. */
const isDataError = (error: unknown): boolean => /^2[23]/.test(String((error as { code?: unknown })?.code ?? ''));

/**
 * Ingests one device's batch in one transaction, holding that device's head row locked (a second
 * batch for the same device waits, then sees duplicates). Answers one result per entry, in order.
 */
export async function ingestBatch(db: Db, batch: JournalBatchRequest, options: IngestOptions): Promise<JournalEntryResult[]> {
  const { deviceId } = batch;
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into journal_heads (device_id, last_seq, last_hash, updated_at) values ($1, 0, $2, $3) on conflict (device_id) do nothing`,
      [deviceId, GENESIS_HASH, options.now],
    );
    const { rows } = await tx.query<{ last_seq: string; last_hash: string; last_alt_hash: string | null }>(
      'select last_seq::text as last_seq, last_hash, last_alt_hash from journal_heads where device_id = $1 for update',
      [deviceId],
    );
    const start: Head = { seq: Number(rows[0]!.last_seq), hash: rows[0]!.last_hash, alt: rows[0]!.last_alt_hash };
    let head = start;
    const results: JournalEntryResult[] = [];
    for (const raw of batch.entries) {
      const outcome = await ingestEntry(tx, deviceId, raw, head, options);
      head = outcome.head;
      results.push(outcome.result);
    }
    if (head.seq !== start.seq || head.hash !== start.hash || head.alt !== start.alt) {
      await tx.query('update journal_heads set last_seq = $2, last_hash = $3, last_alt_hash = $4, updated_at = $5 where device_id = $1', [
        deviceId,
        head.seq,
        head.hash,
        head.alt,
        options.now,
      ]);
    }
    return results;
  });
}

interface Outcome {
  result: JournalEntryResult;
  head: Head;
}

async function ingestEntry(tx: Queryable, deviceId: string, raw: EntryEnvelope, head: Head, options: IngestOptions): Promise<Outcome> {
  const { seq, id } = raw;
  const name = `entry seq ${seq} (id ${id})`;
  const claimedHash = typeof raw.hash === 'string' && HEX64.test(raw.hash) ? raw.hash : null;
  // The hash is checked on the entry as sent, well-formed or not: tampering is reported as such.
  // Null when it cannot be computed (absurd nesting, a number JSON cannot hold): never a match.
  const tooDeep = nestsDeeperThan(raw, MAX_DEPTH);
  const computedHash = tooDeep ? null : await entryHash(raw).catch(() => null);
  const hashOk = claimedHash !== null && claimedHash === computedHash;

  const archived = (await tx.query<{ hash: string }>('select hash from journal_entries where device_id = $1 and seq = $2', [deviceId, seq])).rows[0];
  if (archived && archived.hash === claimedHash && hashOk) return { result: { seq, id, status: 'duplicate' }, head };

  const refused = (
    await tx.query<{ code: ErrorCode; message: string }>('select code, message from journal_rejects where device_id = $1 and seq = $2 and hash = $3', [
      deviceId,
      seq,
      claimedHash ?? '',
    ])
  ).rows[0];
  if (refused) return { result: { seq, id, status: 'rejected', error: { code: refused.code, message: refused.message } }, head };

  // Chain and identity: each reason here is a tamper signal.
  const reasons: RejectReason[] = [];
  const details: string[] = [];
  if (archived) {
    reasons.push('seq-conflict');
    details.push(`seq ${seq} is already archived with other content`);
  } else {
    const prevHash = typeof raw.prevHash === 'string' ? raw.prevHash : '';
    const broken = linkBreak(head.alt === prevHash ? { seq: head.seq, hash: head.alt } : head, { seq, prevHash });
    if (broken) {
      reasons.push(broken);
      details.push(
        broken === 'prev-hash-mismatch' ? 'prevHash does not match the previous entry' : `${broken}: expected seq ${head.seq + 1}`,
      );
    }
  }
  if (!hashOk) {
    reasons.push('hash-mismatch');
    details.push(computedHash ? 'hash does not match the entry content' : 'hash cannot be computed for the entry content');
  }
  const idTaken = (await tx.query<{ seq: string }>('select seq::text as seq from journal_entries where id = $1 and not (device_id = $2 and seq = $3)', [id, deviceId, seq]))
    .rows[0];
  if (idTaken) {
    reasons.push('id-conflict');
    details.push('id is already archived for another entry');
  }
  // Past the head, a refused entry still moves the head on, so the entry after it links (see top).
  const moveOn = (): Head => {
    const hash = claimedHash ?? computedHash;
    if (seq <= head.seq || !hash) return head;
    return { seq, hash, alt: claimedHash && computedHash && !hashOk ? computedHash : null };
  };

  if (reasons.length > 0) {
    const message = `${name} refused: journal chain broken (${details.join('; ')}); a journal-tamper alert was raised`;
    const alertId = await raiseAlert(tx, {
      kind: 'journal-tamper',
      at: options.now,
      agentUsername: options.receivedBy,
      deviceId,
      reasons,
      details: { seq, entryId: id, expectedSeq: head.seq + 1, type: EntryType.safeParse(raw.type).data ?? null },
    });
    await quarantine(tx, deviceId, raw, claimedHash, reasons, 'conflict', message, alertId, options);
    return { result: { seq, id, status: 'rejected', error: { code: 'conflict', message } }, head: moveOn() };
  }

  // The chain holds from here on: refusals below are about content, not tampering.
  const refuse = async (reason: RejectReason, problem: string): Promise<Outcome> => {
    const message = clean(`${name} refused: ${problem}`);
    await quarantine(tx, deviceId, raw, claimedHash, [reason], 'bad-request', message, null, options);
    return { result: { seq, id, status: 'rejected', error: { code: 'bad-request', message } }, head: moveOn() };
  };

  const parsed = JournalEntry.safeParse(raw);
  if (!parsed.success) return refuse('malformed', formatIssues(parsed.error).join('; '));
  const entry = parsed.data;
  if (entry.deviceId !== deviceId) return refuse('malformed', `deviceId: does not match the batch's deviceId`);

  const effect = options.effects[entry.type];
  let effectData: unknown;
  if (effect) {
    const data = effect.data.safeParse(entry.data);
    if (!data.success) return refuse('effect-invalid', `${entry.type} data: ${formatIssues(data.error).join('; ')}`);
    effectData = data.data;
  }

  // A savepoint, so a row the database refuses (a constraint) refuses this entry only — never the
  // whole batch again and again, which would stall the desktop's queue.
  await tx.query('savepoint journal_entry');
  try {
    await tx.query(
      `insert into journal_entries (device_id, seq, id, hash, prev_hash, type, at, agent, call_id, data, received_at, received_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
      [deviceId, seq, id, entry.hash, entry.prevHash, entry.type, entry.at, entry.agent, entry.callId ?? null, JSON.stringify(entry.data), options.now, options.receivedBy],
    );
    if (effect) await effect.apply({ tx, entry, now: options.now }, effectData);
    await tx.query('release savepoint journal_entry');
  } catch (error) {
    if (!isDataError(error)) throw error;
    await tx.query('rollback to savepoint journal_entry');
    return refuse('effect-invalid', 'the records database refused its data');
  }
  return { result: { seq, id, status: 'applied' }, head: { seq, hash: entry.hash, alt: null } };
}

async function quarantine(
  tx: Queryable,
  deviceId: string,
  raw: EntryEnvelope,
  claimedHash: string | null,
  reasons: readonly RejectReason[],
  code: ErrorCode,
  message: string,
  alertId: string | null,
  options: IngestOptions,
): Promise<void> {
  await tx.query(
    `insert into journal_rejects (device_id, seq, hash, entry_id, reasons, code, message, entry, alert_id, received_at, received_by)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb, $9, $10, $11)
     on conflict (device_id, seq, hash) do nothing`,
    [deviceId, raw.seq, claimedHash ?? '', raw.id, JSON.stringify(reasons), code, clean(message), JSON.stringify(entryToKeep(raw)), alertId, options.now, options.receivedBy],
  );
}

/** The refused entry as sent, or only its identity when it nests too deeply to keep. */
function entryToKeep(raw: EntryEnvelope): unknown {
  if (!nestsDeeperThan(raw, MAX_DEPTH)) return storable(raw);
  const pick = (key: string) => (typeof raw[key] === 'string' ? clean(raw[key]).slice(0, 128) : null);
  return { seq: raw.seq, id: raw.id, hash: pick('hash'), prevHash: pick('prevHash'), type: pick('type'), note: 'nested too deeply to keep' };
}

/** A device's archived entries in seq order, rebuilt exactly as they were hashed (for verifyChain). */
export async function readArchivedEntries(db: Queryable, deviceId: string): Promise<JournalEntry[]> {
  const { rows } = await db.query<{ seq: string; id: string; hash: string; prev_hash: string; type: string; at: Date; agent: string | null; call_id: string | null; data: JournalEntry['data'] }>(
    'select seq::text as seq, id, hash, prev_hash, type, at, agent, call_id, data from journal_entries where device_id = $1 order by journal_entries.seq',
    [deviceId],
  );
  return rows.map((r) => ({
    deviceId,
    seq: Number(r.seq),
    id: r.id,
    at: new Date(r.at).toISOString(),
    agent: r.agent,
    ...(r.call_id === null ? {} : { callId: r.call_id }),
    type: r.type,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

// ---- HTTP -------------------------------------------------------------------------------------

export interface JournalArchiveOptions extends EffectOptions {
  /** Replaces the default effects (tests, later issues). */
  effects?: EffectRegistry;
}

const ComplaintStatus = z.enum(['open', 'answered', 'closed']);
const ListQuery = <S extends z.ZodType>(status: S) =>
  z
    .object({
      status: status.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    })
    .strict();

const Complaint = z.object({
  id: z.string(),
  entryId: z.string(),
  deviceId: z.string(),
  callId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerRef: z.string().nullable(),
  category: z.string(),
  summary: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  respondBy: z.string(),
  status: ComplaintStatus,
});

const tooLarge = (reply: FastifyReply, message: string) =>
  // 413 tells the desktop to halve the batch; the code stays a contract code (common/result.ts).
  reply.status(413).send({ error: { code: 'bad-request', message: `batch too large: ${message}` } });

const CALLBACK_COLUMNS =
  'id, entry_id, device_id, call_id, customer_id, customer_ref, reason, notes, requested_at, requested_by, status, closed_at, closed_by, close_note';
type CallbackRow = Record<string, string | Date | null>;
const isoOrNull = (value: string | Date | null | undefined) => (value === null || value === undefined ? null : new Date(value).toISOString());
const callbackView = (r: CallbackRow): CallbackRecord => ({
  id: String(r.id),
  entryId: String(r.entry_id),
  deviceId: String(r.device_id),
  callId: r.call_id as string | null,
  customerId: r.customer_id as string | null,
  customerRef: String(r.customer_ref),
  reason: String(r.reason),
  notes: r.notes as string | null,
  requestedAt: new Date(r.requested_at!).toISOString(),
  requestedBy: r.requested_by as string | null,
  status: r.status as z.infer<typeof CallbackStatus>,
  closedAt: isoOrNull(r.closed_at),
  closedBy: r.closed_by as string | null,
  closeNote: r.close_note as string | null,
});

/** `POST /api/v1/journal/batches`, `GET /api/v1/callbacks`, `POST /api/v1/callbacks/:id/close`, `GET /api/v1/complaints`. */
export function journalArchiveRoutes(options: JournalArchiveOptions = {}) {
  const effects = options.effects ?? defaultEffects(options);
  return (api: Api, deps: RouteDeps): void => {
    const uploaders = new WeakMap<FastifyRequest, Authenticated>();

    api.post(
      '/api/v1/journal/batches',
      {
        schema: {
          summary: 'Archive a batch of one device’s journal entries (≤ 100 entries, ≤ 1 MiB); one result per entry',
          tags: ['journal'],
          security: BEARER,
          body: JournalBatchRequest,
          response: { 200: JournalBatchResponse, 413: ErrorResponse, ...errorResponses('unauthorized') },
        },
        // The app-wide 64 KiB limit would refuse a legal batch; a larger body is a clear 413.
        bodyLimit: JOURNAL_BATCH_MAX_BYTES,
        // Before the body is read: an unsigned client cannot make us parse a megabyte.
        onRequest: async (request) => {
          uploaders.set(request, await deps.requireAgent(request));
        },
        preValidation: async (request, reply) => {
          const entries = (request.body as { entries?: unknown } | undefined)?.entries;
          if (Array.isArray(entries) && entries.length > JOURNAL_BATCH_MAX_ENTRIES) {
            return tooLarge(reply, `${entries.length} entries (at most ${JOURNAL_BATCH_MAX_ENTRIES}); send fewer`);
          }
        },
        errorHandler: (error, request, reply) => {
          if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
            request.log.info({ status: 413 }, 'journal batch refused: body too large');
            return tooLarge(reply, `the body is over ${JOURNAL_BATCH_MAX_BYTES} bytes; send fewer entries`);
          }
          const { status, body } = toErrorResponse(error);
          if (status >= 500) request.log.error({ err: error }, 'request failed');
          else request.log.info({ code: body.error.code, status }, 'request refused');
          // Same answer as the app-wide handler (app.ts) for everything else.
          return (reply as FastifyReply).status(status).send(body);
        },
      },
      async (request) => {
        const uploader = uploaders.get(request)!;
        const results = await ingestBatch(deps.db, request.body, { receivedBy: uploader.agent.username, now: deps.now(), effects });
        const count = (status: JournalEntryResult['status']) => results.filter((r) => r.status === status).length;
        request.log.info(
          { agent: uploader.agent.username, deviceId: request.body.deviceId, applied: count('applied'), duplicate: count('duplicate'), rejected: count('rejected') },
          'journal batch ingested',
        );
        return { results };
      },
    );

    /** Queues are for team leads and above (Art. 10; Art. 12 call-backs, Art. 16 complaints). */
    const requireLead = async (request: FastifyRequest, action = `list-${request.url.split('?')[0]!.split('/').pop()}`) => {
      const { agent } = await deps.requireAgent(request);
      if (!tierAtLeast(agent.tier, 'lead')) {
        // Art. 10: refused and recorded, like every other attempt beyond one's tier.
        await raiseAlert(deps.db, { kind: 'over-permission', at: deps.now(), agentUsername: agent.username, reasons: [action], details: { tier: agent.tier, action } });
        throw new AppError('forbidden', 'team leads only: your tier may not see this queue');
      }
      return agent;
    };
    const iso = (value: Date | string) => new Date(value).toISOString();

    api.get(
      '/api/v1/callbacks',
      {
        schema: {
          summary: 'The call-back queue from the outage procedure (Art. 12), oldest first; masked fields only',
          tags: ['journal'],
          security: BEARER,
          querystring: ListQuery(CallbackStatus),
          response: { 200: z.object({ callbacks: z.array(CallbackRecord) }), ...errorResponses('unauthorized', 'forbidden') },
        },
      },
      async (request) => {
        await requireLead(request);
        const { status, limit } = request.query;
        const { rows } = await deps.db.query<CallbackRow>(
          `select ${CALLBACK_COLUMNS} from callbacks where ($1::text is null or status = $1) order by requested_at, id limit $2`,
          [status ?? null, limit],
        );
        return { callbacks: rows.map(callbackView) };
      },
    );

    api.post(
      '/api/v1/callbacks/:id/close',
      {
        schema: {
          summary: 'Close a call-back (Art. 12): the customer was called back (done) or it is no longer needed (cancelled); leads only',
          tags: ['journal'],
          security: BEARER,
          params: z.object({ id: z.uuid() }),
          body: CallbackCloseBody,
          response: { 200: CallbackRecord, ...errorResponses('unauthorized', 'forbidden', 'not-found', 'conflict') },
        },
      },
      async (request) => {
        const lead = await requireLead(request, 'close-callback');
        const { outcome, note } = request.body;
        const { rows } = await deps.db.query<CallbackRow>(
          `update callbacks set status = $2, closed_at = $3, closed_by = $4, close_note = $5
             where id = $1 and status = 'open' returning ${CALLBACK_COLUMNS}`,
          [request.params.id, outcome, deps.now(), lead.username, note ? note : null],
        );
        if (rows[0]) {
          request.log.info({ callback: request.params.id, outcome, lead: lead.username }, 'call-back closed');
          return callbackView(rows[0]);
        }
        const { rows: existing } = await deps.db.query<{ status: string }>('select status from callbacks where id = $1', [request.params.id]);
        if (!existing[0]) throw new AppError('not-found', 'no such call-back');
        throw new AppError('conflict', `this call-back is already ${existing[0].status}`);
      },
    );

    api.get(
      '/api/v1/complaints',
      {
        schema: {
          summary: 'Complaints with their response deadline (Art. 16), earliest deadline first; masked fields only',
          tags: ['journal'],
          security: BEARER,
          querystring: ListQuery(ComplaintStatus),
          response: { 200: z.object({ complaints: z.array(Complaint) }), ...errorResponses('unauthorized', 'forbidden') },
        },
      },
      async (request) => {
        await requireLead(request);
        const { status, limit } = request.query;
        const { rows } = await deps.db.query<Record<string, string | Date | null>>(
          `select id, entry_id, device_id, call_id, customer_id, customer_ref, category, summary, recorded_at, recorded_by, respond_by, status
             from complaints where ($1::text is null or status = $1) order by respond_by, id limit $2`,
          [status ?? null, limit],
        );
        return {
          complaints: rows.map((r) => ({
            id: String(r.id),
            entryId: String(r.entry_id),
            deviceId: String(r.device_id),
            callId: r.call_id as string | null,
            customerId: r.customer_id as string | null,
            customerRef: r.customer_ref as string | null,
            category: String(r.category),
            summary: String(r.summary),
            recordedAt: iso(r.recorded_at!),
            recordedBy: r.recorded_by as string | null,
            respondBy: iso(r.respond_by!),
            status: r.status as z.infer<typeof ComplaintStatus>,
          })),
        };
      },
    );
  };
}
