// The training content as shipped: every scenario and course file validates, names customers and
// prompts that exist, and is playable — a model agent's call, fed through the runner, gets the
// customer's answers and scores 100; the same call done wrong fails, naming the article.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrainingCustomer } from '../../../common/training-api.js';
import { courseProblems, scenarioProblems } from '../../../common/training-check.js';
import { createRunner } from '../../../common/training-runner.js';
import { scoreTrainingCall } from '../../../common/training-score.js';
import {
  Course,
  Scenario,
  type CustomerAction,
  type TrainingEvent,
} from '../../../common/training.js';
import type { Tier } from '../../../common/values.js';

const dir = path.join(import.meta.dirname, '../../../assets/training');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const filesIn = (sub: string) =>
  readdirSync(path.join(dir, sub))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, sub, f));

const customers = (
  readJson(path.join(dir, 'customers.json')) as { customers: unknown[] }
).customers.map((c) => TrainingCustomer.parse(c));
const customerKeys = new Set(customers.map((c) => c.key));
const scenarios = new Map(
  filesIn('scenarios').map((file) => [
    path.basename(file, '.json'),
    Scenario.parse(readJson(file)),
  ]),
);

describe('scenario and course files', () => {
  it("ships the regulation's scenarios", () => {
    expect([...scenarios.keys()].sort()).toEqual(
      [
        'complaint',
        'declines-password',
        'details-changed-exception',
        'forgotten-password',
        'fraud-many-customers',
        'fund-transfer-password',
        'large-loan-otp',
        'not-reserved-mobile',
        'otp-expires-resent',
        'read-back-denied',
        'records-down-midcall',
        'routine-enquiry',
      ].sort(),
    );
  });

  it.each([...scenarios])('%s: named after its id, nothing it names is missing', (file, s) => {
    expect(s.id).toBe(file);
    expect(scenarioProblems(s, customerKeys)).toEqual([]);
  });

  it('scenarioProblems finds what the schema cannot', () => {
    const s = scenarios.get('routine-enquiry')!;
    const broken = Scenario.parse({
      ...s,
      customer: 'tc-nobody',
      reactions: [
        { on: {}, do: [{ do: 'say', prompt: 'no-such-prompt', as: 'tc-ghost' }] },
        { on: { said: 'read-back' }, do: [{ do: 'say', prompt: 'confirm-no' }] },
      ],
    });
    expect(scenarioProblems(broken, customerKeys)).toEqual([
      'customer tc-nobody is not a training customer',
      'reaction 1: its trigger names nothing',
      'reaction 1: no prompt no-such-prompt in prompts.json',
      'reaction 1: tc-ghost is not a training customer',
      'a customer who answers the read-back "no" is expected not-confirmed (Art. 8)',
    ]);
  });

  it('a caller number tries one customer only, except in the fraud drill (Art. 18 counts them)', () => {
    const tried = new Map<string, Set<string>>();
    for (const s of scenarios.values()) {
      if (s.expect.outcome === 'suspended') continue;
      const set = tried.get(s.callerNumber) ?? new Set();
      set.add(s.customer);
      tried.set(s.callerNumber, set);
    }
    for (const [number, set] of tried) expect([number, set.size]).toEqual([number, 1]);
    const fraud = [...scenarios.values()].filter((s) => s.expect.outcome === 'suspended');
    for (const s of fraud) expect(tried.has(s.callerNumber)).toBe(false);
  });

  it('the exception drill has its customer to itself (Art. 5(2) failures count for 24 h)', () => {
    for (const s of scenarios.values()) {
      if (s.expect.outcome !== 'exception') continue;
      const others = [...scenarios.values()].filter(
        (o) =>
          o.id !== s.id &&
          (o.customer === s.customer ||
            o.reactions.some((r) => r.do.some((a) => a.do === 'say' && a.as === s.customer))),
      );
      expect(others.map((o) => o.id)).toEqual([]);
    }
  });

  it('every course names scenarios that exist', () => {
    const courses = filesIn('courses').map((file) => Course.parse(readJson(file)));
    expect(courses.map((c) => c.id)).toContain('basic-verification');
    const ids = new Set(scenarios.keys());
    for (const course of courses) expect(courseProblems(course, ids)).toEqual([]);
    const basic = courses.find((c) => c.id === 'basic-verification')!;
    expect(basic.passMark).toBe(80);
    expect(basic.scenarios.length).toBe(scenarios.size);
    const twice = { ...basic, scenarios: ['routine-enquiry', 'routine-enquiry', 'nope'] };
    expect(courseProblems(twice, ids)).toEqual(['no scenario nope', 'a scenario is listed twice']);
  });
});

