// Scores a training call's trace against the regulation (Art. 9 assessment): one table of misses
// with their article, points and whether one alone fails the call. Pure: the desk shows the score
// after the call and the records service re-scores the same trace with this same function.
import {
  ALTERNATIVE_METHODS,
  callerCountsAsReservedMobile,
  requirementsFor,
  type AlternativeId,
  type BusinessType,
  type Step,
} from './policy.js';
import type {
  AgentLine,
  Miss,
  MissRule,
  Scenario,
  TrainingEvent,
  TrainingScore,
} from './training.js';
import type { Tier } from './values.js';

export interface MissWeight {
  /** The article the rule comes from (some misses name a more precise one, e.g. the step's). */
  article: number;
  points: number;
  /** One critical miss fails the call whatever the score. */
  critical: boolean;
}

export const MISS_WEIGHTS: Readonly<Record<MissRule, MissWeight>> = {
  'greeting-missing': { article: 4, points: 10, critical: false }, // Art. 4(1)
  'business-wrong': { article: 4, points: 30, critical: true }, // Art. 4(2)
  'step-order': { article: 5, points: 30, critical: true }, // Art. 5–8: the step's own article
  'step-skipped': { article: 5, points: 30, critical: true }, // Art. 5–8: the step's own article
  'recheck-missing': { article: 5, points: 20, critical: false }, // Art. 5(2)
  'secret-asked-aloud': { article: 6, points: 40, critical: true }, // Art. 6(1), 7(2)
  'otp-not-announced': { article: 7, points: 10, critical: false }, // Art. 7(2)
  'read-back-missing': { article: 8, points: 30, critical: true }, // Art. 8
  'confirmed-without-yes': { article: 8, points: 40, critical: true }, // Art. 8
  'approval-missing': { article: 10, points: 25, critical: false }, // Art. 10
  'outage-script-missing': { article: 12, points: 25, critical: false }, // Art. 12
  'complaint-missing': { article: 16, points: 25, critical: false }, // Art. 16
  'fraud-script-missing': { article: 18, points: 30, critical: true }, // Art. 18
  'outcome-wrong': { article: 8, points: 30, critical: true }, // the expected outcome's article
  'too-slow': { article: 3, points: 5, critical: false }, // Art. 3: cut customers' waiting
  'line-missing': { article: 4, points: 5, critical: false }, // the line's own article
};

export const DEFAULT_PASS_MARK = 80;

const STEP_ARTICLES: Readonly<Record<Step, number>> = {
  basic: 5,
  password: 6,
  otp: 7,
  callback: 14,
  confirmation: 8,
};

/** The article each agent line answers to; a missing line the scenario expects names it. */
export const LINE_ARTICLES: Readonly<Record<AgentLine, number>> = {
  greeting: 4,
  'ask-intent': 4,
  'ask-details': 5,
  recheck: 5,
  'ask-password-keypad': 6,
  'ask-password-aloud': 6,
  'announce-otp': 7,
  'ask-otp-aloud': 7,
  'read-back': 8,
  'fraud-notice': 18,
  'outage-notice': 12,
  'offer-alternative': 14,
  'complaint-heard': 16,
  goodbye: 3,
};

/** Expected lines whose absence is a rule of its own rather than `line-missing`. */
const LINE_RULES: Partial<Record<AgentLine, MissRule>> = {
  greeting: 'greeting-missing',
  recheck: 'recheck-missing',
  'announce-otp': 'otp-not-announced',
  'read-back': 'read-back-missing',
  'fraud-notice': 'fraud-script-missing',
  'outage-notice': 'outage-script-missing',
};

const OUTCOME_ARTICLES: Readonly<Record<Scenario['expect']['outcome'], number>> = {
  'in-progress': 4,
  'awaiting-approval': 10,
  verified: 8,
  'not-confirmed': 8,
  exception: 5,
  'password-reset': 6,
  'password-locked': 6,
  denied: 10,
  suspended: 18,
  outage: 12,
};

