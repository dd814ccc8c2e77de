// The desk's push stream client over a scripted fetch and a manual clock: every (re)connect is a
// `resync` for consumers, events are forwarded, a drop reconnects with backoff, a refusal stops,
// a stale stream (an earlier sign-in) never emits.
import { describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../../../../common/floor-api.js';
import { createRecordsEvents } from '../../../../../main/core/records-events/stream.js';
import { recordingLogger } from '../../../../support/fakes.js';
import { manualTimers } from '../../../../support/manual-timers.js';

/** A scripted server: each request gets a stream the test writes to, or a status. */
function scriptedFetch() {
  const requests: { auth: string | null; write(text: string): void; end(): void }[] = [];
  const statuses: number[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const status = statuses.shift() ?? 200;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const signal = init.signal!;
    signal.addEventListener('abort', () => controller.error(signal.reason));
    requests.push({
      auth: new Headers(init.headers).get('authorization'),
      // Writing to a connection the client dropped goes nowhere, as on a real socket.
      write: (text) => {
        try {
          controller.enqueue(new TextEncoder().encode(text));
        } catch {
          /* closed by the client */
        }
      },
      end: () => controller.close(),
    });
    return new Response(status === 200 ? body : '{}', { status });
  }) as typeof globalThis.fetch;
  return { fetch, requests, statuses };
}

const READY = 'retry: 3000\nevent: ready\ndata: {"username":"agent01"}\n\n';
const push = (kind: string, id: string | null = null, username: string | null = null) =>
  `data: ${JSON.stringify({ kind, id, username })}\n\n`;

function setup() {
  const clock = manualTimers();
  const server = scriptedFetch();
  const seen: DeskEvent[] = [];
  const stream = createRecordsEvents({
    baseUrl: 'http://records.test/',
    logger: recordingLogger(),
    fetch: server.fetch,
    timers: clock.timers,
    random: () => 0.5,
    idleMs: 45_000,
  });
  stream.subscribe((e) => seen.push(e));
  return { clock, server, seen, stream };
}

describe('records push stream', () => {
  it('announces resync on connect, forwards events, ignores comments and bad shapes', async () => {
    const { clock, server, seen, stream } = setup();
    stream.start('token-1');
    await clock.advance(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.auth).toBe('Bearer token-1');
    expect(stream.connected()).toBe(false);
    server.requests[0]!.write(READY);
    await clock.advance(0);
    expect(seen).toEqual([{ kind: 'resync', id: null, username: null }]);
    expect(stream.connected()).toBe(true);
    server.requests[0]!.write(': keep-alive\n\n' + push('approval.decided', 'a1', 'agent01'));
    server.requests[0]!.write('data: {"kind":"nonsense"}\n\ndata: not json\n\n');
    await clock.advance(0);
    expect(seen.slice(1)).toEqual([{ kind: 'approval.decided', id: 'a1', username: 'agent01' }]);
  });

  it('reconnects after a drop with backoff, and the reconnect is a resync again', async () => {
    const { clock, server, seen, stream } = setup();
    stream.start('token-1');
    await clock.advance(0);
    server.requests[0]!.write(READY);
    await clock.advance(0);
    server.requests[0]!.end();
    await clock.advance(0);
    expect(stream.connected()).toBe(false);
    // Attempt 0: half of the 1 s window.
    await clock.advance(499);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    expect(server.requests).toHaveLength(2);
    server.requests[1]!.write(READY);
    await clock.advance(0);
    expect(seen.filter((e) => e.kind === 'resync')).toHaveLength(2);
  });

  it('retries a 503 with growing delays; a silent stream is taken for dead', async () => {
    const { clock, server, stream } = setup();
    server.statuses.push(503, 503);
    stream.start('token-1');
    await clock.advance(0);
    await clock.advance(500);
    expect(server.requests).toHaveLength(2);
    await clock.advance(999);
    expect(server.requests).toHaveLength(2);
    await clock.advance(1);
    expect(server.requests).toHaveLength(3);
    server.requests[2]!.write(READY);
    await clock.advance(44_999);
    expect(server.requests).toHaveLength(3);
    await clock.advance(1 + 500);
    expect(server.requests).toHaveLength(4);
  });

  it('the service answering again cuts a long backoff short; nothing happens while the stream is up', async () => {
    const { clock, server, stream } = setup();
    server.statuses.push(...Array(10).fill(503));
    stream.start('token-1');
    await clock.advance(0);
    await clock.advance(30_500); // 500 + 1 000 + 2 000 + 4 000 + 8 000 + 15 000 ms of backoff
    const tries = server.requests.length;
    expect(tries).toBe(7); // and now waiting 15 s more
    server.statuses.length = 0;
    stream.retrySoon();
    await clock.advance(499);
    expect(server.requests).toHaveLength(tries);
    await clock.advance(1); // random 0.5 × the 1 s base: desks spread over a second
    expect(server.requests).toHaveLength(tries + 1);
    server.requests[tries]!.write(READY);
    await clock.advance(0);
    expect(stream.connected()).toBe(true);
    stream.retrySoon();
    await clock.advance(20_000);
    expect(server.requests).toHaveLength(tries + 1);
  });

  it('stops on 401 and on `event: end`; stop and a new start leave the old stream silent', async () => {
    const { clock, server, seen, stream } = setup();
    server.statuses.push(401);
    stream.start('token-1');
    await clock.advance(60_000);
    expect(server.requests).toHaveLength(1);

    stream.start('token-2');
    await clock.advance(0);
    const old = server.requests[1]!;
    old.write(READY);
    await clock.advance(0);
    stream.start('token-3');
    await clock.advance(0);
    const before = seen.length;
    old.write(push('desk.not-ready', 'o1', 'agent01'));
    await clock.advance(0);
    expect(seen).toHaveLength(before);
    const fresh = server.requests[2]!;
    expect(fresh.auth).toBe('Bearer token-3');
    fresh.write(READY + 'event: end\ndata: {"reason":"unauthorized"}\n\n');
    await clock.advance(60_000);
    expect(server.requests).toHaveLength(3);

    stream.start('token-4');
    await clock.advance(0);
    server.requests[3]!.write(READY);
    await clock.advance(0);
    stream.stop();
    const count = seen.length;
    server.requests[3]!.write(push('resync'));
    await clock.advance(60_000);
    expect(seen).toHaveLength(count);
    expect(server.requests).toHaveLength(4);
  });
});
