// The training line's shared shapes (Art. 9): a scenario (data, one JSON file each, so trainers
// add their own without code), what the agent and the panel did during a training call (the
// trace), what the simulated customer does in answer, and the score. Pure zod + types: the desk
// runs the scenario, the records service keeps the customers, the courses and the results.
import { z } from 'zod';
import { BUSINESS_TYPES, SESSION_STATUSES, STEPS } from './policy.js';
import { CHECK_RESULTS } from './records-api.js';

/** A scenario's or a course's id, and a training customer's key: also file names. */
export const TrainingId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
export type TrainingId = z.infer<typeof TrainingId>;

/** Words in both languages the desk speaks. */
export const Localized = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict();
export type Localized = z.infer<typeof Localized>;

/**
 * What the agent says, chosen from the training banner (`training-say[data-line]`): the
 * simulated customer cannot hear a microphone, so the agent picks the line they speak. Some are
 * wrong on purpose (asking a secret aloud) and cost the score.
 */
export const AGENT_LINES = [
  'greeting', // Art. 4(1)
  'ask-intent', // Art. 4(2)
  'ask-details', // Art. 5(1)
  'recheck', // Art. 5(2): the polite re-check script after a mismatch
  'ask-password-keypad', // Art. 6(1)
  'ask-password-aloud', // wrong: Art. 6(1) — a secret is keyed, never said
  'announce-otp', // Art. 7(2)
  'ask-otp-aloud', // wrong: Art. 7(2)
  'read-back', // Art. 8
  'fraud-notice', // Art. 18: business suspended, customer informed
  'outage-notice', // Art. 12: the system is down, a call-back is offered
  'offer-alternative', // Art. 14
  'complaint-heard', // Art. 12, 16
  'goodbye',
] as const;
export type AgentLine = (typeof AGENT_LINES)[number];

export const AgentLineSchema = z.enum(AGENT_LINES);

/** What the training controller saw happen, in order; `at` is ms since the call was answered. */
export const TrainingEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answered'), at: z.number() }).strict(),
  z.object({ kind: z.literal('said'), line: AgentLineSchema, at: z.number() }).strict(),
  /** The session opened (or its business changed) with this type. */
  z
    .object({ kind: z.literal('business'), business: z.enum(BUSINESS_TYPES), at: z.number() })
    .strict(),
  /**
   * A check's answer. Art. 14 method switch: result `switched` with `step` = the step the customer
   * declined (`password` → the OTP stands in; `otp` → the call-back), as the scorer reads it.
   */
  z
    .object({
      kind: z.literal('check'),
      step: z.enum(STEPS),
      result: z.enum(CHECK_RESULTS),
      at: z.number(),
    })
    .strict(),
  /** The panel opened the secure keypad entry for this purpose. */
  z
    .object({ kind: z.literal('keypad'), purpose: z.enum(['password', 'otp']), at: z.number() })
    .strict(),
  z.object({ kind: z.literal('approval-requested'), at: z.number() }).strict(),
  z
    .object({ kind: z.literal('status'), status: z.enum(SESSION_STATUSES), at: z.number() })
    .strict(),
  /** The panel switched to the outage procedure (Art. 12). */
  z.object({ kind: z.literal('outage'), at: z.number() }).strict(),
  z.object({ kind: z.literal('complaint-recorded'), at: z.number() }).strict(),
  z
    .object({
      kind: z.literal('ended'),
      by: z.enum(['agent', 'customer', 'live-call']),
      at: z.number(),
    })
    .strict(),
]);
export type TrainingEvent = z.infer<typeof TrainingEvent>;

/** A prompt's id: its audio is `assets/training/audio/<lang>/<customer>/<prompt>.ogg`. */
export const PromptId = z
  .string()
  .min(1)
  .max(48)
  .regex(/^[a-z0-9-]+$/);

/** What the simulated customer does. `key` digits go as SIP INFO (application/dtmf-relay). */
export const CustomerAction = z.discriminatedUnion('do', [
  /**
   * `as`: the caller speaks as another training customer (their details, their voice), e.g. the
   * Art. 18 drill where one number tries several customers. Absent: the scenario's customer.
   */
  z.object({ do: z.literal('say'), prompt: PromptId, as: TrainingId.optional() }).strict(),
  /** The customer's own password for the session's kind, a wrong one, or the passcode sent. */
  z
    .object({
      do: z.literal('key'),
      what: z.enum(['password', 'wrong-password', 'otp', 'wrong-otp']),
    })
    .strict(),
  z.object({ do: z.literal('wait'), ms: z.number().int().min(0).max(600_000) }).strict(),
  z.object({ do: z.literal('hangup') }).strict(),
]);
export type CustomerAction = z.infer<typeof CustomerAction>;