type Step = TrainingEvent extends infer E
  ? E extends { at: number }
    ? Omit<E, 'at'>
    : never
  : never;
const say = (line: string): Step => ({ kind: 'said', line }) as Step;
const check = (step: string, result: string): Step => ({ kind: 'check', step, result }) as Step;
const business = (b: string): Step => ({ kind: 'business', business: b }) as Step;
const status = (s: string): Step => ({ kind: 'status', status: s }) as Step;
const keypad = (purpose: string): Step => ({ kind: 'keypad', purpose }) as Step;
const ev = (kind: string): Step => ({ kind }) as Step;

const start = (type: string): Step[] => [
  say('greeting'),
  business(type),
  say('ask-details'),
  check('basic', 'passed'),
];
const passwordOk: Step[] = [
  say('ask-password-keypad'),
  keypad('password'),
  check('password', 'passed'),
];
const otpOk: Step[] = [
  check('otp', 'sent'),
  say('announce-otp'),
  keypad('otp'),
  check('otp', 'passed'),
];
const approved: Step[] = [
  ev('approval-requested'),
  status('awaiting-approval'),
  status('in-progress'),
];
const verified: Step[] = [say('read-back'), check('confirmation', 'verified'), status('verified')];

/** A model agent's call for each scenario, with the tier it is taken at. */
const MODEL: Record<string, { tier: Tier; steps: Step[] }> = {
  'routine-enquiry': { tier: 'agent', steps: [...start('enquiry'), ...verified, say('goodbye')] },
  'fund-transfer-password': {
    tier: 'agent',
    steps: [...start('fund-transfer'), ...passwordOk, ...verified, say('goodbye')],
  },
  'large-loan-otp': {
    tier: 'agent',
    steps: [...start('large-loan'), ...passwordOk, ...otpOk, ...approved, ...verified],
  },
  'details-changed-exception': {
    tier: 'agent',
    steps: [
      ...start('important-query').slice(0, 3),
      check('basic', 'failed'),
      say('recheck'),
      check('basic', 'failed'),
      say('recheck'),
      check('basic', 'exception'),
      status('exception'),
      say('goodbye'),
    ],
  },
  'forgotten-password': {
    tier: 'agent',
    steps: [
      ...start('fund-transfer'),
      say('ask-password-keypad'),
      check('password', 'password-reset'),
      status('password-reset'),
      say('goodbye'),
    ],
  },
  'declines-password': {
    tier: 'agent',
    steps: [
      ...start('important-query'),
      say('ask-password-keypad'),
      check('password', 'declined'),
      say('offer-alternative'),
      check('password', 'switched'),
      ...otpOk,
      ...verified,
    ],
  },
  'otp-expires-resent': {
    tier: 'agent',
    steps: [
      ...start('account-change'),
      ...passwordOk,
      check('otp', 'sent'),
      say('announce-otp'),
      keypad('otp'),
      check('otp', 'expired'),
      ...otpOk,
      ...approved,
      ...verified,
    ],
  },
  'not-reserved-mobile': {
    tier: 'lead',
    steps: [...start('account-change'), ...passwordOk, ...otpOk, ...approved, ...verified],
  },
  'fraud-many-customers': {
    tier: 'agent',
    steps: [
      ...start('fund-transfer').slice(0, 3),
      check('basic', 'failed'),
      say('recheck'),
      check('basic', 'failed'),
      say('recheck'),
      check('basic', 'suspended'),
      status('suspended'),
      say('fraud-notice'),
    ],
  },
  'records-down-midcall': {
    tier: 'agent',
    steps: [...start('fund-transfer'), ev('outage'), say('outage-notice')],
  },
  complaint: {
    tier: 'agent',
    steps: [...start('enquiry'), ...verified, say('complaint-heard'), ev('complaint-recorded')],
  },
  'read-back-denied': {
    tier: 'agent',
    steps: [
      ...start('enquiry'),
      say('read-back'),
      check('confirmation', 'not-confirmed'),
      status('not-confirmed'),
      say('goodbye'),
    ],
  },
};

