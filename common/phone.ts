// Softphone data shared by main (settings, policy, journal, call history) and the renderer (the
// sip.js engine and its UI). Schemas only; the pure phone rules are beside it (caller-id.ts…).
import { z } from 'zod';

export const AGENT_STATES = ['ready', 'not-ready', 'break', 'wrap-up'] as const;
export const AgentStateName = z.enum(AGENT_STATES);
export type AgentStateName = z.infer<typeof AgentStateName>;

export const NOT_READY_REASONS = ['training', 'meeting', 'admin', 'system-issue', 'other'] as const;
export const NotReadyReason = z.enum(NOT_READY_REASONS);
export type NotReadyReason = z.infer<typeof NotReadyReason>;

export const DtmfMode = z.enum(['rfc4733', 'info']);
export type DtmfMode = z.infer<typeof DtmfMode>;

export const IceServer = z
  .object({
    urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .strict();

/** ws:// or wss:// only. */
export const WsUrl = z
  .string()
  .max(500)
  .regex(/^wss?:\/\/[^\s/?#]+(?:\/[^\s]*)?$/i, 'a ws:// or wss:// URL');

export const SipAccount = z
  .object({
    wsUrl: WsUrl,
    domain: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/, 'a SIP domain'),
    user: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._+-]+$/, 'a SIP user name'),
    password: z.string().min(1).max(256),
    displayName: z.string().max(100).optional(),
  })
  .strict();
export type SipAccount = z.infer<typeof SipAccount>;

export const Shortcuts = z
  .object({
    answer: z.string().max(40),
    hangup: z.string().max(40),
    hold: z.string().max(40),
    mute: z.string().max(40),
  })
  .strict();
export type Shortcuts = z.infer<typeof Shortcuts>;
export const DEFAULT_SHORTCUTS: Shortcuts = {
  answer: 'Ctrl+Shift+A',
  hangup: 'Ctrl+Shift+H',
  hold: 'Ctrl+Shift+O',
  mute: 'Ctrl+Shift+M',
};

/**
 * Everything the renderer's engine needs to run; main assembles it from settings + policy + flags.
 */
export const PhoneConfig = z
  .object({
    account: SipAccount.nullable(),
    iceServers: z.array(IceServer).max(10),
    /** Hosts whose P-Asserted-Identity is trusted (the bank's proxies). */
    trustedProxies: z.array(z.string().min(1).max(253)).max(20),
    dtmfMode: DtmfMode,
    /** OPTIONS keep-alive period; catches half-open connections (sip-lab.md pitfall 7). */
    keepAliveSeconds: z.number().int().min(5).max(300),
    wrapUpSeconds: z.number().int().min(0).max(3600),
    shortcuts: Shortcuts,
    devices: z
      .object({
        microphoneId: z.string().max(200),
        speakerId: z.string().max(200),
        ringerId: z.string().max(200),
      })
      .strict(),
  })
  .strict();
export type PhoneConfig = z.infer<typeof PhoneConfig>;

export const CallOutcome = z.enum([
  'answered',
  'missed',
  'rejected',
  'declined-not-ready',
  'failed',
  'transferred',
  'cancelled',
]);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const QualitySummary = z
  .object({
    samples: z.number().int().min(0),
    rttMsAvg: z.number().nullable(),
    jitterMsAvg: z.number().nullable(),
    lossPctAvg: z.number().nullable(),
    mosMin: z.number().nullable(),
    warnings: z.number().int().min(0),
  })
  .strict();
export type QualitySummary = z.infer<typeof QualitySummary>;

/** One line of call history (kept in lowdb under the data dir) and the call's journal record. */
export const CallRecord = z
  .object({
    id: z.string().uuid(),
    direction: z.enum(['inbound', 'outbound']),
    number: z.string().max(64),
    name: z.string().max(100).nullable(),
    startedAt: z.string().datetime(),
    durationSeconds: z.number().int().min(0),
    outcome: CallOutcome,
    quality: QualitySummary.nullable(),
    /** A call on the training line (simulated customer): never live work, never counted. */
    training: z.literal(true).optional(),
  })
  .strict();
export type CallRecord = z.infer<typeof CallRecord>;

/** Marks a report about a training-line call: journaled marked, never counted as live work. */
const training = z.literal(true).optional();

/**
 * What the renderer's engine reports to main for the journal (Art. 11) and call history. No
 * secrets: DTMF digits are never reported, only that a secure entry happened. A call's reports
 * carry `training: true` when it is a training-line call.
 */
export const PhoneEvent = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('registration'),
      status: z.enum(['connecting', 'registered', 'failed']),
      reason: z.string().max(200).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('call-started'),
      callId: z.string().uuid(),
      direction: z.enum(['inbound', 'outbound']),
      number: z.string().max(64),
      name: z.string().max(100).nullable(),
      callerIdSource: z.enum(['pai', 'from']),
      training,
    })
    .strict(),
  z.object({ type: z.literal('call-answered'), callId: z.string().uuid(), training }).strict(),
  z
    .object({
      type: z.literal('call-held'),
      callId: z.string().uuid(),
      held: z.boolean(),
      training,
    })
    .strict(),
  z
    .object({
      type: z.literal('call-transferred'),
      callId: z.string().uuid(),
      kind: z.enum(['blind', 'attended']),
      target: z.string().max(64),
      training,
    })
    .strict(),
  z
    .object({ type: z.literal('call-media-restored'), callId: z.string().uuid(), training })
    .strict(),
  z.object({ type: z.literal('call-ended'), record: CallRecord, training }).strict(),
  z.object({ type: z.literal('call-declined-not-ready'), number: z.string().max(64) }).strict(),
  z
    .object({
      type: z.literal('quality-warning'),
      callId: z.string().uuid(),
      reasons: z.array(z.enum(['rtt', 'jitter', 'loss', 'mos'])).max(4),
      training,
    })
    .strict(),
  z
    .object({
      type: z.literal('agent-state'),
      state: AgentStateName,
      reason: NotReadyReason.nullable(),
    })
    .strict(),
  z
    .object({
      type: z.literal('device-fallback'),
      kind: z.enum(['microphone', 'speaker', 'ringer']),
    })
    .strict(),
]);
export type PhoneEvent = z.infer<typeof PhoneEvent>;
