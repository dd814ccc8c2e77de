// The records service's verification API (server/verification/) as zod schemas: the server
// validates requests and strips responses with them, and the desktop's records client parses the
// same shapes. Responses carry masked personal data only (Art. 11), but for the customer's full
// name in the Art. 8 read-back.
import { z } from 'zod';
import { Id, Reason, Timestamp } from './api-primitives.js';
import { CUSTOMER_TITLES } from './customer-title.js';
import { AlertActionRecord } from './alerts-api.js';
import {
  ALERT_OUTCOMES,
  ALERT_STATUSES,
  ALTERNATIVE_IDS,
  APPROVAL_REASONS,
  APPROVAL_STATES,
  BUSINESS_TYPES,
  CALLER_ID_SOURCES,
  DECLINABLE_STEPS,
  EMERGENCY_STEPS,
  FRAUD_REASONS,
  INTENT_CHANGE_REASONS,
  INTENT_DIRECTIONS,
  NO_ALTERNATIVE_REASONS,
  PASSWORD_KINDS,
  RISK_LEVELS,
  SESSION_STATUSES,
  STEPS,
  SUSPECTED_FRAUD_SCRIPT,
} from './policy.js';

export const IdParams = z.object({ id: Id }).strict();

// ---- customers (Art. 5) ----

/** `李*`, `139****0001`, `9***************10`: enough for the Art. 8 read-back, never more. */
export const MaskedCustomer = z
  .object({ id: Id, name: z.string(), mobile: z.string(), nationalId: z.string() })
  .strict()
  .meta({ id: 'MaskedCustomer' });
export type MaskedCustomer = z.infer<typeof MaskedCustomer>;

/**
 * Art. 8: what the agent reads aloud while the confirmation is next — the customer's full name and
 * the title from the ID number's sex digit (null when it cannot be told). Never the ID itself.
 */
export const ReadBack = z
  .object({ name: z.string(), title: z.enum(CUSTOMER_TITLES).nullable() })
  .strict()
  .meta({ id: 'ReadBack' });
export type ReadBack = z.infer<typeof ReadBack>;

/** `namespace=training`: the training customers only (Art. 9); by default the live ones only. */
export const CUSTOMER_NAMESPACES = ['live', 'training'] as const;
export const CustomerLookupQuery = z
  .object({
    mobile: z.string().min(1).max(32),
    namespace: z.enum(CUSTOMER_NAMESPACES).default('live'),
  })
  .strict();
export const CustomerLookupResponse = z.object({ customers: z.array(MaskedCustomer) }).strict();

// ---- verification sessions (Art. 5–8, 10, 14, 18) ----

export const CreateVerificationRequest = z
  .object({
    callId: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
    /** As the phone system reported it; +86 / 0086, spaces and dashes are normalized away. */
    callerNumber: z
      .string()
      .min(3)
      .max(32)
      .regex(/^[+]?[0-9 ()-]+$/, 'digits, optional leading +, spaces, dashes or parentheses'),
    businessType: z.enum(BUSINESS_TYPES),
    /** When the caller-ID lookup already identified the customer. */
    customerId: Id.optional(),
    /**
     * Art. 18: `pai` when a trusted SIP proxy asserted the number (P-Asserted-Identity), `from`
     * when it is only the caller's From header (the default: nothing asserted it).
     */
    callerIdSource: z.enum(CALLER_ID_SOURCES).default('from'),
    /**
     * Art. 9: a training call that opens its session before the customer is known (the caller is
     * not on a reserved mobile). With `customerId` the customer decides (a contradiction is 409);
     * a training session only ever names training customers, so it cannot verify a live one.
     */
    training: z.boolean().optional(),
  })
  .strict();
export type CreateVerificationRequest = z.infer<typeof CreateVerificationRequest>;

export const FraudNotice = z
  .object({
    reasons: z.array(z.enum(FRAUD_REASONS)),
    script: z.literal(SUSPECTED_FRAUD_SCRIPT),
    /** When the agent recorded that they read the customer the script (null: not yet). */
    customerInformedAt: Timestamp.nullable(),
  })
  .strict()
  .meta({
    description:
      'Art. 18: the panel runs the suspected-fraud script; the session takes no more checks',
  });

