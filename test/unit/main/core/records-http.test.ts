// The one HTTP helper behind the records client and the journal uploader: every failure is a
// RecordsHttpError with a contract code and the HTTP status, never a raw fetch error.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../../common/result.js';
import {
  createRecordsHttp,
  isUnreachable,
  RecordsHttpError,
} from '../../../../main/core/records-http.js';

type Seen = { url: string; init: RequestInit };

function httpAnswering(answer: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return answer({ url, init });
  }) as unknown as typeof globalThis.fetch;
  return {
    http: createRecordsHttp({ baseUrl: 'http://records.test/', fetch, timeoutMs: 1000 }),
    seen,
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failure(promise: Promise<unknown>): Promise<RecordsHttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecordsHttpError);
  expect(error).toBeInstanceOf(AppError);
  return error as RecordsHttpError;
}

describe('records HTTP helper', () => {
  it('sends JSON with the bearer token and answers the body checked by its schema', async () => {
    const { http, seen } = httpAnswering(() => json(200, { status: 'ok', extra: 1 }));
    const body = await http.request('POST', '/api/v1/x', z.object({ status: z.string() }), {
      token: 't0k3n',
      body: { a: 1 },
    });
    expect(body).toEqual({ status: 'ok' });
    expect(http.baseUrl).toBe('http://records.test');
    expect(seen[0]!.url).toBe('http://records.test/api/v1/x');
    expect(seen[0]!.init.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: 'Bearer t0k3n',
    });
    expect(seen[0]!.init.body).toBe('{"a":1}');
  });

  it('a GET without a body sends no content type and no authorization without a token', async () => {
    const { http, seen } = httpAnswering(() => new Response(null, { status: 204 }));
    await expect(http.request('GET', '/health', null)).resolves.toBeUndefined();
    expect(seen[0]!.init.headers).toEqual({ accept: 'application/json' });
    expect(seen[0]!.init.body).toBeUndefined();
  });

  it('no answer at all is `unavailable` without a status', async () => {
    const { http } = httpAnswering(() => Promise.reject(new TypeError('fetch failed')));
    const error = await failure(http.request('GET', '/health', null));
    expect([error.code, error.status]).toEqual(['unavailable', null]);
    expect(error.message).toMatch(/unreachable: fetch failed/);
  });

  it('an answer lost after the request went out is `unavailable` without a status', async () => {
    const lost = new Response('{}', { status: 200 });
    Object.defineProperty(lost, 'text', {
      value: () => Promise.reject(new Error('socket hang up')),
    });
    const { http } = httpAnswering(() => lost);
    const error = await failure(
      http.request('POST', '/api/v1/journal/batches', null, { body: {} }),
    );
    expect([error.code, error.status]).toEqual(['unavailable', null]);
    expect(error.message).toMatch(/answer lost: socket hang up/);
  });

  it('a body that is not JSON is `unavailable` with the status', async () => {
    const { http } = httpAnswering(() => new Response('<html>bad gateway</html>', { status: 502 }));
    const error = await failure(http.request('GET', '/health', null));
    expect([error.code, error.status]).toEqual(['unavailable', 502]);
  });

  it("the service's own error code and message pass through, with the status", async () => {
    const { http } = httpAnswering(() =>
      json(429, { error: { code: 'rate-limited', message: 'slow down' } }),
    );
    const error = await failure(http.request('POST', '/api/v1/x', null, { body: {} }));
    expect([error.code, error.message, error.status]).toEqual(['rate-limited', 'slow down', 429]);
  });

  it('without a known code: 5xx is `unavailable`, anything else `internal`', async () => {
    const five = await failure(
      httpAnswering(() => json(503, { error: { code: 'teapot' } })).http.request('GET', '/x', null),
    );
    expect([five.code, five.message, five.status]).toEqual([
      'unavailable',
      'records service answered 503',
      503,
    ]);
    const four = await failure(
      httpAnswering(() => new Response('', { status: 404 })).http.request('GET', '/x', null),
    );
    expect([four.code, four.status]).toEqual(['internal', 404]);
  });

  it("the service's own 503 (a feature it cannot serve) is `unavailable` but not unreachable", async () => {
    const { http } = httpAnswering(() =>
      json(503, { error: { code: 'unavailable', message: 'no SMS gateway is configured' } }),
    );
    const error = await failure(http.request('POST', '/api/v1/verifications/x/otp', null));
    expect([error.code, error.status, error.fromService]).toEqual(['unavailable', 503, true]);
    expect(isUnreachable(error)).toBe(false);
  });

  it('no answer, a proxy page or a 5xx outside the error shape is unreachable', async () => {
    const none = await failure(
      httpAnswering(() => Promise.reject(new TypeError('fetch failed'))).http.request(
        'GET',
        '/x',
        null,
      ),
    );
    const proxy = await failure(
      httpAnswering(() => new Response('<html>503</html>', { status: 503 })).http.request(
        'GET',
        '/x',
        null,
      ),
    );
    const foreign = await failure(
      httpAnswering(() => json(502, { error: { code: 'teapot' } })).http.request('GET', '/x', null),
    );
    for (const error of [none, proxy, foreign]) {
      expect(error.fromService).toBe(false);
      expect(isUnreachable(error)).toBe(true);
    }
    // A plain AppError `unavailable` (raised before any exchange) is unreachable too; other
    // codes and other errors are not.
    expect(isUnreachable(new AppError('unavailable', 'x'))).toBe(true);
    expect(isUnreachable(new RecordsHttpError('internal', 'x', 500, true))).toBe(false);
    expect(isUnreachable(new RecordsHttpError('rate-limited', 'x', 429, true))).toBe(false);
    expect(isUnreachable(new Error('x'))).toBe(false);
  });

  it('an answer of the wrong shape is `internal`, naming the path but never the query', async () => {
    const { http } = httpAnswering(() => json(200, { nope: true }));
    const error = await failure(
      http.request(
        'GET',
        '/api/v1/customers?mobile=13900000001',
        z.object({ customers: z.array(z.unknown()) }),
      ),
    );
    expect(error.code).toBe('internal');
    expect(error.message).toBe(
      'records service answer for GET /api/v1/customers does not match the expected shape',
    );
  });
});
