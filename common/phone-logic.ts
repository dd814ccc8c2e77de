// The softphone's decisions as pure functions: reconnection backoff, whose caller ID to believe,
// what a SIP INFO keypad body says, call-quality scoring, the agent's availability, dial targets
// and one SDP fix. No sip.js, no DOM, no zod at run time (the renderer bundle stays zod-free):
// the engine (renderer/phone/engine.ts) calls these, and test/unit/common/phone-logic.test.ts
// pins every rule down.
import type { AgentStateName, NotReadyReason, QualitySummary } from './phone.js';

// ---------------------------------------------------------------------------------------------
// Reconnection backoff
// ---------------------------------------------------------------------------------------------

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;

/**
 * "Full jitter" exponential backoff: a uniformly random delay in [0, min(cap, base·2^attempt)).
 * Spreading retries over the whole window is what stops a few hundred agent desktops from
 * hammering a proxy that has just come back (they all lost it at the same instant).
 * `attempt` counts failures so far (0 for the first retry); `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30));
  const r = random();
  const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(fraction * ceiling);
}

// ---------------------------------------------------------------------------------------------
// Caller ID
// ---------------------------------------------------------------------------------------------

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
  /** Hosts (optionally `host:port`) whose P-Asserted-Identity is believed (RFC 3325 trust domain). */
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
 * the caller chose. Everything is sanitised: no markup, no control or bidi characters, capped.
 */
export function callerIdFrom(input: CallerIdInput): CallerIdResult {
  if (input.paiHeader && isTrustedHost(input.paiSourceHost, input.trustedProxies)) {
    for (const identity of splitHeaderList(input.paiHeader)) {
      const parsed = parseNameAddr(identity);
      const number = parsed ? numberFromUri(parsed.uri) : '';
      if (parsed && number !== '') return { number, displayName: sanitiseDisplayName(parsed.displayName), source: 'pai' };
    }
  }
  const number = input.fromUri ? numberFromUri(input.fromUri) : '';
  return { number, displayName: sanitiseDisplayName(input.fromDisplayName), source: 'from' };
}

