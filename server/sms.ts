// The SMS gateway the records service sends one-time passcodes through (Art. 7). The passcode
// reaches the customer's reserved mobile and nobody else: never a log, a response or the agent.
// Adapters: a file outbox (JSON lines, development and tests) and an HTTP webhook.
// No error ever holds the text (the passcode), a webhook header value or the URL's query (either
// may hold an API key): errors name the origin and the HTTP status only.
import { randomUUID } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fullJitterDelay } from '../common/backoff.js';

export interface SmsMessage {
  /** The reserved mobile, 11 digits (normalized). */
  to: string;
  /** The text as the customer reads it; holds the passcode — never log it. */
  text: string;
}

export interface SmsGateway {
  /** Resolves once the gateway accepted the message; rejects (SmsError) if it could not. */
  send(message: SmsMessage): Promise<void>;
  /** For logs and /health: `file` or `webhook`. */
  readonly kind: string;
  /** Where messages go, for logs: the outbox path or the webhook's origin — never a credential. */
  readonly target?: string;
  /** Optional start-up check (the outbox folder is writable), so a bad flag fails at start. */
  ready?(): Promise<void>;
}

export class SmsError extends Error {
  override name = 'SmsError';
}

// ---------------------------------------------------------------------------------------------
// File outbox

/** One line of the outbox file. */
export interface OutboxLine {
  id: string;
  /** ISO 8601, UTC. */
  sentAt: string;
  to: string;
  text: string;
}

export interface FileOutboxOptions {
  now?: () => Date;
  newId?: () => string;
}

/**
 * Appends one JSON object per line (`{id, sentAt, to, text}`) to `path`; the folder is created
 * when missing and the file is created 0600 (it holds passcodes). Each line goes out in one
 * write() on an O_APPEND descriptor and is fsync'd before `send` resolves, so a reader (a test,
 * a developer's `tail -f`) never sees half a line, even with several processes appending. Sends
 * from this process are also queued, so a short write can never interleave two lines.
 */
export function createFileOutbox(path: string, options: FileOutboxOptions = {}): SmsGateway {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  let queue: Promise<unknown> = Promise.resolve();

  const failure = (error: unknown): SmsError => {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return new SmsError(`SMS outbox: cannot write ${path} (${code})`);
  };

  async function append(line: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    // 'a' = O_WRONLY | O_CREAT | O_APPEND. Opened per message, so a rotated or deleted outbox is
    // recreated rather than written into an unlinked inode.
    const handle = await open(path, 'a', 0o600);
    try {
      const bytes = Buffer.from(line, 'utf8');
      let offset = 0;
      // One write() in practice; the loop only guards against a short write (e.g. disk full).
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        offset += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    kind: 'file',
    target: path,
    async ready() {
      try {
        await mkdir(dirname(path), { recursive: true });
        await (await open(path, 'a', 0o600)).close();
      } catch (error) {
        throw failure(error);
      }
    },
    send(message: SmsMessage): Promise<void> {
      const record: OutboxLine = {
        id: newId(),
        sentAt: now().toISOString(),
        to: message.to,
        text: message.text,
      };
      const line = `${JSON.stringify(record)}\n`;
      const sent = queue
        .then(() => append(line))
        .catch((error: unknown) => {
          throw failure(error);
        });
      queue = sent.catch(() => {}); // one failed send does not block the next
      return sent;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP webhook

export const DEFAULT_SMS_TIMEOUT_MS = 5000;
export const DEFAULT_SMS_RETRIES = 3;

export interface WebhookGatewayOptions {
  /** http(s) URL the message is POSTed to. */
  url: string;
  /** Sent with every request, e.g. `{authorization: 'Bearer …'}`; values are never logged. */
  headers?: Readonly<Record<string, string>>;
  /** Per attempt. Default 5000. */
  timeoutMs?: number;
  /** Further attempts after the first on a network error, a timeout, a 5xx or a 429. Default 3. */
  retries?: number;
  /** Backoff before retry n (0-based): a random delay in [0, min(maxDelay, base · 2^n)]. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
  newId?: () => string;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Statuses worth another attempt: the gateway is overloaded or failed, not our request. */
const retryable = (status: number) => status >= 500 || status === 429;

/**
 * POSTs `{"to":"13800138000","text":"…"}` (content-type application/json) to `url` with the
 * configured headers plus `idempotency-key: <uuid>`, the same on every attempt for one message,
 * so a gateway that honours it does not send the SMS twice when an answer was lost. Any 2xx is
 * success. A network error, a timeout, a 5xx or a 429 is retried (full-jitter backoff); any other
 * status is permanent. Rejects with an SmsError naming the origin and the last status or error.
 */
export function createWebhookGateway(options: WebhookGatewayOptions): SmsGateway {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new SmsError('SMS webhook: the URL is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SmsError('SMS webhook: the URL must be http:// or https://');
  const origin = url.origin; // for messages: never the path's query or userinfo (may hold a key)
  // Lower-cased, so our content-type and idempotency-key replace a configured one, never join it.
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMS_TIMEOUT_MS;
  const retries = options.retries ?? DEFAULT_SMS_RETRIES;
  const baseMs = options.backoffBaseMs ?? 100;
  const maxMs = options.backoffMaxMs ?? 2000;
  const sleep = options.sleep ?? sleepMs;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  const newId = options.newId ?? randomUUID;

  /** One attempt: `ok`, or why not and whether another attempt could help. */
  async function attempt(
    body: string,
    key: string,
  ): Promise<{ ok: true } | { ok: false; retry: boolean; reason: string }> {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error', // a redirect would resend the passcode somewhere unconfigured
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        return { ok: false, retry: true, reason: `no answer within ${timeoutMs} ms` };
      const cause = (error as { cause?: { code?: unknown } }).cause;
      const code = typeof cause?.code === 'string' ? cause.code : 'network error';
      return { ok: false, retry: true, reason: code };
    }
    // The body is never read into a message (a gateway may echo the text); drain it to free the
    // socket.
    await response.body?.cancel().catch(() => {});
    if (response.ok) return { ok: true };
    return { ok: false, retry: retryable(response.status), reason: `HTTP ${response.status}` };
  }

  return {
    kind: 'webhook',
    target: origin,
    async send(message: SmsMessage): Promise<void> {
      const body = JSON.stringify({ to: message.to, text: message.text });
      const key = newId();
      for (let n = 0; ; n++) {
        const result = await attempt(body, key);
        if (result.ok) return;
        if (!result.retry)
          throw new SmsError(
            `SMS webhook ${origin} refused the message: ${result.reason} (not retried)`,
          );
        if (n >= retries)
          throw new SmsError(
            `SMS webhook ${origin} failed after ${n + 1} attempt${n === 0 ? '' : 's'}: ${result.reason}`,
          );
        await sleep(fullJitterDelay(n, { baseMs, capMs: maxMs }, random));
      }
    },
  };
}
