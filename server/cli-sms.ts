// The SMS gateway's flags for `npm run server` (one-time passcodes, Art. 7): a file outbox for
// development, or a webhook — https unless on this machine or explicitly allowed (Art. 15), its
// headers checked and never echoed (they may hold an API key).
import { statSync } from 'node:fs';
import { isLoopbackHost } from '../common/transport.js';
import { CliUsageError, integerFlag, type FlagValues } from './cli-flags.js';
import { DEFAULT_SMS_RETRIES, DEFAULT_SMS_TIMEOUT_MS } from './sms.js';

export const SMS_OPTIONS = {
  'sms-outbox': { type: 'string' },
  'sms-webhook': { type: 'string' },
  'sms-webhook-header': { type: 'string', multiple: true },
  'sms-timeout-ms': { type: 'string' },
  'sms-retries': { type: 'string' },
  'allow-http-sms-webhook': { type: 'boolean' },
} as const;

/** Which SMS adapter to build (server/sms.ts); absent when none was asked for. */
export type SmsConfig =
  | { kind: 'file'; path: string }
  | {
      kind: 'webhook';
      url: string;
      headers: Record<string, string>;
      timeoutMs: number;
      retries: number;
    };

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the adapter itself, or by the HTTP stack: a configured one would clash. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'idempotency-key',
]);

/** Checks one webhook header; errors name the header, never its value (it may be an API key). */
function checkHeader(name: string, value: string, where: string): void {
  if (!HEADER_NAME.test(name)) throw new CliUsageError(`${where}: not a valid header name`);
  if (RESERVED_HEADERS.has(name.toLowerCase()))
    throw new CliUsageError(`${where}: ${name} is set by the service itself`);
  if (/[\0\r\n]/.test(value))
    throw new CliUsageError(`${where}: the value of ${name} holds a line break or NUL`);
}

export function parseSms(
  values: FlagValues,
  env: Readonly<Record<string, string | undefined>>,
): SmsConfig | undefined {
  const outbox = values['sms-outbox'] as string | undefined;
  const webhook = values['sms-webhook'] as string | undefined;
  const headerFlags = (values['sms-webhook-header'] as string[] | undefined) ?? [];
  const timeout = values['sms-timeout-ms'] as string | undefined;
  const retries = values['sms-retries'] as string | undefined;
  if (outbox !== undefined && webhook !== undefined)
    throw new CliUsageError('--sms-outbox and --sms-webhook are alternatives: give one');
  if (webhook === undefined) {
    const stray = [
      headerFlags.length > 0 && '--sms-webhook-header',
      timeout !== undefined && '--sms-timeout-ms',
      retries !== undefined && '--sms-retries',
    ].filter(Boolean);
    if (stray.length > 0)
      throw new CliUsageError(`${stray.join(', ')} only make sense with --sms-webhook`);
  }
  if (outbox !== undefined) {
    if (outbox.trim() === '') throw new CliUsageError('--sms-outbox must not be empty');
    let isDir = false;
    try {
      isDir = statSync(outbox).isDirectory();
    } catch {
      // a file that does not exist yet is fine: it is created on the first send
    }
    if (isDir) throw new CliUsageError(`--sms-outbox must be a file, not a folder: ${outbox}`);
    return { kind: 'file', path: outbox };
  }
  if (webhook === undefined) return undefined;

  let protocol = '';
  try {
    protocol = new URL(webhook).protocol;
  } catch {
    // reported below; never echoed, as the URL may carry a key in its query
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new CliUsageError('--sms-webhook must be an http:// or https:// URL');
  // Art. 15: every request carries a customer's mobile and a passcode; in clear only on this
  // machine, or on a closed network IT vouches for with the flag.
  if (
    protocol === 'http:' &&
    !isLoopbackHost(new URL(webhook).hostname) &&
    values['allow-http-sms-webhook'] !== true
  )
    throw new CliUsageError(
      '--sms-webhook is plain http:// to another machine: passcodes and mobiles would cross the network in clear; use https://, or pass --allow-http-sms-webhook for a closed network',
    );

  const headers: Record<string, string> = {};
  const envHeaders = env.SMS_WEBHOOK_HEADERS;
  if (envHeaders) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(envHeaders);
    } catch {
      parsed = undefined;
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed) ||
      !Object.values(parsed).every((v) => typeof v === 'string')
    ) {
      throw new CliUsageError(
        'SMS_WEBHOOK_HEADERS must be a JSON object of strings, e.g. {"Authorization":"Bearer …"}',
      );
    }
    for (const [name, value] of Object.entries(parsed as Record<string, string>)) {
      checkHeader(name, value, 'SMS_WEBHOOK_HEADERS');
      headers[name.toLowerCase()] = value;
    }
  }
  for (const flag of headerFlags) {
    const colon = flag.indexOf(':');
    if (colon <= 0) throw new CliUsageError("--sms-webhook-header must look like 'Name: value'");
    const name = flag.slice(0, colon).trim();
    const value = flag.slice(colon + 1).trim();
    checkHeader(name, value, '--sms-webhook-header');
    headers[name.toLowerCase()] = value;
  }
  return {
    kind: 'webhook',
    url: webhook,
    headers,
    timeoutMs: integerFlag(timeout, '--sms-timeout-ms', 1, 600_000, DEFAULT_SMS_TIMEOUT_MS),
    retries: integerFlag(retries, '--sms-retries', 0, 10, DEFAULT_SMS_RETRIES),
  };
}