/** Host match, case-insensitive; a trusted entry with a port matches that port only. */
export function isTrustedHost(source: string | null | undefined, trusted: readonly string[]): boolean {
  if (!source) return false;
  const from = splitHostPort(source);
  if (!from) return false;
  return trusted.some((entry) => {
    const want = splitHostPort(entry);
    return want !== null && want.host === from.host && (want.port === null || want.port === from.port);
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

/** The user part of a sip:/sips: URI or the number of a tel: URI, sanitised; '' if none. */
function numberFromUri(uri: string): string {
  const sip = /^sips?:([^@;?>]+)@/i.exec(uri.trim());
  const tel = /^tel:([^;?>]+)/i.exec(uri.trim());
  const raw = sip?.[1] ?? tel?.[1] ?? '';
  return sanitiseNumber(safeDecode(raw));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Digits, letters and the few symbols phone numbers and SIP users use; nothing that is markup. */
export function sanitiseNumber(value: string): string {
  return value.replace(/[^0-9A-Za-z+*#._-]/g, '').slice(0, CALLER_NUMBER_MAX);
}

/**
 * A display name a person may read: control, format (bidi overrides, zero-width) and markup
 * characters removed, whitespace collapsed, at most CALLER_NAME_MAX characters; null if empty.
 */
export function sanitiseDisplayName(value: string | null | undefined): string | null {
  if (!value) return null;
  const cleaned = value
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, '')
    .replace(/[<>"&`\\]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const capped = Array.from(cleaned).slice(0, CALLER_NAME_MAX).join('').trim();
  return capped === '' ? null : capped;
}

// ---------------------------------------------------------------------------------------------
// DTMF over SIP INFO
// ---------------------------------------------------------------------------------------------

const DTMF_TONE = /^[0-9*#A-D]$/;
const DTMF_BODY_MAX = 256;

export const isDtmfTone = (value: string): boolean => DTMF_TONE.test(value);

/**
 * The keypad digit a SIP INFO carries, or null. `application/dtmf-relay` carries
 * `Signal=5\r\nDuration=160`; `application/dtmf` carries the digit alone. Only 0-9 * # A-D
 * count (letters in either case); anything else — other content types, several or unknown
 * signals, oversized bodies — is null, so nothing unexpected ever reaches a secure-entry consumer.
 */
export function parseDtmfInfo(contentType: string | null | undefined, body: string | null | undefined): string | null {
  if (!contentType || body === null || body === undefined || body.length > DTMF_BODY_MAX) return null;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  let candidate: string | null = null;
  if (mediaType === 'application/dtmf-relay') {
    const signals = [...body.matchAll(/^[ \t]*signal[ \t]*=[ \t]*(\S*)[ \t]*\r?$/gim)].map((match) => match[1]!);
    if (signals.length !== 1) return null;
    candidate = signals[0]!;
  } else if (mediaType === 'application/dtmf') {
    candidate = body.trim();
  } else {
    return null;
  }
  const tone = candidate.toUpperCase();
  return DTMF_TONE.test(tone) ? tone : null;
}

// ---------------------------------------------------------------------------------------------
// Call quality
// ---------------------------------------------------------------------------------------------

export interface QualityMetrics {
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
}

export interface QualitySampleLike extends QualityMetrics {
  mos: number | null;
}

export const QUALITY_LIMITS = { rttMs: 400, jitterMs: 30, lossPct: 3, mos: 3.5 } as const;
/** A metric warns when it breaches its limit in this many of the last QUALITY_WINDOW samples. */
export const QUALITY_BREACHES = 3;
export const QUALITY_WINDOW = 5;

export type QualityReason = 'rtt' | 'jitter' | 'loss' | 'mos';

/**
 * MOS (1–4.5) from the simplified ITU-T G.107 E-model used by most VoIP monitors:
 *
 *   one-way delay  d = RTT/2 + 2·jitter + 10 ms       (jitter-buffer and codec allowance)
 *   R = 93.2 − d/40              when d < 160 ms
 *   R = 93.2 − (d − 120)/10      otherwise            (delay impairment Id)
 *   R = R − 2.5·loss%                                 (equipment/loss impairment Ie-eff)
 *   MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R), R clamped to [0, 100]
 *
 * It assumes a G.711-like codec, so it is conservative for Opus. A metric we could not measure
 * counts as perfect; with none measured the estimate is null.
 */
export function mosEstimate(metrics: QualityMetrics): number | null {
  const { rttMs, jitterMs, lossPct } = metrics;
  if (rttMs === null && jitterMs === null && lossPct === null) return null;
  const delay = Math.max(0, rttMs ?? 0) / 2 + 2 * Math.max(0, jitterMs ?? 0) + 10;
  let r = delay < 160 ? 93.2 - delay / 40 : 93.2 - (delay - 120) / 10;
  r -= 2.5 * Math.min(100, Math.max(0, lossPct ?? 0));
  r = Math.min(100, Math.max(0, r));
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return round(Math.min(4.5, Math.max(1, mos)), 2);
}

function breaches(sample: QualitySampleLike): QualityReason[] {
  const reasons: QualityReason[] = [];
  if (sample.rttMs !== null && sample.rttMs > QUALITY_LIMITS.rttMs) reasons.push('rtt');
  if (sample.jitterMs !== null && sample.jitterMs > QUALITY_LIMITS.jitterMs) reasons.push('jitter');
  if (sample.lossPct !== null && sample.lossPct > QUALITY_LIMITS.lossPct) reasons.push('loss');
  if (sample.mos !== null && sample.mos < QUALITY_LIMITS.mos) reasons.push('mos');
  return reasons;
}

/**
 * The 3-of-5 rule, per metric: a metric is a reason when it breached its limit in at least 3 of
 * the last 5 samples. Per metric, so the reasons are true of the call (three different metrics
 * each blipping once is not a pattern; their combined effect shows in the MOS anyway).
 */
export function qualityWarning(samples: readonly QualitySampleLike[]): { warning: boolean; reasons: QualityReason[] } {
  const window = samples.slice(-QUALITY_WINDOW);
  const counts: Record<QualityReason, number> = { rtt: 0, jitter: 0, loss: 0, mos: 0 };
  for (const sample of window) for (const reason of breaches(sample)) counts[reason] += 1;
  const reasons = (['rtt', 'jitter', 'loss', 'mos'] as const).filter((reason) => counts[reason] >= QUALITY_BREACHES);
  return { warning: reasons.length > 0, reasons };
}

/**
 * The call record's quality summary over all of a call's samples; `warnings` counts episodes
 * (the 3-of-5 rule turning on), replayed over the sequence as the engine saw it.
 */
export function summariseQuality(samples: readonly QualitySampleLike[]): QualitySummary {
  const avg = (values: (number | null)[], digits: number): number | null => {
    const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
    return known.length === 0 ? null : round(known.reduce((a, b) => a + b, 0) / known.length, digits);
  };
  const moses = samples.map((s) => s.mos).filter((v): v is number => v !== null && Number.isFinite(v));
  let warnings = 0;
  let warning = false;
  for (let i = 0; i < samples.length; i += 1) {
    const now = qualityWarning(samples.slice(Math.max(0, i + 1 - QUALITY_WINDOW), i + 1)).warning;
    if (now && !warning) warnings += 1;
    warning = now;
  }
  return {
    samples: samples.length,
    rttMsAvg: avg(samples.map((s) => s.rttMs), 1),
    jitterMsAvg: avg(samples.map((s) => s.jitterMs), 1),
    lossPctAvg: avg(samples.map((s) => s.lossPct), 2),
    mosMin: moses.length === 0 ? null : Math.min(...moses),
    warnings,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

// ---------------------------------------------------------------------------------------------
// Agent state
// ---------------------------------------------------------------------------------------------

export interface AgentStatus {
  state: AgentStateName;
  reason: NotReadyReason | null;
  since: number;
  /** In wrap-up with a timer: when after-call work ends on its own (then: ready). */
  wrapUpEndsAt: number | null;
  /** Incoming calls declined (486) because the agent was not ready. */
  declinedWhileNotReady: number;
}

export type AgentEvent =
  /** The agent picked a state. `not-ready` without a reason means 'other'. */
  | { type: 'set'; state: AgentStateName; reason?: NotReadyReason | null; at: number; wrapUpSeconds: number }
  /** A call ended; after an answered call a ready agent gets after-call work. */
  | { type: 'call-ended'; answered: boolean; at: number; wrapUpSeconds: number }
  /** Time passes: wrap-up ends by itself. */
  | { type: 'tick'; at: number }
  | { type: 'declined' };

export const initialAgentStatus = (at: number, state: AgentStateName = 'ready'): AgentStatus => ({
  state,
  reason: state === 'not-ready' ? 'other' : null,
  since: at,
  wrapUpEndsAt: null,
  declinedWhileNotReady: 0,
});

/** Pure transitions; returns the same object when nothing changes (so callers can tell). */
export function agentReducer(status: AgentStatus, event: AgentEvent): AgentStatus {
  switch (event.type) {
    case 'set': {
      const reason = event.state === 'not-ready' ? (event.reason ?? 'other') : null;
      if (event.state === status.state && reason === status.reason && event.state !== 'wrap-up') return status;
      return {
        ...status,
        state: event.state,
        reason,
        since: event.at,
        wrapUpEndsAt: event.state === 'wrap-up' ? wrapUpEnd(event.at, event.wrapUpSeconds) : null,
      };
    }
    case 'call-ended':
      if (!event.answered || status.state !== 'ready' || event.wrapUpSeconds <= 0) return status;
      return { ...status, state: 'wrap-up', reason: null, since: event.at, wrapUpEndsAt: wrapUpEnd(event.at, event.wrapUpSeconds) };
    case 'tick':
      if (status.state !== 'wrap-up' || status.wrapUpEndsAt === null || event.at < status.wrapUpEndsAt) return status;
      return { ...status, state: 'ready', reason: null, since: status.wrapUpEndsAt, wrapUpEndsAt: null };
    case 'declined':
      return { ...status, declinedWhileNotReady: status.declinedWhileNotReady + 1 };
  }
}

const wrapUpEnd = (at: number, seconds: number): number | null => (seconds > 0 ? at + seconds * 1000 : null);

/** Why an incoming call is turned away with 486, or null to let it ring. */
export function incomingCallDecision(agent: AgentStateName, busy: boolean): 'busy' | 'not-ready' | null {
  if (busy) return 'busy';
  return agent === 'ready' ? null : 'not-ready';
}

// ---------------------------------------------------------------------------------------------
// Dialling
// ---------------------------------------------------------------------------------------------

/**
 * What the agent typed or clicked (a number with separators, `tel:…`, or `sip:user@host`) as a
 * SIP URI on the account's own domain. A `sip:` link's host is replaced: calls go through the
 * bank's proxy only, never to a host a web page chose. Null when there is no number in it.
 */
export function dialTarget(input: string, domain: string): { uri: string; number: string } | null {
  const text = input.trim();
  if (text === '' || text.length > 256) return null;
  let user: string;
  const sip = /^sips?:([^@;?]+)(?:@[^;?]*)?(?:[;?].*)?$/i.exec(text);
  const tel = /^tel:([^;?]+)(?:[;?].*)?$/i.exec(text);
  if (sip) user = safeDecode(sip[1]!);
  else if (tel) user = safeDecode(tel[1]!).replace(/[\s().-]/g, '');
  else if (/^[+]?[0-9*#\s().-]+$/.test(text)) user = text.replace(/[\s().-]/g, '');
  else if (/^[A-Za-z0-9._+-]+$/.test(text)) user = text;
  else return null;
  if (user === '' || user.length > CALLER_NUMBER_MAX || !/^[A-Za-z0-9+*#._-]+$/.test(user)) return null;
  const escaped = user.replace(/#/g, '%23');
  return { uri: `sip:${escaped}@${domain}`, number: user };
}

/**
 * The status code in a REFER's NOTIFY body (message/sipfrag, `SIP/2.0 200 OK`): how the transfer
 * went at the far end. Null when the body is not a sipfrag status line.
 */
export function sipfragStatus(body: string | null | undefined): number | null {
  const match = /^\s*SIP\/2\.0\s+(\d{3})\b/.exec(body ?? '');
  return match ? Number(match[1]) : null;
}

// ---------------------------------------------------------------------------------------------
// SDP
// ---------------------------------------------------------------------------------------------

/**
 * Chromium sends malformed RFC 4733 events with Opus when both telephone-event/48000 and /8000
 * are negotiated (sip-lab.md pitfall 9): drop the /8000 payload types from every audio section
 * that also has /48000. A section with /8000 only (a G.711 peer) keeps it. Line endings kept.
 */
export function dropTelephoneEvent8000(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  const sections: string[][] = [[]];
  for (const line of lines) {
    if (line.startsWith('m=')) sections.push([]);
    sections[sections.length - 1]!.push(line);
  }
  let changed = false;
  const out = sections.map((section) => {
    if (!section[0]?.startsWith('m=audio')) return section;
    const events = section
      .map((line) => /^a=rtpmap:(\d+)\s+telephone-event\/(\d+)/i.exec(line))
      .filter((match): match is RegExpExecArray => match !== null);
    const drop = new Set(events.filter((m) => m[2] === '8000').map((m) => m[1]!));
    if (drop.size === 0 || !events.some((m) => m[2] === '48000')) return section;
    changed = true;
    return section
      .filter((line) => {
        const pt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[\s]/.exec(line)?.[1];
        return pt === undefined || !drop.has(pt);
      })
      .map((line, index) => {
        if (index !== 0) return line;
        const [media, port, proto, ...formats] = line.split(' ');
        return [media, port, proto, ...formats.filter((format) => !drop.has(format))].join(' ');
      });
  });
  return changed ? out.flat().join(eol) : sdp;
}