export interface ScoreOptions {
  /** Each scenario's score must reach it (a course's passMark); default 80. */
  passMark?: number;
  /** The customer's reserved mobile, when the scorer knows it (Art. 18 caller check). */
  reservedMobile?: string;
}

type Ev = TrainingEvent;
/** What the agent or the panel did (a status, an outage or the end are not the agent's acts). */
const isAct = (e: Ev): boolean =>
  e.kind === 'said' ||
  e.kind === 'business' ||
  e.kind === 'check' ||
  e.kind === 'keypad' ||
  e.kind === 'approval-requested' ||
  e.kind === 'complaint-recorded';
const said = (e: Ev, line: AgentLine): boolean => e.kind === 'said' && e.line === line;
const saidBetween = (events: readonly Ev[], line: AgentLine, from: number, to: number): boolean =>
  events.some((e, i) => i > from && i < to && said(e, line));
/** A check passed: `passed`, or `verified` for the Art. 8 confirmation. */
const passes = (e: Ev): e is Extract<Ev, { kind: 'check' }> =>
  e.kind === 'check' && (e.result === 'passed' || e.result === 'verified');
/** The step a check or a keypad opening works on. */
const stepOf = (e: Ev): Step | null =>
  e.kind === 'check' ? e.step : e.kind === 'keypad' ? e.purpose : null;

/** The trace read once: where the landmarks are. */
interface Trace {
  events: readonly Ev[];
  /** Index of the first `verified` status, or -1. */
  verified: number;
  business: BusinessType | null;
  alternatives: AlternativeId[];
}

function readTrace(events: readonly Ev[]): Trace {
  const verified = events.findIndex((e) => e.kind === 'status' && e.status === 'verified');
  const upTo = verified >= 0 ? verified : events.length;
  let business: BusinessType | null = null;
  for (let i = 0; i < upTo; i++) {
    const e = events[i]!;
    if (e.kind === 'business') business = e.business;
  }
  // Art. 14: a `switched` check names the step the customer declined; its alternative takes over.
  const alternatives: AlternativeId[] = [];
  for (const e of events) {
    if (e.kind !== 'check' || e.result !== 'switched') continue;
    const method = ALTERNATIVE_METHODS.find((a) => a.replaces === e.step);
    if (method && !alternatives.includes(method.id)) alternatives.push(method.id);
  }
  return { events, verified, business, alternatives };
}

type Found = Omit<Miss, 'article'> & { article?: number };

/** Art. 4(1): the greeting is the agent's first act of the call. */
function greetingRule({ events }: Trace): Found[] {
  const first = events.find(isAct);
  return first && said(first, 'greeting') ? [] : [{ rule: 'greeting-missing' }];
}

/** Art. 4(2): the session ran the business the caller wanted (as it stood at "verified"). */
function businessRule(scenario: Scenario, trace: Trace): Found[] {
  // The records service down before a session opened: there was no business to choose.
  if (trace.business === null && trace.events.some((e) => e.kind === 'outage')) return [];
  return trace.business === scenario.expect.business ? [] : [{ rule: 'business-wrong' }];
}

/** Art. 5–8, 10, 14, 18: what the policy asked of this session, for this tier and caller. */
function requirements(scenario: Scenario, trace: Trace, tier: Tier, options: ScoreOptions) {
  const callerIsReservedMobile =
    options.reservedMobile !== undefined
      ? callerCountsAsReservedMobile(
          scenario.callerNumber,
          scenario.callerIdSource,
          options.reservedMobile,
        )
      : scenario.callerIdSource === 'from'
        ? false
        : null;
  return requirementsFor(
    trace.business ?? scenario.expect.business,
    tier,
    callerIsReservedMobile,
    trace.alternatives,
  );
}

/**
 * Art. 5–8: no check (or keypad) for a step before every earlier step passed; at "verified"
 * every step passed (the verified status itself is the Art. 8 confirmation).
 */