export const Verification = z
  .object({
    id: Id,
    callId: z.string(),
    agent: z.string(),
    businessType: z.enum(BUSINESS_TYPES),
    risk: z.enum(RISK_LEVELS),
    status: z.enum(SESSION_STATUSES),
    /** Masked. */
    callerNumber: z.string(),
    /** Art. 18: asserted by a trusted proxy (`pai`) or the caller's From header only (`from`). */
    callerIdSource: z.enum(CALLER_ID_SOURCES),
    customer: MaskedCustomer.nullable(),
    /** Only while the Art. 8 confirmation is the next step. */
    readBack: ReadBack.optional(),
    passwordKind: z.enum(PASSWORD_KINDS).nullable(),
    steps: z.array(z.object({ step: z.enum(STEPS), passed: z.boolean() }).strict()),
    nextStep: z.enum(STEPS).nullable(),
    alternatives: z
      .object({
        applied: z.array(z.enum(ALTERNATIVE_IDS)),
        available: z.array(z.enum(ALTERNATIVE_IDS)),
      })
      .strict(),
    basic: z.object({ failures: z.number().int(), limit: z.number().int() }).strict(),
    approval: z
      .object({
        state: z.enum(APPROVAL_STATES),
        reasons: z.array(z.enum(APPROVAL_REASONS)),
        decidedBy: z.string().nullable(),
        decidedByName: z.string().nullable(),
        reason: z.string().nullable(),
      })
      .strict(),
    fraud: FraudNotice.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    /**
     * Art. 9: a training session (its customer is a training customer; decided by the records
     * service). The service always sends it; optional only so older fixtures and desks parse.
     */
    training: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'Verification' });
export type Verification = z.infer<typeof Verification>;

export const CHECK_RESULTS = [
  'passed',
  'failed',
  /** Basic check failed the last allowed time: exception procedure (Art. 5(2)). */
  'exception',
  /** The password is locked (now or already): reset procedure (Art. 6). */
  'locked',
  'password-reset',
  /** The passcode expired, was used, or was killed by wrong entries: send a new one. */
  'expired',
  'killed',
  'sent',
  'switched',
  'requested',
  'verified',
  'not-confirmed',
  'suspended',
  /** Art. 4(2): the business changed and the session was re-planned. */
  'replanned',
  /** Art. 14: a decline recorded with what was offered; a call-back dialled or not answered. */
  'declined',
  'dialled',
  'not-answered',
] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/** Every check answers the session as it now stands plus what this check found. */
export const CheckResponse = Verification.extend({
  result: z.enum(CHECK_RESULTS),
  /** Tries left for this step, when it has a limit. */
  attemptsLeft: z.number().int().nullable(),
}).meta({ id: 'VerificationCheck' });
export type CheckResponse = z.infer<typeof CheckResponse>;

export const OtpSendResponse = CheckResponse.extend({
  /** Never the code: only when it stops working and when another may be sent (Art. 7). */
  otp: z.object({ expiresAt: Timestamp, resendAvailableAt: Timestamp }).strict().nullable(),
});

/** What the customer states (Art. 5); compared server-side, never echoed. */
export const BasicCheckRequest = z
  .object({
    customerId: Id,
    mobile: z.string().min(1).max(32),
    nationalId: z.string().min(1).max(32),
  })
  .strict();
