// The Alerts room's half of the contract (Art. 6, 10, 11, 18): the alert list and the lead's work
// on an alert (acknowledge, assign, resolve, the Art. 18 emergency steps), the call's archive
// timeline, and the password-lock search and lift (Art. 6). Masked data only (Art. 11).
import { z } from 'zod';
import { Reason } from './api-primitives.js';
import { CallTimeline } from './archive-api.js';
import { ALERT_OUTCOMES, ALERT_STATUSES, EMERGENCY_STEPS, PASSWORD_KINDS } from './policy.js';
import {
  Alert,
  AlertAssignees,
  PasswordLockLift,
  PasswordLockSearchBody,
  PasswordLockSearchResponse,
} from './records-api.js';

const AlertId = z.object({ id: z.uuid() }).strict();

export const AlertsListRequest = z.object({ status: z.enum(ALERT_STATUSES).optional() }).strict();
export const AlertsList = z.object({ alerts: z.array(Alert) }).strict();
export type AlertsList = z.infer<typeof AlertsList>;

export const leadAlertsContract = {
  /** Newest first (at most 200), with status, assignee, history and names. */
  'alerts:list': { request: AlertsListRequest, response: AlertsList },
  'alerts:get': { request: AlertId, response: Alert },
  'alerts:acknowledge': { request: AlertId, response: Alert },
  'alerts:assign': {
    request: AlertId.extend({ to: z.string().min(1).max(64) }).strict(),
    response: Alert,
  },
  'alerts:resolve': {
    request: AlertId.extend({ outcome: z.enum(ALERT_OUTCOMES), note: Reason.optional() }).strict(),
    response: Alert,
  },
  /** Art. 18: one emergency step of a fraud alert (reported-to-police with its case number). */
  'alerts:emergency-step': {
    request: AlertId.extend({
      step: z.enum(EMERGENCY_STEPS),
      policeCaseNumber: z.string().trim().min(1).max(64).optional(),
      note: Reason.optional(),
    }).strict(),
    response: Alert,
  },
  'alerts:assignees': { request: z.object({}).strict(), response: AlertAssignees },
  /** The call's archive timeline (leads read the archive; each read is audited). */
  'alerts:timeline': {
    request: z.object({ callId: z.string().min(1).max(128) }).strict(),
    response: CallTimeline,
  },
  /** Art. 6: customers and their locks by the reserved mobile or the ID number; masked. */
  'customers:lock-search': {
    request: PasswordLockSearchBody,
    response: PasswordLockSearchResponse,
  },
  /** Art. 6: lift a lock after the reset procedure, with a reason; never on one's own call. */
  'customers:unlock-password': {
    request: z
      .object({ customerId: z.uuid(), kind: z.enum(PASSWORD_KINDS), reason: Reason })
      .strict(),
    response: PasswordLockLift,
  },
} as const;
