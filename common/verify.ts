// The verification panel's half of the contract: what the renderer may ask main, which
// asks the records service (the authority, Art. 5–8, 10, 18) and journals every step (Art. 11).
// Request and response schemas reuse common/records-api.ts, so the panel, main and the service
// agree on one shape. Secrets (mobile and ID as stated, password, passcode) pass through main to
// the records service and nowhere else: never journaled, logged, stored or echoed.
import { z } from 'zod';
import {
  ALTERNATIVE_IDS,
  BUSINESS_TYPES,
  CALLER_ID_SOURCES,
  DECLINABLE_STEPS,
  INTENT_CHANGE_REASONS,
} from './policy.js';
import {
  ApprovalDecisionResponse,
  ApprovalsResponse,
  BusinessChangeResponse,
  CheckResponse,
  CreateVerificationRequest,
  CustomerLookupResponse,
  DeclineResponse,
  OtpSendResponse,
  Verification,
} from './records-api.js';

const SessionId = z.uuid();
const Reason = z.string().trim().min(1).max(500);

/** A phone number the customer can dial: digits, optionally `+`, spaces or dashes between. */
const Hotline = z
  .string()
  .trim()
  .regex(/^\+?[0-9](?:[0-9 -]{1,22}[0-9])$/, 'a phone number: digits, spaces or dashes');

export const VerifyConfig = z
  .object({
    /** Named in the Art. 4 greeting; settings/policy `companyName`, `departmentName`. */
    companyName: z.string().min(1).max(100),
    departmentName: z.string().min(1).max(100),
    /**
     * Art. 16: the complaint hotline the script gives the customer; settings/policy
     * `complaintHotline`, null until IT sets it. The response deadline is the records service's.
     */
    complaintHotline: Hotline.nullable(),
  })
  .strict();
export type VerifyConfig = z.infer<typeof VerifyConfig>;
/** Until IT sets them (settings or policy): neutral names and no hotline. */
export const DEFAULT_VERIFY_CONFIG: VerifyConfig = {
  companyName: '示例信贷公司',
  departmentName: '电话银行客服',
  complaintHotline: null,
};

/** `training`: a training-line call, looked up in the training namespace only (Art. 9). */
export const VerifyLookupRequest = z
  .object({
    callerNumber: CreateVerificationRequest.shape.callerNumber,
    training: z.literal(true).optional(),
  })
  .strict();
/** The desk always knows where the caller number came from (the phone's caller ID): it says so. */
export const VerifyStartRequest = CreateVerificationRequest.extend({
  callerIdSource: z.enum(CALLER_ID_SOURCES),
});
export const VerifySessionRequest = z.object({ sessionId: SessionId }).strict();
export const VerifyBasicRequest = z
  .object({
    sessionId: SessionId,
    customerId: z.uuid(),
    mobile: z.string().min(1).max(32),
    nationalId: z.string().min(1).max(32),
  })
  .strict();
/**
 * Keyed by the customer on the phone (secure entry); the renderer wipes its buffer after sending.
 */
export const VerifyPasswordRequest = z
  .object({ sessionId: SessionId, password: z.string().regex(/^\d{1,32}$/, 'keypad digits') })
  .strict();
export const VerifyOtpRequest = z
  .object({ sessionId: SessionId, code: z.string().regex(/^\d{6}$/, 'must be 6 digits') })
  .strict();
export const VerifyMethodRequest = z
  .object({ sessionId: SessionId, alternative: z.enum(ALTERNATIVE_IDS), reason: Reason })
  .strict();
/** Art. 14: the customer declines a step; the reason is recorded with what may be offered. */
export const VerifyDeclineRequest = z
  .object({ sessionId: SessionId, step: z.enum(DECLINABLE_STEPS), reason: Reason })
  .strict();
/** The call-back dial as the panel gets it: the masked number only (Art. 11). */
export const VerifyCallbackDialResponse = CheckResponse.extend({
  dial: z.object({ dialId: z.uuid(), masked: z.string(), expiresAt: z.string() }).strict(),
});
export const VerifyCallbackResultRequest = z
  .object({
    sessionId: SessionId,
    dialId: z.uuid(),
    callId: z.string().min(1).max(128),
    answered: z.boolean(),
  })
  .strict();