/** Plays the agent's steps through the scenario's runner: the trace and what the customer did. */
function play(s: Scenario, steps: Step[]): { events: TrainingEvent[]; actions: CustomerAction[] } {
  const runner = createRunner(s);
  const events = [ev('answered'), ...steps].map(
    (step, i) => ({ ...step, at: i * 1000 }) as TrainingEvent,
  );
  return { events, actions: events.flatMap((e) => runner.handle(e)) };
}
const spoken = (actions: CustomerAction[]) =>
  actions.flatMap((a) => (a.do === 'say' ? [a.as ? `${a.prompt}@${a.as}` : a.prompt] : []));
const keyed = (actions: CustomerAction[]) =>
  actions.flatMap((a) => (a.do === 'key' ? [a.what] : []));

describe('every scenario is playable by a model agent', () => {
  it('has a model call for each scenario', () => {
    expect(Object.keys(MODEL).sort()).toEqual([...scenarios.keys()].sort());
  });

  it.each(Object.entries(MODEL))('%s scores 100 and passes', (id, model) => {
    const s = scenarios.get(id)!;
    const { events, actions } = play(s, model.steps);
    expect(actions.length).toBeGreaterThan(0);
    expect(scoreTrainingCall(s, events, model.tier)).toMatchObject({
      score: 100,
      passed: true,
      misses: [],
    });
  });

  it('the customer keys the password and the passcode when the keypad opens', () => {
    const { actions } = play(scenarios.get('large-loan-otp')!, MODEL['large-loan-otp']!.steps);
    expect(keyed(actions)).toEqual(['password', 'otp']);
    expect(spoken(actions)).toEqual([
      'intent-loan',
      'give-details',
      'ok-keying',
      'otp-wait',
      'otp-received',
      'ok-wait',
      'confirm-yes',
    ]);
  });

  it('the fraud drill: the caller moves on to two other customers, then hangs up', () => {
    const { actions } = play(
      scenarios.get('fraud-many-customers')!,
      MODEL['fraud-many-customers']!.steps,
    );
    expect(spoken(actions)).toEqual([
      'intent-transfer',
      'give-details-guess',
      'give-details-friend@tc-wu',
      'give-details-another@tc-he',
      'fraud-hangup',
    ]);
    expect(actions.at(-1)).toEqual({ do: 'hangup' });
  });

  it('the expiring passcode: the customer waits it out, then keys the new one', () => {
    const { actions } = play(
      scenarios.get('otp-expires-resent')!,
      MODEL['otp-expires-resent']!.steps,
    );
    expect(actions).toContainEqual({ do: 'wait', ms: 302_000 });
    expect(keyed(actions)).toEqual(['password', 'otp', 'otp']);
    expect(spoken(actions)).toContain('otp-expired');
  });

  it('the customer who declines the password accepts the passcode offered (Art. 14)', () => {
    const { actions } = play(
      scenarios.get('declines-password')!,
      MODEL['declines-password']!.steps,
    );
    expect(spoken(actions).slice(2, 4)).toEqual(['decline-password', 'accept-otp']);
    expect(keyed(actions)).toEqual(['otp']);
  });
});