function stepRules(trace: Trace, steps: readonly Step[]): Found[] {
  const found: Found[] = [];
  const passed = new Set<Step>();
  const end = trace.verified >= 0 ? trace.verified : trace.events.length;
  for (let i = 0; i < end; i++) {
    const e = trace.events[i]!;
    const step = stepOf(e);
    // A confirmation reached early is a skipped step, counted at "verified" below.
    if (step === null || step === 'confirmation' || !steps.includes(step)) continue;
    const missing = steps.slice(0, steps.indexOf(step)).find((s) => !passed.has(s));
    if (missing && !found.some((f) => f.rule === 'step-order'))
      found.push({ rule: 'step-order', article: STEP_ARTICLES[step] });
    if (passes(e)) passed.add(step);
  }
  if (trace.verified >= 0) {
    const skipped = steps.find((s) => s !== 'confirmation' && !passed.has(s));
    if (skipped) found.push({ rule: 'step-skipped', article: STEP_ARTICLES[skipped] });
  }
  return found;
}

/** Art. 10: a session beyond the agent's tier (or the caller's number) waits for a lead. */
function approvalRule(scenario: Scenario, trace: Trace, reasons: readonly string[]): Found[] {
  const needed = scenario.expect.approval || reasons.length > 0;
  if (!needed || scenario.expect.outcome !== 'verified') return [];
  const end = trace.verified >= 0 ? trace.verified : trace.events.length;
  const asked = trace.events.slice(0, end).some((e) => e.kind === 'approval-requested');
  return asked ? [] : [{ rule: 'approval-missing' }];
}

/** Art. 5(2): after a failed basic check, the re-check script before the next one. */
function recheckRule({ events }: Trace): Found[] {
  const basics = events.flatMap((e, i) => (e.kind === 'check' && e.step === 'basic' ? [i] : []));
  for (let n = 0; n + 1 < basics.length; n++) {
    const at = basics[n]!;
    const e = events[at]!;
    if (
      e.kind === 'check' &&
      e.result === 'failed' &&
      !saidBetween(events, 'recheck', at, basics[n + 1]!)
    )
      return [{ rule: 'recheck-missing' }];
  }
  return [];
}

/** Art. 8: the read-back after every other step passed, before the confirmation that verified. */
function readBackRule({ events, verified }: Trace): Found[] {
  if (verified < 0) return [];
  const confirmed = events.findIndex(
    (e, i) => i <= verified && e.kind === 'check' && e.step === 'confirmation' && passes(e),
  );
  const at = confirmed >= 0 ? confirmed : verified;
  let lastCheck = -1;
  events.forEach((e, i) => {
    if (i < at && passes(e) && e.kind === 'check' && e.step !== 'confirmation') lastCheck = i;
  });
  return saidBetween(events, 'read-back', lastCheck, at) ? [] : [{ rule: 'read-back-missing' }];
}

/**
 * Art. 8: only the customer's yes verifies. A scenario whose customer answers the read-back "no"
 * expects `not-confirmed`; a `verified` status in its trace was confirmed without a yes.
 */
function confirmationRule(scenario: Scenario, { verified }: Trace): Found[] {
  return scenario.expect.outcome === 'not-confirmed' && verified >= 0
    ? [{ rule: 'confirmed-without-yes' }]
    : [];
}

/** Art. 6(1), 7(2): a password or passcode is keyed, never said. */
function secretRule({ events }: Trace): Found[] {
  const found: Found[] = [];
  if (events.some((e) => said(e, 'ask-password-aloud')))
    found.push({ rule: 'secret-asked-aloud', article: 6 });
  else if (events.some((e) => said(e, 'ask-otp-aloud')))
    found.push({ rule: 'secret-asked-aloud', article: 7 });
  return found;
}

/** Art. 7(2): before each passcode keypad opens, the customer is told one was sent. */
function otpRule({ events }: Trace): Found[] {
  let previous = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind !== 'keypad' || e.purpose !== 'otp') continue;
    if (!saidBetween(events, 'announce-otp', previous, i)) return [{ rule: 'otp-not-announced' }];
    previous = i;
  }
  return [];
}

