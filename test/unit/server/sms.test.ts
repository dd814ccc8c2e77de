// The SMS adapters (Art. 7): the file outbox writes whole, parseable lines even under concurrent
// sends; the webhook POSTs to a real local HTTP server, retries what is worth retrying, gives up
// on what is not, and never puts the passcode or a header value in an error.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFileOutbox,
  createWebhookGateway,
  SmsError,
  type OutboxLine,
} from '../../../server/sms.js';

const PASSCODE_TEXT = '【示例银行】您的验证码为 482915，5 分钟内有效。请勿告知他人。';
const API_KEY = 'sk-live-very-secret-key';

describe('createFileOutbox', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-outbox-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as OutboxLine);

  it('appends one JSON object per line with id, sentAt (ISO), to and text; creates the folder', async () => {
    const file = join(dir, 'nested', 'deeper', 'outbox.jsonl');
    const outbox = createFileOutbox(file, { now: () => new Date('2026-03-02T09:00:00.000Z') });
    expect(outbox.kind).toBe('file');
    await outbox.send({ to: '13800138000', text: PASSCODE_TEXT });
    await outbox.send({ to: '13900139000', text: 'second' });
    const raw = readFileSync(file, 'utf8');
    expect(raw.endsWith('\n')).toBe(true);
    expect(lines(file)).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sentAt: '2026-03-02T09:00:00.000Z',
        to: '13800138000',
        text: PASSCODE_TEXT,
      },
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sentAt: '2026-03-02T09:00:00.000Z',
        to: '13900139000',
        text: 'second',
      },
    ]);
    expect(new Set(lines(file).map((line) => line.id)).size).toBe(2);
    expect(statSync(file).mode & 0o077).toBe(0); // holds passcodes: owner only
  });

  it('keeps every line intact under 50 concurrent sends (and two outboxes on one file)', async () => {
    const file = join(dir, 'concurrent.jsonl');
    const a = createFileOutbox(file);
    const b = createFileOutbox(file); // another process would look like this: its own queue
    const long = 'x'.repeat(8000); // beyond one pipe buffer, so a torn write would show
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? a : b).send({ to: `138${String(i).padStart(8, '0')}`, text: `${i}:${long}:${i}` }),
      ),
    );
    const got = lines(file);
    expect(got).toHaveLength(50);
    expect(got.map((line) => line.to).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `138${String(i).padStart(8, '0')}`).sort(),
    );
    for (const line of got)
      expect(line.text).toBe(`${Number(line.to.slice(3))}:${long}:${Number(line.to.slice(3))}`);
  });

  it('appends to an existing file without touching what is there', async () => {
    const file = join(dir, 'existing.jsonl');
    writeFileSync(file, '{"id":"old","sentAt":"2026-01-01T00:00:00.000Z","to":"1","text":"old"}\n');
    await createFileOutbox(file).send({ to: '13800138000', text: 'new' });
    expect(lines(file).map((line) => line.text)).toEqual(['old', 'new']);
  });

  it('rejects with SmsError, without the text, when the path cannot be written', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const underAFile = createFileOutbox(join(blocker, 'outbox.jsonl')); // a folder that is a file
    const error = await underAFile
      .send({ to: '13800138000', text: PASSCODE_TEXT })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsError);
    expect((error as Error).message).toMatch(
      /SMS outbox: cannot write .*outbox\.jsonl \((ENOTDIR|EEXIST)\)$/,
    );
    expect((error as Error).message).not.toContain('482915');
    await expect(underAFile.ready!()).rejects.toBeInstanceOf(SmsError);

    const isDir = createFileOutbox(dir); // the path is a folder
    await expect(isDir.send({ to: '13800138000', text: 'x' })).rejects.toThrow(/EISDIR/);

    if (process.getuid?.() !== 0) {
      const readOnly = join(dir, 'read-only');
      rmSync(readOnly, { recursive: true, force: true });
      const outbox = createFileOutbox(join(readOnly, 'outbox.jsonl'));
      await outbox.ready!(); // creates the folder
      chmodSync(readOnly, 0o500);
      rmSync(join(readOnly, 'outbox.jsonl'));
      try {
        await expect(outbox.send({ to: '13800138000', text: 'x' })).rejects.toThrow(/EACCES/);
      } finally {
        chmodSync(readOnly, 0o700);
      }
    }
  });

  it('a failed send does not block the next one', async () => {
    const file = join(dir, 'recovering', 'outbox.jsonl');
    const outbox = createFileOutbox(file);
    writeFileSync(join(dir, 'recovering'), ''); // the folder's name is taken by a file
    await expect(outbox.send({ to: '13800138000', text: 'lost' })).rejects.toBeInstanceOf(SmsError);
    rmSync(join(dir, 'recovering'));
    await outbox.send({ to: '13800138000', text: 'kept' });
    expect(lines(file).map((line) => line.text)).toEqual(['kept']);
  });
});

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('createWebhookGateway (real HTTP)', () => {
  let server: Server;
  let base: string;
  let received: Received[];
  /** What the server does with the n-th request (0-based); the default answers 200. */
  let behaviour: (
    n: number,
    req: Received,
  ) => { status: number; delayMs?: number; body?: string } | 'hang' | 'destroy';
  const sleeps: number[] = [];
  const fast = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const entry = { method: req.method, url: req.url, headers: req.headers, body };
        const action = behaviour(received.length, entry);
        received.push(entry);
        if (action === 'hang') return; // never answers: the client's timeout must fire
        if (action === 'destroy') return void req.socket.destroy();
        setTimeout(
          () =>
            res
              .writeHead(action.status, { 'content-type': 'application/json' })
              .end(action.body ?? '{}'),
          action.delayMs ?? 0,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  afterEach(() => {
    received = [];
    sleeps.length = 0;
    behaviour = () => ({ status: 200 });
  });
  received = [];
  behaviour = () => ({ status: 200 });

  const gateway = (overrides: Partial<Parameters<typeof createWebhookGateway>[0]> = {}) =>
    createWebhookGateway({
      url: `${base}/sms/send?key=${API_KEY}`,
      headers: { Authorization: `Bearer ${API_KEY}`, 'X-Tenant': 'bank-7' },
      timeoutMs: 2000,
      retries: 3,
      ...fast,
      ...overrides,
    });

  /**
   * The error's message never holds the passcode, the API key (header or query) or the tenant
   * header.
   */
  const expectClean = (error: unknown) => {
    expect(error).toBeInstanceOf(SmsError);
    const message = (error as Error).message;
    for (const secret of ['482915', PASSCODE_TEXT, API_KEY, 'bank-7', '13800138000'])
      expect(message).not.toContain(secret);
  };

  it('POSTs {to, text} as JSON with the configured headers and an idempotency key', async () => {
    const sms = gateway();
    expect(sms.kind).toBe('webhook');
    expect(sms.target).toBe(base);
    await sms.send({ to: '13800138000', text: PASSCODE_TEXT });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`/sms/send?key=${API_KEY}`);
    expect(JSON.parse(request!.body)).toEqual({ to: '13800138000', text: PASSCODE_TEXT });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: `Bearer ${API_KEY}`,
      'x-tenant': 'bank-7',
      'idempotency-key': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('accepts any 2xx', async () => {
    behaviour = () => ({ status: 202 });
    await gateway().send({ to: '13800138000', text: 'x' });
    behaviour = () => ({ status: 204 });
    await gateway().send({ to: '13800138000', text: 'x' });
    expect(received).toHaveLength(2);
  });

  it('times out an attempt that gets no answer, and says so', async () => {
    behaviour = () => 'hang';
    const started = Date.now();
    const error = await gateway({ timeoutMs: 150, retries: 0 })
      .send({ to: '13800138000', text: PASSCODE_TEXT })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1500);
    expectClean(error);
    expect((error as Error).message).toBe(
      `SMS webhook ${base} failed after 1 attempt: no answer within 150 ms`,
    );
  });

  it('retries a timeout, a dropped connection, a 503 and a 429, then succeeds — one idempotency key throughout', async () => {
    behaviour = (n) =>
      n === 0
        ? 'hang'
        : n === 1
          ? 'destroy'
          : n === 2
            ? { status: 503 }
            : n === 3
              ? { status: 429 }
              : { status: 200 };
    await gateway({ timeoutMs: 150, retries: 4 }).send({ to: '13800138000', text: PASSCODE_TEXT });
    expect(received).toHaveLength(5);
    expect(new Set(received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    for (const r of received)
      expect(JSON.parse(r.body)).toEqual({ to: '13800138000', text: PASSCODE_TEXT });
    // full jitter with random() = 0.5, base 100 ms: half of 100, 200, 400, 800
    expect(sleeps).toEqual([50, 100, 200, 400]);
  });

  it('treats a 4xx other than 429 as permanent: one attempt, no retry', async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      received = [];
      behaviour = () => ({ status, body: JSON.stringify({ error: `bad text ${PASSCODE_TEXT}` }) });
      const error = await gateway()
        .send({ to: '13800138000', text: PASSCODE_TEXT })
        .catch((e: unknown) => e);
      expectClean(error);
      expect((error as Error).message).toBe(
        `SMS webhook ${base} refused the message: HTTP ${status} (not retried)`,
      );
      expect(received).toHaveLength(1);
    }
    expect(sleeps).toEqual([]);
  });

  it('gives up after 1 + retries attempts of 5xx', async () => {
    behaviour = () => ({ status: 500 });
    const error = await gateway({ retries: 3 })
      .send({ to: '13800138000', text: PASSCODE_TEXT })
      .catch((e: unknown) => e);
    expectClean(error);
    expect((error as Error).message).toBe(`SMS webhook ${base} failed after 4 attempts: HTTP 500`);
    expect(received).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('reports a refused connection by its code only', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await gateway({ url: `http://127.0.0.1:${port}/?token=${API_KEY}`, retries: 1 })
      .send({ to: '13800138000', text: PASSCODE_TEXT })
      .catch((e: unknown) => e);
    expectClean(error);
    expect((error as Error).message).toBe(
      `SMS webhook http://127.0.0.1:${port} failed after 2 attempts: ECONNREFUSED`,
    );
  });

  it('does not follow redirects (the passcode would go somewhere unconfigured)', async () => {
    behaviour = () => ({ status: 307 });
    const error = await gateway({ retries: 0 })
      .send({ to: '13800138000', text: 'x' })
      .catch((e: unknown) => e);
    expectClean(error);
    expect(received).toHaveLength(1);
  });

  it('refuses a URL that is not http(s), without echoing it', () => {
    expect(() => createWebhookGateway({ url: `ftp://u:${API_KEY}@host/` })).toThrow(SmsError);
    expect(() => createWebhookGateway({ url: `not a url ${API_KEY}` })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(API_KEY) }),
    );
  });
});
