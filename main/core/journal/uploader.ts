// Sends one journal batch to the records service (`POST /api/v1/journal/batches`, server/README.md
// "Journal archive") through the records service's one HTTP helper (records-http.ts). Its errors
// carry the HTTP status, which the sync engine needs (413 and 5xx: halve the batch; 401: wait for
// a token; no status: the network, back off).
import {
  JournalBatchResponse,
  type JournalEntry,
  type JournalEntryResult,
} from '../../../common/journal-chain.js';
import { createRecordsHttp, RecordsHttpError } from '../records-http.js';

export interface JournalBatch {
  deviceId: string;
  entries: readonly JournalEntry[];
}

/** One batch → one result per entry, in order; throws RecordsHttpError. */
export type SendBatch = (batch: JournalBatch) => Promise<JournalEntryResult[]>;

export interface JournalUploaderOptions {
  baseUrl: string;
  /** The signed-in agent's token, or null when nobody is signed in (the batch then waits). */
  token: () => string | null | Promise<string | null>;
  fetch?: typeof fetch;
  /** Per request; default 30 s (a 1 MiB batch on a slow line). */
  timeoutMs?: number;
}

export function createJournalUploader(options: JournalUploaderOptions): SendBatch {
  const http = createRecordsHttp({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return async (batch) => {
    const token = await options.token();
    if (!token)
      throw new RecordsHttpError(
        'unauthorized',
        'nobody is signed in: the journal waits for a token to sync',
        null,
      );
    const body = { deviceId: batch.deviceId, entries: batch.entries };
    const answer = await http.request('POST', '/api/v1/journal/batches', JournalBatchResponse, {
      token,
      body,
    });
    return answer.results;
  };
}
