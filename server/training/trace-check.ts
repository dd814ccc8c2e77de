// A training result's trace must be the call the service saw (Art. 9): a result names an ended
// training session of its agent, with the scenario's customer (or one it speaks as), and the
// trace's checks, business types and last status agree with what the session recorded. Pure: the
// plugin reads the rows, this says what disagreed (null: nothing).
import { isTerminal, type BusinessType, type SessionStatus } from '../../common/policy.js';
import type { Scenario, TrainingEvent } from '../../common/training.js';

/** The session as recorded, with the keys of the customers it named (its own, any tried). */
export interface RecordedSession {
  status: SessionStatus;
  businessType: BusinessType;
  customerKeys: readonly string[];
  events: readonly { step: string; outcome: string }[];
}

interface Check {
  step: string;
  result: string;
}
/** A recorded Art. 18 suspension: the trace shows it as the check's `suspended`. */
const FRAUD = { step: 'fraud', result: 'suspended' };

/** The trace's check that each recorded event is (renderer/training/trace.ts STEP_OF), or null. */
function asCheck(e: { step: string; outcome: string }): Check | null {
  switch (e.step) {
    case 'basic':
    case 'password':
    case 'otp':
    case 'confirmation':
      return { step: e.step, result: e.outcome };
    case 'password-forgotten':
      return { step: 'password', result: 'password-reset' };
    case 'otp-send':
      return { step: 'otp', result: 'sent' };
    case 'callback':
      return { step: 'callback', result: e.outcome === 'answered' ? 'passed' : e.outcome };
    case 'fraud':
      return e.outcome === 'suspended' ? FRAUD : null;
    default:
      return null;
  }
}

/**
 * Whether the trace's checks are the recorded ones in order. A `suspended` check is either the
 * suspension alone (the rules hit before the check ran) or the check then the suspension (its own
 * outcome hit). `prefix`: the trace may stop early (the outage drill cuts the desk off).
 */
function checksAgree(recorded: Check[], trace: Check[], prefix: boolean): string | null {
  let i = 0;
  for (const [j, t] of trace.entries()) {
    const r = recorded[i];
    const label = `check ${j + 1} (${t.step} ${t.result})`;
    if (t.result === 'suspended') {
      if (r === FRAUD) i += 1;
      else if (r?.step === t.step && recorded[i + 1] === FRAUD) i += 2;
      else return `${label}: the session recorded no suspension there`;
    } else if (!r || r === FRAUD || r.step !== t.step || r.result !== t.result) {
      return `${label}: the session recorded ${r ? `${r.step} ${r.result}` : 'nothing more'}`;
    } else i += 1;
  }
  if (i < recorded.length && !prefix)
    return `the session recorded ${recorded.length - i} check(s) more than the trace has`;
  return null;
}

/** What disagrees between the trace and the session (null: they agree). */
export function traceDisagreement(
  scenario: Scenario,
  session: RecordedSession,
  events: readonly TrainingEvent[],
): string | null {
  const drill = scenario.outageAfter !== undefined;
  if (!isTerminal(session.status) && !drill)
    return `the session has not ended (it is ${session.status})`;
  const speaksAs = scenario.reactions.flatMap((r) =>
    r.do.flatMap((a) => (a.do === 'say' && a.as ? [a.as] : [])),
  );
  const allowed = [scenario.customer, ...speaksAs];
  const stranger = session.customerKeys.find((k) => !allowed.includes(k));
  if (session.customerKeys.length === 0 || stranger !== undefined)
    return 'the session’s customer is not this scenario’s (nor one it speaks as)';

  const recorded = session.events.map(asCheck).filter((c): c is Check => c !== null);
  const trace = events.flatMap((e) =>
    e.kind === 'check' ? [{ step: e.step, result: e.result }] : [],
  );
  const checks = checksAgree(recorded, trace, drill);
  if (checks) return checks;

  // Business: the session's type now, the ones it changed to, and the one it opened with.
  const changes = session.events.filter((e) => e.step === 'business').map((e) => e.outcome);
  const businesses = events.flatMap((e) => (e.kind === 'business' ? [e.business] : []));
  const known = new Set<string>([session.businessType, ...changes]);
  const unknown = businesses.find((b, k) => !known.has(b) && !(k === 0 && changes.length > 0));
  if (unknown) return `business "${unknown}" is not the session’s`;
  const lastBusiness = businesses.at(-1);
  if (lastBusiness !== undefined && lastBusiness !== session.businessType)
    return `the trace ends with business "${lastBusiness}", not ${session.businessType}`;

  const statuses = events.flatMap((e) => (e.kind === 'status' ? [e.status] : []));
  const last = statuses.at(-1);
  if (last !== undefined && last !== session.status)
    return `the trace ends ${last}, the session is ${session.status}`;
  return null;
}
