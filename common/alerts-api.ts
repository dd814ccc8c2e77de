// The lead's alert workflow over HTTP as zod schemas, re-exported by records-api.ts: acknowledge,
// assign, resolve (Art. 10, 11, 18), the leads one may assign to, and the password-lock search a
// lead runs before lifting a lock (Art. 6). Masked customers only (Art. 11).
import { z } from 'zod';
import { Id, Reason, Timestamp } from './api-primitives.js';
import { ALERT_OUTCOMES, PASSWORD_KINDS } from './policy.js';

export const ALERT_ACTIONS = ['acknowledged', 'assigned', 'resolved'] as const;
export type AlertActionKind = (typeof ALERT_ACTIONS)[number];

/** One recorded action on an alert: who and when; `to` for an assignment, outcome for a close. */
export const AlertActionRecord = z
  .object({
    action: z.enum(ALERT_ACTIONS),
    at: Timestamp,
    by: z.string(),
    to: z.string().nullable(),
    outcome: z.enum(ALERT_OUTCOMES).nullable(),
    note: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'AlertActionRecord' });
export type AlertActionRecord = z.infer<typeof AlertActionRecord>;

const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, 'a username');

export const AlertAssignBody = z.object({ to: Username }).strict();
export const AlertResolveBody = z
  .object({ outcome: z.enum(ALERT_OUTCOMES), note: Reason.optional() })
  .strict();

/** The leads an alert may be assigned to, by name. */
export const AlertAssignees = z
  .object({ leads: z.array(z.object({ username: z.string(), name: z.string() }).strict()) })
  .strict();
export type AlertAssignees = z.infer<typeof AlertAssignees>;

/** `POST /api/v1/password-locks/search`: the reserved mobile or the ID number, in the body only. */
export const PasswordLockSearchBody = z
  .object({
    mobile: z.string().trim().min(1).max(32).optional(),
    nationalId: z.string().trim().min(1).max(32).optional(),
  })
  .strict()
  .refine((b) => (b.mobile === undefined) !== (b.nationalId === undefined), {
    message: 'give the reserved mobile or the ID number, one of them',
  });

export const LockedCustomer = z
  .object({
    customerId: Id,
    /** Masked: family name and a star, 138****5678, 1***************2X. */
    name: z.string(),
    mobile: z.string(),
    nationalId: z.string(),
    locks: z.array(
      z
        .object({
          kind: z.enum(PASSWORD_KINDS),
          lockedAt: Timestamp,
          /** Four eyes: true when the asking lead was an agent of the call where it locked. */
          own: z.boolean(),
        })
        .strict(),
    ),
  })
  .strict();
export type LockedCustomer = z.infer<typeof LockedCustomer>;
export const PasswordLockSearchResponse = z.object({ customers: z.array(LockedCustomer) }).strict();
export type PasswordLockSearchResponse = z.infer<typeof PasswordLockSearchResponse>;