/** Art. 18 / Art. 12: the fraud script after a suspension, the outage script after an outage. */
function scriptRules({ events }: Trace): Found[] {
  const found: Found[] = [];
  const suspended = events.findIndex((e) => e.kind === 'status' && e.status === 'suspended');
  if (suspended >= 0 && !saidBetween(events, 'fraud-notice', suspended, events.length))
    found.push({ rule: 'fraud-script-missing' });
  const outage = events.findIndex((e) => e.kind === 'outage');
  if (outage >= 0 && !saidBetween(events, 'outage-notice', outage, events.length))
    found.push({ rule: 'outage-script-missing' });
  return found;
}

/** Art. 16 and the scenario's own lines. */
function expectedRules(scenario: Scenario, { events }: Trace): Found[] {
  const found: Found[] = [];
  if (scenario.expect.complaint && !events.some((e) => e.kind === 'complaint-recorded'))
    found.push({ rule: 'complaint-missing' });
  for (const line of scenario.expect.lines) {
    if (events.some((e) => said(e, line))) continue;
    const rule = LINE_RULES[line];
    found.push(rule ? { rule } : { rule: 'line-missing', line, article: LINE_ARTICLES[line] });
  }
  return found;
}

/** The session's last status, or `outage` when the records service went down after it. */
export function outcomeOf(events: readonly TrainingEvent[]): Scenario['expect']['outcome'] | null {
  let outcome: Scenario['expect']['outcome'] | null = null;
  for (const e of events) {
    if (e.kind === 'status') outcome = e.status;
    if (e.kind === 'outage') outcome = 'outage';
  }
  return outcome;
}

/** From the answer to "verified", in seconds (one decimal); null when it never was. */
export function secondsToVerify(events: readonly TrainingEvent[]): number | null {
  const verified = events.find((e) => e.kind === 'status' && e.status === 'verified');
  if (!verified) return null;
  const answered = events.find((e) => e.kind === 'answered')?.at ?? 0;
  return Math.round((verified.at - answered) / 100) / 10;
}

/**
 * The score of one training call: 100 less each miss's points (each rule counted once, each
 * missing line once); passed when no miss is critical and the score reaches the pass mark.
 * `events` is the trace in the order it happened.
 */
export function scoreTrainingCall(
  scenario: Scenario,
  events: readonly TrainingEvent[],
  tier: Tier,
  options: ScoreOptions = {},
): TrainingScore {
  const trace = readTrace(events);
  const { steps, approvalReasons } = requirements(scenario, trace, tier, options);
  const seconds = secondsToVerify(events);
  const outcome = outcomeOf(events);
  const found: Found[] = [
    ...greetingRule(trace),
    ...businessRule(scenario, trace),
    ...stepRules(trace, steps),
    ...recheckRule(trace),
    ...secretRule(trace),
    ...otpRule(trace),
    ...readBackRule(trace),
    ...confirmationRule(scenario, trace),
    ...approvalRule(scenario, trace, approvalReasons),
    ...scriptRules(trace),
    ...expectedRules(scenario, trace),
  ];
  if (outcome !== scenario.expect.outcome)
    found.push({ rule: 'outcome-wrong', article: OUTCOME_ARTICLES[scenario.expect.outcome] });
  const max = scenario.expect.maxSecondsToVerify;
  if (max > 0 && seconds !== null && seconds > max) found.push({ rule: 'too-slow' });
  const misses = dedupe(found);
  const lost = misses.reduce((sum, m) => sum + MISS_WEIGHTS[m.rule].points, 0);
  const score = Math.max(0, 100 - lost);
  const critical = misses.some((m) => MISS_WEIGHTS[m.rule].critical);
  const passMark = options.passMark ?? DEFAULT_PASS_MARK;
  return { score, passed: !critical && score >= passMark, misses, secondsToVerify: seconds };
}

/** One miss per rule (per line for `line-missing`), in the order found, each with its article. */
function dedupe(found: readonly Found[]): Miss[] {
  const misses: Miss[] = [];
  for (const f of found) {
    if (misses.some((m) => m.rule === f.rule && m.line === f.line)) continue;
    const miss: Miss = { rule: f.rule, article: f.article ?? MISS_WEIGHTS[f.rule].article };
    if (f.line) miss.line = f.line;
    misses.push(miss);
  }
  return misses;
}
