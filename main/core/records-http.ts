// One HTTP exchange with the records service, shared by the records client and the journal
// uploader. Every failure becomes a RecordsHttpError: a contract code from the service's
// `{error:{code,message}}` body, and the HTTP status (null when no answer came). No answer is
// `unavailable` — the outage path (Art. 12) keys off it. It never logs and never quotes a body.
import type { z } from 'zod';
import { retryAfterMs } from '../../common/backoff.js';
import { AppError, isErrorCode, type ErrorCode } from '../../common/result.js';

export class RecordsHttpError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    /** The HTTP status, or null when no answer came (network, timeout, the answer lost). */
    readonly status: number | null,
    /**
     * The records service itself refused, in its own error shape: it is there, even when the code
     * is `unavailable` (a feature it cannot serve, e.g. no SMS gateway). False for no answer and
     * for an answer not in that shape (a proxy's 502/503 page stands for a service that is down).
     */
    readonly fromService = false,
    extra: { retryAfterMs?: number | null; details?: Readonly<Record<string, unknown>> } = {},
  ) {
    super(code, message);
    this.name = 'RecordsHttpError';
    this.retryAfterMs = extra.retryAfterMs ?? null;
    this.details = extra.details ?? {};
  }
  /** The answer's `Retry-After` in ms (back-pressure: come back no sooner), or null. */
  readonly retryAfterMs: number | null;
  /**
   * The error body's fields besides the message, its code as sent among them (one this desk does
   * not know yet becomes `internal` above): e.g. `{code: 'journal-ahead', headSeq}`.
   */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Whether `error` means the records service could not be reached (Art. 12 outage): `unavailable`
 * with no answer from the service. A refusal the service answered itself — even a 503 — means it
 * is reachable. The health probe and the journal sync judge their own answers (connectivity.ts).
 */
export const isUnreachable = (error: unknown): boolean =>
  error instanceof AppError &&
  error.code === 'unavailable' &&
  !(error instanceof RecordsHttpError && error.fromService);

export interface RecordsHttpOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per request. */
  timeoutMs: number;
}

export interface RecordsRequestInit {
  /** Sent as JSON. */
  body?: unknown;
  /** A JSON body already serialised, and compressed when `encoding` says so: sent as is. */
  json?: { bytes: Uint8Array<ArrayBuffer> | string; encoding?: 'gzip' };
  /** The agent's bearer token. */
  token?: string;
  /** More request headers (e.g. `journal-pipelined`). */
  headers?: Readonly<Record<string, string>>;
  /** Sees the headers of every answer, an error's too, before its body is judged. */
  onResponse?: (headers: Headers) => void;
}

export interface RecordsHttp {
  /** Without a trailing slash. */
  readonly baseUrl: string;
  /** The answer's body checked against `schema` (nothing when null); throws RecordsHttpError. */
  request<T>(
    method: string,
    route: string,
    schema: z.ZodType<T> | null,
    init?: RecordsRequestInit,
  ): Promise<T>;
  /**
   * A GET whose answer is a file (a CSV report): its text and the name the service gave it
   * (Content-Disposition `filename*`); an error answer throws RecordsHttpError as `request` does.
   */
  download(
    route: string,
    accept: string,
    init?: RecordsRequestInit,
  ): Promise<{ text: string; filename: string | null }>;
}

export function createRecordsHttp(options: RecordsHttpOptions): RecordsHttp {
  const doFetch = options.fetch ?? fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  async function exchangeText(
    method: string,
    route: string,
    init: RecordsRequestInit,
    accept = 'application/json',
  ): Promise<{ response: Response; text: string }> {
    const headers: Record<string, string> = { ...init.headers, accept };
    const body =
      init.json?.bytes ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (init.json?.encoding) headers['content-encoding'] = init.json.encoding;
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${route}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new RecordsHttpError(
        'unavailable',
        `records service unreachable: ${(error as Error).message}`,
        null,
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The connection dropped after the request was sent: it may or may not have taken effect.
      throw new RecordsHttpError(
        'unavailable',
        `records service answer lost: ${(error as Error).message}`,
        null,
      );
    }
    init.onResponse?.(response.headers);
    return { response, text };
  }

  const parseBody = (response: Response, text: string): unknown => {
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new RecordsHttpError(
        'unavailable',
        `records service answered ${response.status} with a body that is not JSON`,
        response.status,
      );
    }
  };

  const failure = (response: Response, body: unknown): RecordsHttpError => {
    const error = (
      body as
        { error?: { code?: unknown; message?: unknown; [field: string]: unknown } } | undefined
    )?.error;
    const fromService = isErrorCode(error?.code);
    const code = isErrorCode(error?.code)
      ? error.code
      : response.status >= 500
        ? 'unavailable'
        : 'internal';
    const message =
      typeof error?.message === 'string'
        ? error.message
        : `records service answered ${response.status}`;
    const details = Object.fromEntries(
      Object.entries(typeof error === 'object' && error !== null ? error : {}).filter(
        ([field]) => field !== 'message',
      ),
    );
    return new RecordsHttpError(code, message, response.status, fromService, {
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), Date.now()),
      details,
    });
  };

  async function request<T>(
    method: string,
    route: string,
    schema: z.ZodType<T> | null,
    init: RecordsRequestInit = {},
  ): Promise<T> {
    const { response, text } = await exchangeText(method, route, init);
    const body = parseBody(response, text);
    if (!response.ok) throw failure(response, body);
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(body);
    // The path only: a query string may hold a caller number (Art. 11).
    const where = `${method} ${route.split('?')[0]}`;
    if (!parsed.success)
      throw new RecordsHttpError(
        'internal',
        `records service answer for ${where} does not match the expected shape`,
        response.status,
      );
    return parsed.data;
  }

  async function download(route: string, accept: string, init: RecordsRequestInit = {}) {
    const { response, text } = await exchangeText('GET', route, init, accept);
    if (!response.ok) throw failure(response, parseBody(response, text));
    const disposition = response.headers.get('content-disposition') ?? '';
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    let filename: string | null = null;
    try {
      filename = encoded ? decodeURIComponent(encoded) : null;
    } catch {
      filename = null;
    }
    return { text, filename };
  }

  return { baseUrl, request, download };
}