export const VerifyConfirmRequest = z
  .object({ sessionId: SessionId, confirmed: z.boolean() })
  .strict();
export const VerifyApprovalRequest = z
  .object({ sessionId: SessionId, note: Reason.optional() })
  .strict();
/** Art. 4(2): the caller's business changed; `other` needs the note (the service checks it). */
export const VerifyBusinessRequest = z
  .object({
    sessionId: SessionId,
    businessType: z.enum(BUSINESS_TYPES),
    reason: z.enum(INTENT_CHANGE_REASONS),
    note: Reason.optional(),
  })
  .strict();

export const COMPLAINT_CATEGORIES = [
  'service',
  'wait-time',
  'verification',
  'product',
  'fees',
  'other',
] as const;
export const VerifyComplaintRequest = z
  .object({
    callId: z.string().min(1).max(128),
    sessionId: SessionId.optional(),
    category: z.enum(COMPLAINT_CATEGORIES),
    text: z.string().trim().min(1).max(2000),
    wantsReply: z.boolean(),
  })
  .strict();
/**
 * `dueAt`: the company's deadline as the records service gave it (Art. 16), null when the service
 * could not be asked (the complaint is journaled all the same).
 */
export const VerifyComplaintResponse = z
  .object({ id: z.uuid(), dueAt: z.string().nullable() })
  .strict();

/** End of call: what the agent saw and decided, journaled as one summary. */
export const VerifyWrapUpRequest = z
  .object({
    callId: z.string().min(1).max(128),
    sessionId: SessionId.optional(),
    businessType: z.enum(BUSINESS_TYPES).optional(),
    notes: z.string().trim().max(2000),
  })
  .strict();

export const ApprovalDecideRequest = z
  .object({ approvalId: z.uuid(), approve: z.boolean(), reason: Reason })
  .strict();

export const verifyContract = {
  'verify:config': { request: z.object({}).strict(), response: VerifyConfig },
  /** Screen pop (Art. 4, 5): masked customers reserved on the caller's number. */
  'verify:lookup': { request: VerifyLookupRequest, response: CustomerLookupResponse },
  'verify:start': { request: VerifyStartRequest, response: Verification },
  'verify:get': { request: VerifySessionRequest, response: Verification },
  'verify:basic': { request: VerifyBasicRequest, response: CheckResponse },
  'verify:password': { request: VerifyPasswordRequest, response: CheckResponse },
  'verify:password-forgotten': { request: VerifySessionRequest, response: CheckResponse },
  'verify:otp-send': { request: VerifySessionRequest, response: OtpSendResponse },
  'verify:otp': { request: VerifyOtpRequest, response: CheckResponse },
  'verify:method': { request: VerifyMethodRequest, response: CheckResponse },
  'verify:confirm': { request: VerifyConfirmRequest, response: CheckResponse },
  'verify:request-approval': { request: VerifyApprovalRequest, response: CheckResponse },
  'verify:business': { request: VerifyBusinessRequest, response: BusinessChangeResponse },
  'verify:complaint': { request: VerifyComplaintRequest, response: VerifyComplaintResponse },
  'verify:decline': { request: VerifyDeclineRequest, response: DeclineResponse },
  /** Art. 14: main hands the number to the phone (`phone:dial-callback`), the panel a mask. */
  'verify:callback-dial': { request: VerifySessionRequest, response: VerifyCallbackDialResponse },
  'verify:callback-result': { request: VerifyCallbackResultRequest, response: CheckResponse },
  'verify:wrap-up': { request: VerifyWrapUpRequest, response: z.object({}).strict() },
  /** Art. 18: the agent read the suspended session's customer the script (recorded once). */
  'verify:customer-informed': { request: VerifySessionRequest, response: Verification },
  /** Team-lead inbox (Art. 10): pending approvals with masked case details. */
  'approvals:list': { request: z.object({}).strict(), response: ApprovalsResponse },
  'approvals:decide': { request: ApprovalDecideRequest, response: ApprovalDecisionResponse },
} as const;

export const verifyEvents = {
  /** A session changed without the agent acting (a lead decided): main watches while it waits. */
  'verify:changed': Verification,
  /** The pending approvals a lead sees changed (main watches while a lead is signed in). */
  'approvals:changed': z.object({ pending: z.number().int().min(0) }).strict(),
} as const;
