// The verification reducer's concerns split its actions between them: every action type belongs
// to exactly one, so no concern shadows another and none is left unhandled.
import { describe, expect, it } from 'vitest';
import type { VerificationAction } from '../../../../../renderer/verification/state.js';
import { isAfterCallAction } from '../../../../../renderer/verification/state/after-call.js';
import { isCallAction } from '../../../../../renderer/verification/state/call.js';
import { isDeskAction } from '../../../../../renderer/verification/state/desk.js';
import { isKeypadAction } from '../../../../../renderer/verification/state/keypad.js';
import { isRecallAction } from '../../../../../renderer/verification/state/recall.js';
import { isSessionAction } from '../../../../../renderer/verification/state/session.js';

// A Record over the union's types: the compiler fails this file when an action type is added.
const ALL_TYPES: Record<VerificationAction['type'], true> = {
  'config-loaded': true,
  'config-failed': true,
  tier: true,
  'call-started': true,
  'lookup-slow': true,
  'lookup-done': true,
  'lookup-failed': true,
  'call-answered': true,
  'call-ended': true,
  'customer-chosen': true,
  'business-type-chosen': true,
  'request-started': true,
  'request-failed': true,
  'session-loaded': true,
  checked: true,
  'otp-sent': true,
  'basic-invalid': true,
  'basic-customer': true,
  'keypad-opened': true,
  'keypad-count': true,
  'keypad-submitting': true,
  'keypad-short': true,
  'keypad-closed': true,
  'method-open': true,
  'complaint-open': true,
  'complaint-filed': true,
  notes: true,
  'wrapped-up': true,
  'problem-dismissed': true,
  'signed-out': true,
  outage: true,
  'callback-draft': true,
  'callback-sending': true,
  'callback-recorded': true,
  'callback-failed': true,
  'decline-open': true,
  'decline-recorded': true,
  'recall-starting': true,
  'recall-dialled': true,
  'recall-reported': true,
  'recall-failed': true,
};

const guards = [
  isDeskAction,
  isCallAction,
  isSessionAction,
  isKeypadAction,
  isAfterCallAction,
  isRecallAction,
];

describe('verification reducer concerns', () => {
  it('gives every action type to exactly one concern', () => {
    for (const type of Object.keys(ALL_TYPES)) {
      // The guards read only `type`.
      const action = { type } as VerificationAction;
      const owners = guards.filter((guard) => guard(action)).length;
      expect(owners, type).toBe(1);
    }
  });
});
