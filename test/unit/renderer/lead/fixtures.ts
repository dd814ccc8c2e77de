// An approval and a call-back as main lists them to a lead (masked case, masked number), for the
// lead console's tests.
import { callbackReason } from '../../../../common/callback-reason.js';
import type { CallbackQueueItem } from '../../../../common/connectivity.js';
import type { Approval } from '../../../../common/records-api.js';
import { CALL_ID, session, wang } from '../verification/fixtures.js';

/** A pending approval as a lead's inbox lists it (masked case, step history). */
export const pendingApproval = (id = '80000000-0000-4000-8000-000000000001'): Approval => ({
  id,
  sessionId: session().id,
  status: 'pending',
  reasons: ['beyond-tier'],
  requestedBy: 'agent01',
  requestedByName: '张伟',
  requestedAt: '2026-11-26T09:05:00.000Z',
  note: 'customer in a hurry',
  decidedBy: null,
  decidedByName: null,
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

/**
 * An open call-back as main lists it: masked number, what the customer wanted read from the reason.
 */
export const openCallback = (
  id = CALLBACK_ID,
  overrides: Partial<CallbackQueueItem> = {},
): CallbackQueueItem => ({
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
  requestedByName: '张伟',
  status: 'open',
  closedAt: null,
  closedBy: null,
  closedByName: null,
  ...overrides,
});
