// The keypad satisfaction survey's rules (Art. 22): when an agent may invite the customer to rate,
// how long the customer has, how often the agent may re-invite, and which keys count. Shared by
// the records service (the authority) and the desk's panel. Pure data and functions: no I/O.
import type { SessionStatus } from './session.js';

export const SURVEY_OUTCOMES = ['rated', 'declined', 'no-answer'] as const;
export type SurveyOutcome = (typeof SURVEY_OUTCOMES)[number];

export const SURVEY_POLICY = {
  /** The customer has this long after the invitation to key a rating (Art. 22: 15 s). */
  windowMs: 15_000,
  /** The agent may re-invite once (IVR practice: one retry, then a fallback); then no-answer. */
  restarts: 1,
  minRating: 1,
  maxRating: 5,
} as const;

/**
 * The business is done: the session ended, whichever way (verified, not confirmed, exception,
 * password reset or lock, denied). Not while it runs or waits for a lead, and not a session
 * suspended for suspected fraud (Art. 18): that caller may not be the customer, and the agent
 * reads the suspension script instead of inviting a rating.
 */
export const SURVEY_STATUSES: readonly SessionStatus[] = [
  'verified',
  'not-confirmed',
  'exception',
  'password-reset',
  'password-locked',
  'denied',
];

export const maySurvey = (status: SessionStatus): boolean => SURVEY_STATUSES.includes(status);

/** The rating a keypad key means, or null for any other key (ignored, never shown). */
export function ratingOfKey(key: string): number | null {
  if (!/^[0-9]$/.test(key)) return null;
  const n = Number(key);
  return n >= SURVEY_POLICY.minRating && n <= SURVEY_POLICY.maxRating ? n : null;
}
