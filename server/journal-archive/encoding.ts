// Journal batch bodies may come gzipped (the desk compresses bodies worth it). The 1 MiB limit is
// on the JSON after decompression, and inflating stops the moment it is passed: a small body that
// inflates to gigabytes (a zip bomb) costs at most the limit. Other encodings are refused (415).
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Fastify's code for a body over its limit: the route answers it 413 like an identity body. */
export const TOO_LARGE = 'FST_ERR_CTP_BODY_TOO_LARGE';
export const UNSUPPORTED_ENCODING = 'ERR_UNSUPPORTED_CONTENT_ENCODING';

const failure = (message: string, statusCode: number, code: string) =>
  Object.assign(new Error(message), { statusCode, code });

/** The request body as JSON bytes: as sent, or gunzipped within `limit`; throws for others. */
export function decodedBody(
  request: { headers: IncomingMessage['headers'] },
  payload: Readable,
  limit: number,
): Readable {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return payload;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipWithin(payload, limit);
  throw failure('content-encoding must be gzip or identity', 415, UNSUPPORTED_ENCODING);
}

/**
 * Gunzips `raw` into the stream Fastify reads, counting both sides: over `limit` compressed or
 * inflated, inflating stops and the body fails 413; bytes that are not gzip fail 400.
 * `receivedEncodedLength` lets Fastify check Content-Length against what came over the wire.
 */
function gunzipWithin(raw: Readable, limit: number): Readable {
  const gunzip = createGunzip();
  const body = Object.assign(new PassThrough(), { receivedEncodedLength: 0 });
  let inflated = 0;
  let stopped = false;
  const stop = (error: Error) => {
    if (stopped) return;
    stopped = true;
    raw.unpipe(gunzip);
    raw.resume(); // the rest of the request is read and dropped, so the answer still goes out
    gunzip.destroy();
    body.destroy(error);
  };
  raw.on('data', (chunk: Buffer) => {
    body.receivedEncodedLength += chunk.length;
    if (body.receivedEncodedLength > limit) stop(failure('body too large', 413, TOO_LARGE));
  });
  gunzip.on('data', (chunk: Buffer) => {
    inflated += chunk.length;
    if (inflated > limit) stop(failure('body too large once decompressed', 413, TOO_LARGE));
    else body.write(chunk);
  });
  gunzip.on('end', () => {
    if (!stopped) body.end();
  });
  gunzip.on('error', () => stop(failure('body is not valid gzip', 400, 'ERR_BAD_GZIP')));
  raw.on('error', (error) => stop(error));
  raw.pipe(gunzip);
  return body;
}
