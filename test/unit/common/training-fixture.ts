// Shared by the training tests: traces built from the agent's steps, scenarios for the scorer,
// the shipped content (customers, scenarios) and a model agent's call for every scenario, played
// through the runner. Not a test file itself.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TrainingCustomer } from '../../../common/training-api.js';
import { createRunner } from '../../../common/training-runner.js';
import { Scenario, type CustomerAction, type TrainingEvent } from '../../../common/training.js';
import type { Tier } from '../../../common/values.js';

export type Step = TrainingEvent extends infer E
  ? E extends { at: number }
    ? Omit<E, 'at'>
    : never
  : never;

/** A trace from its events, one second apart from the answer. */
export const trace = (...steps: Step[]): TrainingEvent[] =>
  [{ kind: 'answered' } as Step, ...steps].map((s, i) => ({ ...s, at: i * 1000 }) as TrainingEvent);

export const scenario = (expect: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  Scenario.parse({
    id: 'test',
    title: { 'zh-CN': '测试', en: 'Test' },
    summary: { 'zh-CN': '测试', en: 'Test' },
    customer: 'tc-li',
    callerNumber: '17000000101',
    reactions: [{ on: { answered: true }, do: [{ do: 'wait', ms: 0 }] }],
    expect,
    ...extra,
  });

export const say = (line: string): Step => ({ kind: 'said', line }) as Step;
export const check = (step: string, result: string): Step =>
  ({ kind: 'check', step, result }) as Step;
export const business = (b: string): Step => ({ kind: 'business', business: b }) as Step;
export const status = (s: string): Step => ({ kind: 'status', status: s }) as Step;
export const keypad = (purpose: string): Step => ({ kind: 'keypad', purpose }) as Step;
export const rules = (score: { misses: { rule: string }[] }) => score.misses.map((m) => m.rule);

export const enquiry = scenario({ business: 'enquiry', outcome: 'verified', lines: ['read-back'] });
export const goodEnquiry = (): Step[] => [
  say('greeting'),
  business('enquiry'),
  say('ask-details'),
  check('basic', 'passed'),
  say('read-back'),
  check('confirmation', 'verified'),
  status('verified'),
  say('goodbye'),
];

export const transfer = scenario({ business: 'fund-transfer', outcome: 'verified' });
export const goodTransfer = (): Step[] => [
  say('greeting'),
  business('fund-transfer'),
  check('basic', 'passed'),
  say('ask-password-keypad'),
  keypad('password'),
  check('password', 'passed'),
  say('read-back'),
  check('confirmation', 'verified'),
  status('verified'),
];

export const loan = scenario({ business: 'large-loan', outcome: 'verified' }, { forTier: 'agent' });
export const goodLoan = (withApproval: boolean): Step[] => [
  say('greeting'),
  business('large-loan'),
  check('basic', 'passed'),
  keypad('password'),
  check('password', 'passed'),
  check('otp', 'sent'),
  say('announce-otp'),
  keypad('otp'),
  check('otp', 'passed'),
  ...(withApproval ? [{ kind: 'approval-requested' } as Step, status('in-progress')] : []),
  say('read-back'),
  check('confirmation', 'verified'),
  status('verified'),
];

export const dir = path.join(import.meta.dirname, '../../../assets/training');
export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
export const filesIn = (sub: string) =>
  readdirSync(path.join(dir, sub))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, sub, f));

export const customers = (
  readJson(path.join(dir, 'customers.json')) as { customers: unknown[] }
).customers.map((c) => TrainingCustomer.parse(c));
export const customerKeys = new Set(customers.map((c) => c.key));
export const scenarios = new Map(
  filesIn('scenarios').map((file) => [
    path.basename(file, '.json'),
    Scenario.parse(readJson(file)),
  ]),
);

export const ev = (kind: string): Step => ({ kind }) as Step;

export const start = (type: string): Step[] => [
  say('greeting'),
  business(type),
  say('ask-details'),
  check('basic', 'passed'),
];
export const passwordOk: Step[] = [
  say('ask-password-keypad'),
  keypad('password'),
  check('password', 'passed'),
];
export const otpOk: Step[] = [
  check('otp', 'sent'),
  say('announce-otp'),
  keypad('otp'),
  check('otp', 'passed'),
];
export const approved: Step[] = [
  ev('approval-requested'),
  status('awaiting-approval'),
  status('in-progress'),
];
export const verified: Step[] = [
  say('read-back'),
  check('confirmation', 'verified'),
  status('verified'),
];

/** A model agent's call for each scenario, with the tier it is taken at. */
export const MODEL: Record<string, { tier: Tier; steps: Step[] }> = {
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
export function play(
  s: Scenario,
  steps: Step[],
): { events: TrainingEvent[]; actions: CustomerAction[] } {
  const runner = createRunner(s);
  const events = [ev('answered'), ...steps].map(
    (step, i) => ({ ...step, at: i * 1000 }) as TrainingEvent,
  );
  return { events, actions: events.flatMap((e) => runner.handle(e)) };
}
export const spoken = (actions: CustomerAction[]) =>
  actions.flatMap((a) => (a.do === 'say' ? [a.as ? `${a.prompt}@${a.as}` : a.prompt] : []));
export const keyed = (actions: CustomerAction[]) =>
  actions.flatMap((a) => (a.do === 'key' ? [a.what] : []));
