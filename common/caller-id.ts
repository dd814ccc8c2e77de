// Whose caller ID to believe and how to make it safe to show: P-Asserted-Identity only from a
// trusted proxy (RFC 3325), else the From header; numbers and names are sanitized and capped.
// Pure; the engine passes it the INVITE's headers. Never trusts a header's own claim of origin.

export const CALLER_NUMBER_MAX = 64;
export const CALLER_NAME_MAX = 100;

export interface CallerIdInput {
  /** The raw P-Asserted-Identity header value(s), if any. */
  paiHeader: string | null | undefined;
  /**
   * The host (optionally `host:port`) of the proxy that handed us the request. The engine passes
   * the host of the WebSocket it connected to: a WebSocket client can receive requests only over
   * that connection, and (with wss) TLS proved who is at its other end. The top Via would be the
   * sender's own claim, written into the message by whoever sent it, so it proves nothing.
   */
  paiSourceHost: string | null | undefined;
  /** Hosts (optionally `host:port`) whose PAI is believed: the RFC 3325 trust domain. */
  trustedProxies: readonly string[];
  fromDisplayName: string | null | undefined;
  /** The From URI, e.g. `sip:1001@pbx.bank.example` or `tel:+8610…`. */
  fromUri: string | null | undefined;
}

export interface CallerIdResult {
  number: string;
  displayName: string | null;
  source: 'pai' | 'from';
}

/**
 * Caller ID from P-Asserted-Identity only when the request came from a trusted proxy (which
 * removes any PAI a caller supplied and asserts its own); otherwise from the From header, which
 * the caller chose. Everything is sanitized: no markup, no control or bidi characters, capped.
 */
export function callerIdFrom(input: CallerIdInput): CallerIdResult {
  if (input.paiHeader && isTrustedHost(input.paiSourceHost, input.trustedProxies)) {
    for (const identity of splitHeaderList(input.paiHeader)) {
      const parsed = parseNameAddr(identity);
      const number = parsed ? numberFromUri(parsed.uri) : '';
      if (parsed && number !== '')
        return { number, displayName: sanitizeDisplayName(parsed.displayName), source: 'pai' };
    }
  }
  const number = input.fromUri ? numberFromUri(input.fromUri) : '';
  return { number, displayName: sanitizeDisplayName(input.fromDisplayName), source: 'from' };
}

/** Host match, case-insensitive; a trusted entry with a port matches that port only. */
export function isTrustedHost(
  source: string | null | undefined,
  trusted: readonly string[],
): boolean {
  if (!source) return false;
  const from = splitHostPort(source);
  if (!from) return false;
  return trusted.some((entry) => {
    const want = splitHostPort(entry);
    return (
      want !== null && want.host === from.host && (want.port === null || want.port === from.port)
    );
  });
}

function splitHostPort(value: string): { host: string; port: string | null } | null {
  const text = value.trim().toLowerCase();
  if (text === '') return null;
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(text);
  if (v6) return { host: v6[1]!, port: v6[2] ?? null };
  const hostPort = /^([a-z0-9.-]+?)\.?(?::(\d{1,5}))?$/.exec(text);
  if (hostPort) return { host: hostPort[1]!, port: hostPort[2] ?? null };
  // A bare IPv6 address without brackets has no port.
  if (/^[0-9a-f:.]+$/.test(text) && text.includes(':')) return { host: text, port: null };
  return null;
}

/** Splits `a, b` at commas outside quotes and angle brackets (a header may list two identities). */
function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    if (quoted && ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1]!;
      i += 1;
      continue;
    }
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if (ch === ',' && !quoted && !angle) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** `"Name" <uri>`, `Name <uri>`, `<uri>` or a bare URI; header parameters after `>` are ignored. */
function parseNameAddr(value: string): { displayName: string | null; uri: string } | null {
  const text = value.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"\s*<([^>]*)>/.exec(text);
  if (quoted) return { displayName: quoted[1]!.replace(/\\(.)/g, '$1'), uri: quoted[2]!.trim() };
  const token = /^([^<"]*)<([^>]*)>/.exec(text);
  if (token) return { displayName: token[1]!.trim() || null, uri: token[2]!.trim() };
  if (/^(?:sips?|tel):/i.test(text)) return { displayName: null, uri: text.split(';')[0]!.trim() };
  return null;
}

/** The user part of a sip:/sips: URI or the number of a tel: URI, sanitized; '' if none. */
function numberFromUri(uri: string): string {
  const sip = /^sips?:([^@;?>]+)@/i.exec(uri.trim());
  const tel = /^tel:([^;?>]+)/i.exec(uri.trim());
  const raw = sip?.[1] ?? tel?.[1] ?? '';
  return sanitizeUriUser(safeDecode(raw));
}

/** decodeURIComponent that leaves malformed escapes as they are. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Digits, letters and the few symbols phone numbers and SIP users use; nothing that is markup. */
export function sanitizeUriUser(value: string): string {
  return value.replace(/[^0-9A-Za-z+*#._-]/g, '').slice(0, CALLER_NUMBER_MAX);
}

/**
 * A display name a person may read: control, format (bidi overrides, zero-width) and markup
 * characters removed, whitespace collapsed, at most CALLER_NAME_MAX characters; null if empty.
 */
export function sanitizeDisplayName(value: string | null | undefined): string | null {
  if (!value) return null;
  const cleaned = value
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, '')
    .replace(/[<>"&`\\]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const capped = Array.from(cleaned).slice(0, CALLER_NAME_MAX).join('').trim();
  return capped === '' ? null : capped;
}
