// The quality review of completed verification sessions (Art. 19) as pure rules: which ended
// sessions must be reviewed, the seeded random draw for the rest, the steps a reviewer marks and
// the reasons a step can be wrong. Verification accuracy (Art. 22) is counted from these reviews.
import { FLOOR_POLICY } from './floor.js';
import type { SessionStatus } from './session.js';

/** Why a session entered the review queue (a closed list; a session may have several). */
export const REVIEW_REASONS = ['random', 'approval', 'exception', 'fraud', 'step-up'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** Why a reviewer marked a step incorrect (Art. 19): a closed list, labelled in the console. */
export const INCORRECT_STEP_REASONS = [
  'skipped-step',
  'wrong-business-type',
  'read-back-not-done',
  'data-disclosed',
  'wrong-script',
  'wrong-method',
  'identity-not-established',
  'approval-not-sought',
  'other',
] as const;
export type IncorrectStepReason = (typeof INCORRECT_STEP_REASONS)[number];

/** The steps the records service records on a session (verification_events.step). */
export const REVIEW_STEPS = [
  'business',
  'basic',
  'password',
  'password-forgotten',
  'method',
  'otp-send',
  'otp',
  'decline',
  'callback-dial',
  'callback',
  'approval-request',
  'approval-decision',
  'confirmation',
  'fraud',
] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

/** Art. 19's default: 5 % of the completed sessions beyond the ones always reviewed. */
export const DEFAULT_REVIEW_SAMPLE_RATE = 0.05;

export const isSampleRate = (rate: number): boolean =>
  Number.isFinite(rate) && rate >= 0 && rate <= 1;

/** What the records service knows of an ended session when it decides on the review. */
export interface EndedSession {
  status: SessionStatus;
  /** An approval was needed (reasons planned) or asked for (Art. 10). */
  approvalNeeded: boolean;
  /** The fraud rules hit (Art. 18): reasons recorded or the session suspended. */
  fraud: boolean;
  /** The business changed mid-call (Art. 4(2)): a `business` event or passwords carried over. */
  steppedUp: boolean;
}

/** The reasons that put a session in the queue whatever the draw says. */
export function mustReviewReasons(s: EndedSession): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (s.approvalNeeded) reasons.push('approval');
  if (s.status === 'exception') reasons.push('exception');
  if (s.fraud || s.status === 'suspended') reasons.push('fraud');
  if (s.steppedUp) reasons.push('step-up');
  return reasons;
}

/**
 * A keyed digest (hex, e.g. HMAC-SHA256 of the session id) as a number in [0, 1): its first 52
 * bits over 2^52. The same digest gives the same number on every instance and every run.
 */
export function drawFraction(hexDigest: string): number {
  if (!/^[0-9a-f]{13,}$/i.test(hexDigest)) throw new RangeError('need 13+ hex digits');
  return parseInt(hexDigest.slice(0, 13), 16) / 2 ** 52;
}

/** Every must-review reason, plus `random` when the draw falls under the rate; [] → not sampled. */
export function sampleReasons(s: EndedSession, fraction: number, rate: number): ReviewReason[] {
  if (!isSampleRate(rate)) throw new RangeError('the review sample rate must be within 0–1');
  const reasons = mustReviewReasons(s);
  return fraction < rate ? ['random', ...reasons] : reasons;
}

/**
 * The steps a reviewer marks, in order: the ones recorded on the session (first occurrence), then
 * the planned ones never recorded — a skipped step is marked on itself.
 */
export function reviewSteps(recorded: readonly string[], planned: readonly string[]): ReviewStep[] {
  const known = (s: string): s is ReviewStep => (REVIEW_STEPS as readonly string[]).includes(s);
  return [...new Set([...recorded, ...planned])].filter(known);
}

export interface StepMark {
  step: string;
  correct: boolean;
  reason?: IncorrectStepReason | undefined;
  note?: string | undefined;
}

export type MarksCheck = { ok: true; correct: boolean } | { ok: false; message: string };

/**
 * A review marks every step of the session once, nothing else; an incorrect step needs a reason,
 * a correct one has none. `correct`: every step correct (what accuracy counts).
 */
export function checkMarks(steps: readonly string[], marks: readonly StepMark[]): MarksCheck {
  const seen = new Set<string>();
  for (const m of marks) {
    if (!steps.includes(m.step))
      return { ok: false, message: `"${m.step}" is not a step of this session` };
    if (seen.has(m.step)) return { ok: false, message: `"${m.step}" is marked twice` };
    seen.add(m.step);
    if (!m.correct && !m.reason)
      return { ok: false, message: `"${m.step}" is marked incorrect without a reason` };
    if (m.correct && m.reason)
      return { ok: false, message: `"${m.step}" is marked correct but given a reason` };
  }
  const missing = steps.filter((s) => !seen.has(s));
  if (missing.length > 0) return { ok: false, message: `steps not marked: ${missing.join(', ')}` };
  return { ok: true, correct: marks.every((m) => m.correct) };
}

/** `YYYY-MM-DD` of `at` (epoch ms) in the call centre's time zone: the session's review day. */
export function dayOf(at: number, timeZone: string = FLOOR_POLICY.timeZone): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