describe('the same calls done wrong fail, naming the article', () => {
  const without = (steps: Step[], line: string) =>
    steps.filter((s) => !(s.kind === 'said' && s.line === line));

  it('an enquiry with the read-back skipped and the wrong business (Art. 8, 4)', () => {
    const s = scenarios.get('routine-enquiry')!;
    const steps = without(MODEL['routine-enquiry']!.steps, 'read-back').map((x) =>
      x.kind === 'business' ? business('important-query') : x,
    );
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score.passed).toBe(false);
    expect(score.misses).toEqual(
      expect.arrayContaining([
        { rule: 'business-wrong', article: 4 },
        { rule: 'read-back-missing', article: 8 },
      ]),
    );
  });

  it('a large loan by a junior agent without the lead (Art. 10)', () => {
    const s = scenarios.get('large-loan-otp')!;
    const steps = MODEL['large-loan-otp']!.steps.filter(
      (x) => x.kind !== 'approval-requested' && !(x.kind === 'status' && x.status !== 'verified'),
    );
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score).toMatchObject({
      passed: false,
      misses: [{ rule: 'approval-missing', article: 10 }],
    });
  });

  it('the fraud drill without the fraud script (Art. 18)', () => {
    const s = scenarios.get('fraud-many-customers')!;
    const steps = without(MODEL['fraud-many-customers']!.steps, 'fraud-notice');
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score.passed).toBe(false);
    expect(score.misses).toContainEqual({ rule: 'fraud-script-missing', article: 18 });
  });

  it('the outage drill without the outage script (Art. 12)', () => {
    const s = scenarios.get('records-down-midcall')!;
    const steps = without(MODEL['records-down-midcall']!.steps, 'outage-notice');
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score.misses).toContainEqual({ rule: 'outage-script-missing', article: 12 });
    expect(score.passed).toBe(false);
  });
});

describe('the complaint drill', () => {
  it('fails when the complaint is heard but never recorded (Art. 16)', () => {
    const s = scenarios.get('complaint')!;
    const steps = MODEL.complaint!.steps.filter((x) => x.kind !== 'complaint-recorded');
    const score = scoreTrainingCall(s, play(s, steps).events, 'agent');
    expect(score).toMatchObject({
      passed: false,
      misses: [{ rule: 'complaint-missing', article: 16 }],
    });
  });
});

describe('drills the records service remembers (Art. 5(2), 18 count across calls)', () => {
  it('a second exception drill within 24 h goes to the exception at once, and still passes', () => {
    const s = scenarios.get('details-changed-exception')!;
    const steps = [
      ...start('important-query').slice(0, 3),
      check('basic', 'exception'),
      status('exception'),
      say('goodbye'),
    ];
    expect(scoreTrainingCall(s, play(s, steps).events, 'agent')).toMatchObject({
      score: 100,
      passed: true,
    });
  });

  it('a second fraud drill from the same number is suspended at once, and still passes', () => {
    const s = scenarios.get('fraud-many-customers')!;
    const steps = [
      ...start('fund-transfer').slice(0, 3),
      check('basic', 'suspended'),
      status('suspended'),
      say('fraud-notice'),
    ];
    expect(scoreTrainingCall(s, play(s, steps).events, 'agent').misses).toEqual([]);
  });

  it('the exception drill without the re-check script loses 20 (Art. 5(2))', () => {
    const s = scenarios.get('details-changed-exception')!;
    const steps = MODEL['details-changed-exception']!.steps.filter(
      (x) => !(x.kind === 'said' && x.line === 'recheck'),
    );
    expect(scoreTrainingCall(s, play(s, steps).events, 'agent')).toMatchObject({
      score: 80,
      misses: [{ rule: 'recheck-missing', article: 5 }],
    });
  });
});
