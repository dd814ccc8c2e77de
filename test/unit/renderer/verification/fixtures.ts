// Sessions and answers as the records service gives them (masked), for the panel's tests.
import { callbackReason } from '../../../../common/callback-reason.js';
import type { CallbackQueueItem } from '../../../../common/connectivity.js';
import { requirementsFor, type BusinessType } from '../../../../common/policy.js';
import type { Approval, CheckResponse, CheckResult, MaskedCustomer, Verification } from '../../../../common/records-api.js';
import { ok, type Result } from '../../../../common/result.js';
import type { FakeHandlers } from '../fake-agent-desk.js';

export const CALL_ID = '30000000-0000-4000-8000-000000000001';
export const SESSION_ID = '50000000-0000-4000-8000-000000000001';
/** Synthetic, valid (GB 11643 check character), never a real person's. */
export const FULL_ID = '110101199003074477';
export const FULL_MOBILE = '13812345678';

export const wang: MaskedCustomer = { id: '60000000-0000-4000-8000-000000000001', name: '王*', mobile: '138****5678', nationalId: '1***************77' };
export const li: MaskedCustomer = { id: '60000000-0000-4000-8000-000000000002', name: '李*', mobile: '138****5678', nationalId: '3***************12' };

export function session(type: BusinessType = 'enquiry', overrides: Partial<Verification> = {}): Verification {
  const { steps, approvalReasons } = requirementsFor(type, 'agent', true);
  return {
    id: SESSION_ID,
    callId: CALL_ID,
    agent: 'agent01',
    businessType: type,
    risk: 'low',
    status: 'in-progress',
    callerNumber: '138****5678',
    customer: wang,
    passwordKind: type === 'enquiry' ? null : 'transaction',
    steps: steps.map((step) => ({ step, passed: false })),
    nextStep: steps[0] ?? null,
    alternatives: { applied: [], available: [] },
    basic: { failures: 0, limit: 3 },
    approval: { state: approvalReasons.length ? 'not-requested' : 'not-required', reasons: approvalReasons, decidedBy: null, reason: null },
    fraud: null,
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

/** The session with `passed` steps passed and the next one open. */
export function after(base: Verification, passed: readonly string[], overrides: Partial<Verification> = {}): Verification {
  const steps = base.steps.map((s) => ({ step: s.step, passed: passed.includes(s.step) }));
  return { ...base, steps, nextStep: steps.find((s) => !s.passed)?.step ?? null, ...overrides };
}

export const answer = (s: Verification, result: CheckResult, attemptsLeft: number | null = null): CheckResponse => ({ ...s, result, attemptsLeft });

export const okAnswer = <T>(value: T) => (): Result<T> => ok(value);

/** Main's verification channels answering for one enquiry session. */
export function verifyHandlers(overrides: FakeHandlers = {}): FakeHandlers {
  return {
    'verify:config': () => ok({ companyName: '示例信贷', departmentName: '电话银行客服', complaintResponseDays: 5 }),
    'verify:lookup': () => ok({ customers: [wang] }),
    'verify:start': (request) => ok(session(request.businessType)),
    'verify:get': () => ok(session()),
    'verify:wrap-up': () => ok({}),
    ...overrides,
  };
}

/** A pending approval as a lead's inbox lists it (masked case, step history). */
export const pendingApproval = (id = '80000000-0000-4000-8000-000000000001'): Approval => ({
  id,
  sessionId: session().id,
  status: 'pending',
  reasons: ['beyond-tier'],
  requestedBy: 'agent01',
  requestedAt: '2026-11-26T09:05:00.000Z',
  note: 'customer in a hurry',
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  case: {
    callId: 'call-1',
    businessType: 'account-change',
    risk: 'high',
    callerNumber: '138****5678',
    customer: wang,
    sessionStatus: 'awaiting-approval',
    steps: [{ step: 'basic', outcome: 'passed', at: '2026-11-26T09:01:00.000Z', agent: 'agent01' }],
  },
});


export const CALLBACK_ID = '90000000-0000-4000-8000-0000000000c1';
export const CALLBACK_ID_2 = '90000000-0000-4000-8000-0000000000c2';

/** An open call-back as main lists it: masked number, what the customer wanted read from the reason. */
export const openCallback = (id = CALLBACK_ID, overrides: Partial<CallbackQueueItem> = {}): CallbackQueueItem => ({
  id,
  callId: CALL_ID,
  customerRef: '138****5678',
  customerId: wang.id,
  reason: callbackReason('fund-transfer', 'today'),
  businessType: 'fund-transfer',
  window: 'today',
  notes: '客户想办理转账，请今天下午回电',
  requestedAt: '2026-11-26T09:12:00.000Z',
  requestedBy: 'agent01',
  status: 'open',
  closedAt: null,
  closedBy: null,
  ...overrides,
});
