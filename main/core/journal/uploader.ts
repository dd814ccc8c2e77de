// Sends one journal batch to the records service (`POST /api/v1/journal/batches`, server/README.md
// "Journal archive") through the records service's one HTTP helper (records-http.ts). Its errors
// carry the HTTP status, which the sync engine needs (413 and 5xx: halve the batch; 401: wait for
// a token; no status: the network, back off). With the device's identity, the device is
// registered once per run (idempotent) and every batch is signed (device-key.ts) over its entries,
// whatever the body's encoding: a body over GZIP_MIN_BYTES goes gzipped once the archive has said
// it reads gzip (`Accept-Encoding` on an answer, RFC 7694) and until it refuses it (415).
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
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
  /**
   * Sent while an earlier batch of the device is unanswered (`Journal-Pipelined: 1`): if it starts
   * past the archive's head, the archive stores nothing and answers `409 journal-ahead`.
   */
  pipelined?: boolean;
}

/**
 * One batch → one result per entry, in order; throws RecordsHttpError. `pipelines()` is true once
 * the archive has said it honours `Journal-Pipelined` (absent: never send a second batch early).
 */
export type SendBatch = ((batch: JournalBatch) => Promise<JournalEntryResult[]>) & {
  pipelines?: () => boolean;
};

/**
 * Bodies above this are gzipped: below it the header and the deflate blocks eat most of the gain,
 * and a batch of a few entries is not worth a trip through the thread pool.
 */
export const GZIP_MIN_BYTES = 8 * 1024;
const ROUTE = '/api/v1/journal/batches';
const gzipAsync = promisify(gzip);

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
  // What this run learnt about the archive: it reads gzip (an older one answers 400 to it), or
  // refused it (identity from then on); it honours Journal-Pipelined (an older one would take an
  // overtaking batch for a chain break and refuse the batch before it).
  let gzipRead = false;
  let identityOnly = false;
  let pipelines = false;

  const post = (
    token: string,
    batch: JournalBatch,
    bytes: Uint8Array<ArrayBuffer> | string,
    gzipped: boolean,
  ) =>
    http.request('POST', ROUTE, JournalBatchResponse, {
      token,
      json: gzipped ? { bytes, encoding: 'gzip' } : { bytes },
      ...(batch.pipelined ? { headers: { 'journal-pipelined': '1' } } : {}),
      onResponse: (headers) => {
        if (headers.get('journal-pipelined') === '1') pipelines = true;
        if (/\bgzip\b/i.test(headers.get('accept-encoding') ?? '')) gzipRead = true;
      },
    });

  // Batches go on the wire in the order they were handed over: a second batch whose gzip finished
  // first would otherwise overtake the first and come back `journal-ahead` (one round trip lost).
  let onWire: Promise<void> = Promise.resolve();

  async function sendJson(token: string, batch: JournalBatch, json: string) {
    const before = onWire;
    let sent!: () => void;
    onWire = new Promise((resolve) => (sent = resolve));
    try {
      const plain = !gzipRead || identityOnly || Buffer.byteLength(json, 'utf8') <= GZIP_MIN_BYTES;
      // Level 1: a batch is mostly hashes and UUIDs, which higher levels barely shrink further.
      const gzipped = plain ? null : await gzipAsync(json, { level: constants.Z_BEST_SPEED });
      await before;
      const first = gzipped ? post(token, batch, gzipped, true) : post(token, batch, json, false);
      sent();
      if (!gzipped) return await first;
      try {
        return await first;
      } catch (error) {
        // 415: the archive takes no gzip (say, an older instance behind the same address during an
        // upgrade). 400: such an instance read the gzip bytes as JSON — or the content is refused,
        // which the same body as identity tells apart.
        const status = error instanceof RecordsHttpError ? error.status : null;
        if (status !== 415 && status !== 400) throw error;
        if (status === 415) identityOnly = true;
        const answer = await post(token, batch, json, false);
        identityOnly = true;
        return answer;
      }
    } finally {
      sent();
    }
  }

  const send: SendBatch = async (batch) => {
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
    const answer = await sendJson(token, batch, JSON.stringify(body));
    return answer.results;
  };
  send.pipelines = () => pipelines;
  return send;
}
