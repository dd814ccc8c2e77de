// What an alert's `reasons` can say, as closed lists (Art. 5(2), 6, 10, 11, 18): the records
// service raises only these, and the lead's console has a label for each in both languages (the
// label maps are typed by these lists, so a new code without a label fails the type-check).

/** Actions a tier may be refused, each recorded as an `over-permission` alert (Art. 10). */
export const GUARDED_ACTIONS = [
  'verify',
  'complete-without-approval',
  'view-another-agents-session',
  'inform-another-agents-customer',
  'decide-approvals',
  'decide-own-approval',
  'list-approvals',
  'list-alerts',
  'list-alert-assignees',
  'read-alert',
  'acknowledge-alert',
  'assign-alert',
  'resolve-alert',
  'record-emergency-step',
  'list-callbacks',
  'close-callback',
  'list-complaints',
  'count-complaints',
  'assign-complaint',
  'answer-complaint',
  'close-complaint',
  'search-password-locks',
  'lift-password-lock',
  'lift-own-password-lock',
  'view-floor',
  'set-not-ready',
  'set-not-ready-other-team',
  'view-queue',
  'search-archive',
  'open-archived-call',
  'prove-archive',
  'auditor-outside-archive',
  'record-another-agents-survey',
  'read-survey',
  'read-month-reports',
  'close-month',
  'list-reviews',
  'read-review',
  'review-session',
  'review-own-call',
  'view-indicators',
  'view-training-results',
  'list-devices',
  'revoke-device',
] as const;

/** What an agent does on a verification session (its routes); each is the owner's alone. */
export const SESSION_ACTIONS = [
  'business',
  'method',
  'basic',
  'password',
  'password-forgotten',
  'otp-send',
  'otp',
  'callback-dial',
  'callback',
  'decline',
  'approval-request',
  'confirmation',
] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

/** A session's action tried on a session another agent opened (Art. 10). */
export type ForeignStepAction = `${SessionAction}-on-another-agents-session`;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number] | ForeignStepAction;

/** Why a journal entry was refused: a chain break raises `journal-tamper`, bad content
 *  `dead-letters`. */
export const JOURNAL_REJECT_REASONS = [
  'gap',
  'reorder',
  'prev-hash-mismatch',
  'hash-mismatch',
  'seq-conflict',
  'id-conflict',
  'malformed',
  'effect-invalid',
  // A whole batch refused at the door (server/devices/gate.ts), also a `journal-tamper` alert.
  'device-unknown',
  'device-revoked',
  'device-signature-invalid',
  'journal-rewritten',
] as const;
export type JournalRejectReason = (typeof JOURNAL_REJECT_REASONS)[number];

/** The other reasons an alert gives: the exception procedure (Art. 5(2)), a password lock. */
export const OTHER_ALERT_REASONS = [
  'basic-attempts-exhausted',
  'query-password-locked',
  'transaction-password-locked',
] as const;
export type OtherAlertReason = (typeof OTHER_ALERT_REASONS)[number];

/** The action named in a `…-on-another-agents-session` code, or null for other codes. */
export function foreignStepOf(code: string): SessionAction | null {
  const step = /^([a-z-]+)-on-another-agents-session$/.exec(code)?.[1];
  return SESSION_ACTIONS.find((s) => s === step) ?? null;
}
