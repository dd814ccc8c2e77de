// Sends one journal batch to the records service (`POST /api/v1/journal/batches`, server/README.md
// "Journal archive"). Same error mapping as main/core/records-client.ts — every failure is an
// AppError with a contract code, a network failure is `unavailable` — plus the HTTP status, which
// the sync engine needs (413 and 5xx: halve the batch; 401: wait for a token; network: back off).
// Its own small fetch, so the records client (edited elsewhere) needs no change.
import { JournalBatchResponse, type JournalEntry, type JournalEntryResult } from '../../../common/journal-chain.js';
import { AppError, isErrorCode, type ErrorCode } from '../../../common/result.js';

export interface JournalBatch {
  deviceId: string;
  entries: readonly JournalEntry[];
}

/** One batch → one result per entry, in order; throws JournalSendError. */
export type SendBatch = (batch: JournalBatch) => Promise<JournalEntryResult[]>;

export class JournalSendError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    /** The HTTP status, or null when no answer came (network, timeout). */
    readonly status: number | null,
  ) {
    super(code, message);
    this.name = 'JournalSendError';
  }
}

export interface JournalUploaderOptions {
  baseUrl: string;
  /** The signed-in agent's token, or null when nobody is signed in (the batch then waits). */
  token: () => string | null | Promise<string | null>;
  fetch?: typeof fetch;
  /** Per request; default 30 s (a 1 MiB batch on a slow line). */
  timeoutMs?: number;
}

export function createJournalUploader(options: JournalUploaderOptions): SendBatch {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/v1/journal/batches`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return async (batch) => {
    const token = await options.token();
    if (!token) throw new JournalSendError('unauthorized', 'nobody is signed in: the journal waits for a token to sync', null);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ deviceId: batch.deviceId, entries: batch.entries }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new JournalSendError('unavailable', `records service unreachable: ${(error as Error).message}`, null);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The connection dropped after the request was sent: the batch may or may not have committed.
      throw new JournalSendError('unavailable', `records service answer lost: ${(error as Error).message}`, null);
    }
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new JournalSendError('unavailable', `records service answered ${response.status} with a body that is not JSON`, response.status);
      }
    }
    if (!response.ok) {
      const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code = isErrorCode(error?.code) ? error.code : response.status >= 500 ? 'unavailable' : 'internal';
      const message = typeof error?.message === 'string' ? error.message : `records service answered ${response.status}`;
      throw new JournalSendError(code, message, response.status);
    }
    const parsed = JournalBatchResponse.safeParse(body);
    if (!parsed.success) throw new JournalSendError('internal', 'records service answer for POST /api/v1/journal/batches does not match the expected shape', response.status);
    return parsed.data.results;
  };
}