/** When a reaction fires: the first event matching every field given. */
export const Trigger = z
  .object({
    answered: z.literal(true).optional(),
    said: AgentLineSchema.optional(),
    keypad: z.enum(['password', 'otp']).optional(),
    step: z.enum(STEPS).optional(),
    result: z.enum(CHECK_RESULTS).optional(),
    status: z.enum(SESSION_STATUSES).optional(),
    outage: z.literal(true).optional(),
  })
  .strict();
export type Trigger = z.infer<typeof Trigger>;

export const Reaction = z
  .object({
    on: Trigger,
    do: z.array(CustomerAction).min(1).max(20),
    /** How many times it may fire (default 1). */
    times: z.number().int().min(1).max(10).optional(),
  })
  .strict();
export type Reaction = z.infer<typeof Reaction>;

/** What a good agent achieves, and what the score checks beyond the flow's own rules. */
export const Expectation = z
  .object({
    business: z.enum(BUSINESS_TYPES),
    /** The session's last status, or `outage` when the records service is down by design. */
    outcome: z.union([z.enum(SESSION_STATUSES), z.literal('outage')]),
    /** Lines the agent must say (besides greeting, which every call needs). */
    lines: z.array(AgentLineSchema).max(14).default([]),
    approval: z.boolean().default(false),
    complaint: z.boolean().default(false),
    /** Art. 3: from answer to verified; 0 = not timed. */
    maxSecondsToVerify: z.number().int().min(0).max(3600).default(0),
  })
  .strict();
export type Expectation = z.infer<typeof Expectation>;

export const Scenario = z
  .object({
    id: TrainingId,
    title: Localized,
    summary: Localized,
    /** A key of assets/training/customers.json. */
    customer: TrainingId,
    /** The number the call presents, and whether the exchange asserts it (P-Asserted-Identity). */
    callerNumber: z.string().regex(/^\d{3,20}$/),
    callerIdSource: z.enum(['pai', 'from']).default('pai'),
    /** Agent tier the scenario is written for (a large loan by a junior agent needs a lead). */
    forTier: z.enum(['agent', 'senior', 'lead']).optional(),
    /** The records service is unreachable from this point of the call (Art. 12 drill). */
    outageAfter: z.enum(['answer', 'basic']).optional(),
    reactions: z.array(Reaction).min(1).max(60),
    expect: Expectation,
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;

export const Course = z
  .object({
    id: TrainingId,
    title: Localized,
    scenarios: z.array(TrainingId).min(1).max(50),
    /** Each scenario's score must reach it (0–100), and every scenario must pass. */
    passMark: z.number().int().min(0).max(100),
  })
  .strict();
export type Course = z.infer<typeof Course>;

export const MISS_RULES = [
  'greeting-missing', // Art. 4(1)
  'business-wrong', // Art. 4(2)
  'step-order', // Art. 5–8
  'step-skipped', // Art. 5–8
  'recheck-missing', // Art. 5(2)
  'secret-asked-aloud', // Art. 6, 7
  'otp-not-announced', // Art. 7(2)
  'read-back-missing', // Art. 8: "verified" without the read-back said first
  'confirmed-without-yes', // Art. 8: the customer said no
  'approval-missing', // Art. 10
  'outage-script-missing', // Art. 12
  'complaint-missing', // Art. 16
  'fraud-script-missing', // Art. 18
  'outcome-wrong', // the call ended otherwise than the regulation asks
  'too-slow', // Art. 3
  'line-missing', // a line the scenario expects (Expectation.lines) was never said; its article
] as const;
export type MissRule = (typeof MISS_RULES)[number];

export const Miss = z
  .object({
    rule: z.enum(MISS_RULES),
    article: z.number().int().min(1).max(26),
    /** The line concerned, for `line-missing`. */
    line: AgentLineSchema.optional(),
  })
  .strict();
export type Miss = z.infer<typeof Miss>;

export const TrainingScore = z
  .object({
    score: z.number().int().min(0).max(100),
    passed: z.boolean(),
    misses: z.array(Miss),
    /** From answer to verified; null when it never was. */
    secondsToVerify: z.number().nullable(),
  })
  .strict();
export type TrainingScore = z.infer<typeof TrainingScore>;
