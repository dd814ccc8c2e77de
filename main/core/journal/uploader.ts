// Sends one journal batch to the records service (`POST /api/v1/journal/batches`, server/README.md
// "Journal archive") through the records service's one HTTP helper (records-http.ts). Its errors
// carry the HTTP status, which the sync engine needs (413 and 5xx: halve the batch; 401: wait for
// a token; no status: the network, back off). With the device's identity, the device is
// registered once per run (idempotent) and every batch is signed (device-key.ts).
import { DeviceView } from '../../../common/devices-api.js';
import {
  JournalBatchResponse,
  type JournalEntry,
  type JournalEntryResult,
} from '../../../common/journal-chain.js';
import { createRecordsHttp, RecordsHttpError } from '../records-http.js';
import type { DeviceIdentity } from './device-key.js';

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
  /** The desk's signing identity: registers the device, signs each batch. */
  device?: DeviceIdentity;
}

export function createJournalUploader(options: JournalUploaderOptions): SendBatch {
  const http = createRecordsHttp({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let registered: Promise<true> | null = null;
  return async (batch) => {
    const token = await options.token();
    if (!token)
      throw new RecordsHttpError(
        'unauthorized',
        'nobody is signed in: the journal waits for a token to sync',
        null,
      );
    const { device } = options;
    let body: object = { deviceId: batch.deviceId, entries: batch.entries };
    if (device) {
      // Once per run: the same key again is a no-op; another key for this device is refused (409).
      registered ??= http
        .request('POST', '/api/v1/devices', DeviceView, {
          token,
          body: {
            deviceId: device.deviceId,
            publicKey: device.publicKey,
            chainKey: device.chainKey,
            keyedFrom: device.keyedFrom(),
          },
        })
        .then(
          () => true,
          (error: unknown) => {
            registered = null;
            throw error;
          },
        );
      await registered;
      body = { ...body, signature: device.signBatch(batch.deviceId, batch.entries) };
    }
    const answer = await http.request('POST', '/api/v1/journal/batches', JournalBatchResponse, {
      token,
      body,
    });
    return answer.results;
  };
}