/** Keyed on the phone keypad (Art. 6). */
export const PasswordCheckRequest = z.object({ password: z.string().min(1).max(64) }).strict();
export const OtpVerifyRequest = z
  .object({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') })
  .strict();
export const MethodRequest = z
  .object({ alternative: z.enum(ALTERNATIVE_IDS), reason: Reason })
  .strict();
/** Art. 14: the customer declines a step; the reason is recorded, the answer says what to offer. */
export const DeclineRequest = z.object({ step: z.enum(DECLINABLE_STEPS), reason: Reason }).strict();
export const DeclineResponse = CheckResponse.extend({
  decline: z
    .object({
      step: z.enum(DECLINABLE_STEPS),
      alternatives: z.array(z.enum(ALTERNATIVE_IDS)),
      noAlternative: z.enum(NO_ALTERNATIVE_REASONS).nullable(),
    })
    .strict(),
});
/**
 * Art. 14 call-back: the dial the desk's phone places. `number` is the reserved mobile in full,
 * for the phone's INVITE only — the desk never shows, logs or journals it (`masked` is for that).
 */
export const CallbackDialResponse = CheckResponse.extend({
  dial: z
    .object({
      dialId: Id,
      number: z.string().regex(/^[+]?[0-9]{3,20}$/),
      masked: z.string(),
      expiresAt: Timestamp,
    })
    .strict(),
});
/** The desk's phone reports how the call-back dial went: answered on the reserved mobile or not. */
export const CallbackResultRequest = z
  .object({ dialId: Id, callId: z.string().min(1).max(128), answered: z.boolean() })
  .strict();
export const ConfirmationRequest = z.object({ confirmed: z.boolean() }).strict();
export const ApprovalRequestBody = z.object({ note: Reason.optional() }).strict();
/** Art. 4(2): the caller's business changed; `other` needs the note. */
export const BusinessChangeRequest = z
  .object({
    businessType: z.enum(BUSINESS_TYPES),
    reason: z.enum(INTENT_CHANGE_REASONS),
    note: Reason.optional(),
  })
  .strict()
  .refine((b) => b.reason !== 'other' || b.note !== undefined, {
    message: 'a note is required when the reason is other',
    path: ['note'],
  });
export type BusinessChangeRequest = z.infer<typeof BusinessChangeRequest>;
export const BusinessChangeResponse = CheckResponse.extend({
  change: z
    .object({
      from: z.enum(BUSINESS_TYPES),
      to: z.enum(BUSINESS_TYPES),
      direction: z.enum(INTENT_DIRECTIONS),
    })
    .strict(),
}).meta({ id: 'VerificationBusinessChange' });
export type BusinessChangeResponse = z.infer<typeof BusinessChangeResponse>;

// ---- approvals and alerts (Art. 10, 18) ----

export const APPROVAL_STATUSES = ['pending', 'approved', 'denied'] as const;
export const ApprovalsQuery = z
  .object({ status: z.enum(APPROVAL_STATUSES).default('pending') })
  .strict();
export const ApprovalDecisionRequest = z.object({ approve: z.boolean(), reason: Reason }).strict();

export const StepRecord = z
  .object({ step: z.string(), outcome: z.string(), at: Timestamp, agent: z.string() })
  .strict()
  .meta({ description: 'One recorded check or action (Art. 11); no customer-provided values' });

export const Approval = z
  .object({
    id: Id,
    sessionId: Id,
    status: z.enum(APPROVAL_STATUSES),
    reasons: z.array(z.enum(APPROVAL_REASONS)),
    requestedBy: z.string(),
    /** The requesting agent's name (people are shown by name, Art. 10). */
    requestedByName: z.string().nullable(),
    requestedAt: Timestamp,
    note: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedByName: z.string().nullable(),
    decidedAt: Timestamp.nullable(),
    decisionReason: z.string().nullable(),
    case: z
      .object({
        callId: z.string(),
        businessType: z.enum(BUSINESS_TYPES),
        risk: z.enum(RISK_LEVELS),
        callerNumber: z.string(),
        customer: MaskedCustomer.nullable(),
        sessionStatus: z.enum(SESSION_STATUSES),
        /** Art. 9: a training call's request (a lead may decide it; it counts nowhere). */
        training: z.boolean().optional(),
        steps: z.array(StepRecord),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Approval' });
export type Approval = z.infer<typeof Approval>;

export const ApprovalsResponse = z.object({ approvals: z.array(Approval) }).strict();
export const ApprovalDecisionResponse = z
  .object({ approval: Approval, session: Verification })
  .strict();

export const AlertsQuery = z
  .object({
    kind: z
      .string()
      .regex(/^[a-z][a-z-]{1,63}$/)
      .optional(),
    open: z.enum(['true', 'false']).optional(),
    status: z.enum(ALERT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** One Art. 18 emergency step as recorded: who (null: the records service) and when. */
export const EmergencyStepRecord = z
  .object({
    step: z.enum(EMERGENCY_STEPS),
    doneAt: Timestamp,
    doneBy: z.string().nullable(),
    policeCaseNumber: z.string().nullable(),
    note: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'EmergencyStepRecord' });
export type EmergencyStepRecord = z.infer<typeof EmergencyStepRecord>;

export * from './alerts-api.js';

export const Alert = z
  .object({
    id: Id,
    kind: z.string(),
    raisedAt: Timestamp,
    agentUsername: z.string().nullable(),
    customerId: Id.nullable(),
    /** The customer it concerns, masked (Art. 11): the lead's context at a glance. */
    customer: MaskedCustomer.nullable(),
    sessionId: Id.nullable(),
    /** The session's call, for its timeline (GET /api/v1/archive/calls/:callId/timeline). */
    callId: z.string().nullable(),
    reasons: z.array(z.string()),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    acknowledged: z.boolean(),
    /** The lead's work on it (server/alerts/workflow.ts): status, assignee, outcome, history. */
    status: z.enum(ALERT_STATUSES),
    assignedTo: z.string().nullable(),
    outcome: z.enum(ALERT_OUTCOMES).nullable(),
    actions: z.array(AlertActionRecord),
    /** Display names of everyone the alert names (agent, leads, step authors). */
    names: z.record(z.string(), z.string()),
    /** Art. 18: the emergency steps done so far on a fraud alert; null for other kinds. */
    emergencySteps: z.array(EmergencyStepRecord).nullable(),
  })
  .strict()
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof Alert>;
export const AlertsResponse = z.object({ alerts: z.array(Alert) }).strict();

/** Free text on a police case number: bounded, no control characters. */
const PoliceCaseNumber = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters');
export const EmergencyStepParams = z.object({ id: Id, step: z.enum(EMERGENCY_STEPS) }).strict();
export const EmergencyStepRequest = z
  .object({
    /** Required for `reported-to-police`, refused for the other steps. */
    policeCaseNumber: PoliceCaseNumber.optional(),
    note: Reason.optional(),
  })
  .strict();

export * from './queues-api.js';
export * from './archive-api.js';
export * from './floor-api.js';
