// Art. 15: what the desk connects to travels encrypted — records URLs `https:`, the SIP WebSocket
// `wss:` — unless the host is this machine (loopback: a checkout, the embedded demo, the tests) or
// IT's policy key `allowInsecureTransport` vouches for a closed network. Pure: the hosts call it
// wherever a URL comes from (policy, flags, settings) and refuse before anything connects.

// WHATWG URL exists in every runtime common/ runs in (Node, Chromium); common's tsconfig carries no
// DOM or Node types, so this declares the little used here.
declare const URL: new (input: string) => { protocol: string; hostname: string };

export type TransportKind = 'records' | 'sip';

/** The policy key IT sets to allow plain http:/ws: beyond loopback. */
export const ALLOW_INSECURE_TRANSPORT_KEY = 'allowInsecureTransport';

const SECURE: Record<TransportKind, string> = { records: 'https:', sip: 'wss:' };
const PLAIN: Record<TransportKind, string> = { records: 'http:', sip: 'ws:' };

/**
 * The literal `localhost`, 127.0.0.0/8, `::1` — this machine, nothing on the wire. The one check
 * for every host (records, SIP, update feed, the web host's and the records service's listeners).
 * Not `*.localhost`: Node's resolver may send `records.localhost` to DNS or a search domain.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host.replace(/^::ffff:/, ''));
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255);
}

export type TransportProblem =
  | { reason: 'insecure'; url: string; kind: TransportKind; scheme: string }
  | { reason: 'unsupported'; url: string; kind: TransportKind; scheme: string }
  | { reason: 'invalid'; url: string; kind: TransportKind };

/** Null when `url` may be used for `kind`; otherwise why not. */
export function transportProblem(
  url: string,
  kind: TransportKind,
  allowInsecure: boolean,
): TransportProblem | null {
  let parsed: { protocol: string; hostname: string };
  try {
    parsed = new URL(url);
  } catch {
    return { reason: 'invalid', url, kind };
  }
  const scheme = parsed.protocol;
  if (scheme === SECURE[kind]) return null;
  if (scheme !== PLAIN[kind]) return { reason: 'unsupported', url, kind, scheme };
  if (allowInsecure || isLoopbackHost(parsed.hostname)) return null;
  return { reason: 'insecure', url, kind, scheme };
}

/** For logs and error boxes (IT reads them): the URL and what to change. */
export function describeTransportProblem(problem: TransportProblem): string {
  const what = problem.kind === 'records' ? 'records service URL' : 'SIP WebSocket URL';
  if (problem.reason === 'invalid') return `the ${what} ${problem.url} is not a URL`;
  if (problem.reason === 'unsupported')
    return `the ${what} ${problem.url} must be ${SECURE[problem.kind]}// (not ${problem.scheme})`;
  return (
    `the ${what} ${problem.url} is not encrypted: use ${SECURE[problem.kind]}//, or set the ` +
    `policy key "${ALLOW_INSECURE_TRANSPORT_KEY}": true if this network is closed and vouched for`
  );
}
