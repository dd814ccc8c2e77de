// Sessions and answers as the records service gives them (masked), for the panel's tests.
import { requirementsFor, type BusinessType } from '../../../../common/policy.js';
import type {
  CheckResponse,
  CheckResult,
  MaskedCustomer,
  Verification,
} from '../../../../common/records-api.js';
import { ok, type Result } from '../../../../common/result.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { createStore } from '../../../../renderer/state/store.js';
import { createVerificationController } from '../../../../renderer/verification/controller.js';
import type { VerificationAction } from '../../../../renderer/verification/state.js';
import { demoAgent, fakeAgentDesk, type FakeHandlers } from '../fake-agent-desk.js';

export const CALL_ID = '30000000-0000-4000-8000-000000000001';
export const SESSION_ID = '50000000-0000-4000-8000-000000000001';
/** Synthetic, valid (GB 11643 check character), never a real person's. */
export const FULL_ID = '110101199003074477';
export const FULL_MOBILE = '13812345678';

export const wang: MaskedCustomer = {
  id: '60000000-0000-4000-8000-000000000001',
  name: '王*',
  mobile: '138****5678',
  nationalId: '1***************77',
};
export const li: MaskedCustomer = {
  id: '60000000-0000-4000-8000-000000000002',
  name: '李*',
  mobile: '138****5678',
  nationalId: '3***************12',
};

export function session(
  type: BusinessType = 'enquiry',
  overrides: Partial<Verification> = {},
): Verification {
  const { steps, approvalReasons } = requirementsFor(type, 'agent', true);
  return {
    id: SESSION_ID,
    callId: CALL_ID,
    agent: 'agent01',
    businessType: type,
    risk: 'low',
    status: 'in-progress',
    callerNumber: '138****5678',
    callerIdSource: 'pai',
    customer: wang,
    passwordKind: type === 'enquiry' ? null : 'transaction',
    steps: steps.map((step) => ({ step, passed: false })),
    nextStep: steps[0] ?? null,
    alternatives: { applied: [], available: [] },
    basic: { failures: 0, limit: 3 },
    approval: {
      state: approvalReasons.length ? 'not-requested' : 'not-required',
      reasons: approvalReasons,
      decidedBy: null,
      decidedByName: null,
      reason: null,
    },
    fraud: null,
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

/** The session with `passed` steps passed and the next one open. */
export function after(
  base: Verification,
  passed: readonly string[],
  overrides: Partial<Verification> = {},
): Verification {
  const steps = base.steps.map((s) => ({ step: s.step, passed: passed.includes(s.step) }));
  return { ...base, steps, nextStep: steps.find((s) => !s.passed)?.step ?? null, ...overrides };
}

export const answer = (
  s: Verification,
  result: CheckResult,
  attemptsLeft: number | null = null,
): CheckResponse => ({ ...s, result, attemptsLeft });

export const okAnswer =
  <T>(value: T) =>
  (): Result<T> =>
    ok(value);

/** Main's verification channels answering for one enquiry session. */
export function verifyHandlers(overrides: FakeHandlers = {}): FakeHandlers {
  return {
    'verify:config': () =>
      ok({ companyName: '示例信贷', departmentName: '电话银行客服', complaintHotline: '95588' }),
    'verify:lookup': () => ok({ customers: [wang] }),
    'verify:start': (request) => ok(session(request.businessType)),
    'verify:get': () => ok(session()),
    'verify:wrap-up': () => ok({}),
    ...overrides,
  };
}

/** A controller with no phone, its store driven by `actions` (for rendering the panel). */
export function panelWith(actions: VerificationAction[]) {
  const api = fakeAgentDesk({ 'auth:current': () => ok({ agent: demoAgent }) });
  const controller = createVerificationController({
    api,
    phone: createStore(() => null, null) as never,
    attachSecureEntry: () => null,
    session: createAppController(api).stores.session,
  });
  for (const action of actions) controller.store.dispatch(action);
  return controller;
}
