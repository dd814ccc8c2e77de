// The verification policy (common/policy.ts): every business type's path, every refusal of the
// state machine, tiers (Art. 10), alternatives (Art. 14), OTP send limits (Art. 7), fraud (Art.
// 18).
import { describe, expect, it } from 'vitest';
import {
  ALTERNATIVE_METHODS,
  availableAlternatives,
  BUSINESS_POLICY,
  BUSINESS_TYPES,
  DEFAULT_FRAUD_THRESHOLDS,
  fraudReasons,
  initialSession,
  isTerminal,
  LIMITS,
  mayApprove,
  mayCompleteAlone,
  nextSendAvailableAt,
  nextStep,
  otpSendDecision,
  passwordKindFor,
  requirementsFor,
  SESSION_STATUSES,
  STEPS,
  stepsWith,
  TIER_POLICY,
  transition,
  type BusinessType,
  type SessionEvent,
  type SessionState,
  type Step,
} from '../../../common/policy.js';
import { TIERS, type Tier } from '../../../common/values.js';

/** Applies events in order; fails the test on a refusal. */
function run(state: SessionState, ...events: SessionEvent[]): SessionState {
  for (const event of events) {
    const result = transition(state, event);
    if (!result.ok) throw new Error(`${event.type} refused: ${result.reason}`);
    state = result.state;
  }
  return state;
}

const PASS: Record<Step, SessionEvent> = {
  basic: { type: 'basic', passed: true },
  password: { type: 'password', passed: true },
  otp: { type: 'otp', passed: true },
  confirmation: { type: 'confirmation', confirmed: true },
};

describe('business types (Art. 5–8)', () => {
  it.each([
    ['enquiry', 'low', ['basic', 'confirmation'], null],
    ['important-query', 'medium', ['basic', 'password', 'confirmation'], 'query'],
    ['fund-transfer', 'medium', ['basic', 'password', 'confirmation'], 'transaction'],
    ['large-loan', 'high', ['basic', 'password', 'otp', 'confirmation'], 'transaction'],
    ['account-change', 'high', ['basic', 'password', 'otp', 'confirmation'], 'transaction'],
  ] as const)('%s: risk %s, steps %j, password %s', (type, risk, steps, kind) => {
    expect(BUSINESS_POLICY[type].risk).toBe(risk);
    expect(BUSINESS_POLICY[type].steps).toEqual(steps);
    expect(passwordKindFor(type)).toBe(kind);
  });

  it('covers every business type; each starts with basic, ends with confirmation, keeps STEPS order', () => {
    expect(Object.keys(BUSINESS_POLICY).sort()).toEqual([...BUSINESS_TYPES].sort());
    for (const type of BUSINESS_TYPES) {
      const steps = BUSINESS_POLICY[type].steps;
      expect(steps[0]).toBe('basic');
      expect(steps[steps.length - 1]).toBe('confirmation');
      expect([...steps].sort((a, b) => STEPS.indexOf(a) - STEPS.indexOf(b))).toEqual(steps);
      expect(steps.includes('password')).toBe(BUSINESS_POLICY[type].passwordKind !== null);
    }
  });

  it.each(BUSINESS_TYPES.map((t) => [t]))(
    '%s: a lead passes every step in order and ends verified',
    (type) => {
      let state = initialSession(type, 'lead', true);
      for (const step of state.steps) {
        expect(nextStep(state)).toBe(step);
        state = run(state, PASS[step]);
      }
      expect(state.status).toBe('verified');
      expect(nextStep(state)).toBeNull();
      expect(state.passed).toEqual(BUSINESS_POLICY[type].steps);
    },
  );
});

describe('order and applicability', () => {
  it.each(BUSINESS_TYPES.map((t) => [t]))(
    '%s: every step but the next is refused at every point',
    (type) => {
      let state = initialSession(type, 'admin', true);
      for (const step of state.steps) {
        for (const other of STEPS) {
          if (other === step) continue;
          const result = transition(state, PASS[other]);
          expect(result.ok).toBe(false);
          if (!result.ok)
            expect(result.reason).toBe(
              state.steps.includes(other) ? 'out-of-order' : 'step-not-required',
            );
        }
        state = run(state, PASS[step]);
      }
    },
  );

  it('refuses a step that already passed as out of order', () => {
    const state = run(initialSession('fund-transfer', 'agent'), PASS.basic);
    expect(transition(state, PASS.basic)).toMatchObject({
      ok: false,
      reason: 'out-of-order',
      message: 'the basic step has already passed',
    });
  });

  it('refuses OTP sends unless the OTP is the next step', () => {
    expect(transition(initialSession('enquiry', 'agent'), { type: 'otp-send' })).toMatchObject({
      ok: false,
      reason: 'step-not-required',
    });
    const loan = initialSession('large-loan', 'lead');
    expect(transition(loan, { type: 'otp-send' })).toMatchObject({
      ok: false,
      reason: 'out-of-order',
    });
    expect(transition(run(loan, PASS.basic, PASS.password), { type: 'otp-send' }).ok).toBe(true);
  });

  it('password-forgotten only when the password is the next step; it moves to the reset procedure (Art. 6(2))', () => {
    const s = initialSession('important-query', 'agent');
    expect(transition(s, { type: 'password-forgotten' })).toMatchObject({
      ok: false,
      reason: 'out-of-order',
    });
    expect(
      transition(initialSession('enquiry', 'agent'), { type: 'password-forgotten' }),
    ).toMatchObject({ ok: false, reason: 'step-not-required' });
    expect(run(s, PASS.basic, { type: 'password-forgotten' }).status).toBe('password-reset');
  });
});

describe('limits', () => {
  it('basic: fails stay in progress until the 3rd, which is the exception procedure (Art. 5(2))', () => {
    let state = initialSession('enquiry', 'agent');
    for (let i = 1; i < LIMITS.basicAttemptsPerSession; i++) {
      state = run(state, { type: 'basic', passed: false });
      expect(state).toMatchObject({ status: 'in-progress', basicFailures: i });
    }
    state = run(state, { type: 'basic', passed: false });
    expect(state.status).toBe('exception');
    expect(LIMITS.basicAttemptsPerSession).toBe(3);
  });

  it('basic: a pass after two failures still verifies', () => {
    const state = run(
      initialSession('enquiry', 'agent'),
      { type: 'basic', passed: false },
      { type: 'basic', passed: false },
      PASS.basic,
      PASS.confirmation,
    );
    expect(state.status).toBe('verified');
  });

  it('password: a failure keeps the step open; a lock ends the session', () => {
    const s = run(initialSession('fund-transfer', 'agent'), PASS.basic);
    expect(run(s, { type: 'password', passed: false })).toMatchObject({
      status: 'in-progress',
      passed: ['basic'],
    });
    expect(run(s, { type: 'password', passed: false, locked: true }).status).toBe(
      'password-locked',
    );
  });

  it('OTP: a wrong code keeps the step open (the server kills the passcode itself)', () => {
    const s = run(initialSession('large-loan', 'lead'), PASS.basic, PASS.password, {
      type: 'otp',
      passed: false,
    });
    expect(nextStep(s)).toBe('otp');
  });

  it('the numbers of the brief', () => {
    expect(LIMITS.passwordFailuresToLock).toBe(5);
    expect(LIMITS.otp).toEqual({
      digits: 6,
      validitySeconds: 300,
      maxWrongEntries: 3,
      maxSendsPerWindow: 3,
      sendWindowSeconds: 900,
      resendCooldownSeconds: 60,
    });
  });
});

describe('OTP sends: cooldown and cap per customer (Art. 7)', () => {
  const t0 = new Date('2026-03-02T09:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  it('allows the first send', () => {
    expect(otpSendDecision([], t0)).toEqual({ ok: true });
    expect(nextSendAvailableAt([], t0)).toEqual(at(60));
  });

  it('refuses a resend within 60 s, allows it at 60 s', () => {
    expect(otpSendDecision([t0], at(59))).toEqual({
      ok: false,
      reason: 'cooldown',
      retryAt: at(60),
    });
    expect(otpSendDecision([t0], at(60))).toEqual({ ok: true });
  });

  it('allows 3 sends in 15 minutes, then refuses until the oldest leaves the window', () => {
    const sends = [t0, at(60), at(120)];
    expect(otpSendDecision(sends, at(180))).toEqual({ ok: false, reason: 'cap', retryAt: at(900) });
    expect(otpSendDecision(sends, at(899)).ok).toBe(false);
    expect(otpSendDecision(sends, at(900))).toEqual({ ok: true });
    expect(nextSendAvailableAt([t0, at(60)], at(120))).toEqual(at(900));
  });

  it('ignores sends outside the window and in the future, in any order', () => {
    expect(otpSendDecision([at(-1000), at(-950), at(-920)], t0)).toEqual({ ok: true });
    expect(otpSendDecision([at(120), at(60), t0], at(180)).ok).toBe(false);
    expect(otpSendDecision([at(500)], t0)).toEqual({ ok: true });
  });
});

describe('tiers and approvals (Art. 10)', () => {
  const table: Record<Tier, BusinessType[]> = {
    agent: ['enquiry', 'important-query', 'fund-transfer'],
    senior: ['enquiry', 'important-query', 'fund-transfer', 'large-loan'],
    lead: [...BUSINESS_TYPES],
    admin: [...BUSINESS_TYPES],
  };
  it.each(TIERS.flatMap((tier) => BUSINESS_TYPES.map((type) => [tier, type] as const)))(
    '%s / %s',
    (tier, type) => {
      expect(mayCompleteAlone(tier, type)).toBe(table[tier].includes(type));
      const state = initialSession(type, tier, true);
      expect(state.approval).toBe(table[tier].includes(type) ? 'not-required' : 'not-requested');
    },
  );

  it('only leads and admins approve; the tier table covers every tier', () => {
    expect(TIERS.filter(mayApprove)).toEqual(['lead', 'admin']);
    expect(Object.keys(TIER_POLICY).sort()).toEqual([...TIERS].sort());
  });

  const agentLoan = () =>
    run(initialSession('large-loan', 'agent', true), PASS.basic, PASS.password, PASS.otp);

  it('an agent cannot confirm a session beyond their tier without approval', () => {
    expect(transition(agentLoan(), PASS.confirmation)).toMatchObject({
      ok: false,
      reason: 'approval-required',
    });
  });

  it('request → awaiting approval (nothing runs, confirmation refused as over-permission) → approved → verified', () => {
    const waiting = run(initialSession('large-loan', 'agent', true), PASS.basic, {
      type: 'request-approval',
    });
    expect(waiting).toMatchObject({ status: 'awaiting-approval', approval: 'pending' });
    expect(nextStep(waiting)).toBeNull();
    expect(transition(waiting, PASS.password)).toMatchObject({
      ok: false,
      reason: 'awaiting-approval',
    });
    expect(transition(waiting, PASS.confirmation)).toMatchObject({
      ok: false,
      reason: 'approval-required',
    });
    expect(transition(waiting, { type: 'request-approval' })).toMatchObject({
      ok: false,
      reason: 'awaiting-approval',
    });
    const approved = run(waiting, { type: 'decide-approval', approve: true });
    expect(approved).toMatchObject({ status: 'in-progress', approval: 'approved' });
    expect(run(approved, PASS.password, PASS.otp, PASS.confirmation).status).toBe('verified');
  });

  it('a denial ends the session', () => {
    const denied = run(
      agentLoan(),
      { type: 'request-approval' },
      { type: 'decide-approval', approve: false },
    );
    expect(denied).toMatchObject({ status: 'denied', approval: 'denied' });
    expect(transition(denied, PASS.confirmation)).toMatchObject({
      ok: false,
      reason: 'session-ended',
    });
  });

  it('refuses approval requests that are not needed or repeated, and decisions with nothing pending', () => {
    expect(
      transition(initialSession('enquiry', 'agent'), { type: 'request-approval' }),
    ).toMatchObject({ ok: false, reason: 'approval-not-required' });
    const approved = run(
      agentLoan(),
      { type: 'request-approval' },
      { type: 'decide-approval', approve: true },
    );
    expect(transition(approved, { type: 'request-approval' })).toMatchObject({
      ok: false,
      reason: 'approval-already-requested',
    });
    expect(transition(approved, { type: 'decide-approval', approve: true })).toMatchObject({
      ok: false,
      reason: 'not-awaiting-approval',
    });
  });
});

describe('caller number ≠ reserved mobile (Art. 18)', () => {
  it('high-risk business: OTP + approval even for a lead', () => {
    expect(requirementsFor('account-change', 'lead', false)).toEqual({
      steps: ['basic', 'password', 'otp', 'confirmation'],
      approvalReasons: ['caller-not-reserved-mobile'],
    });
    expect(requirementsFor('large-loan', 'agent', false).approvalReasons).toEqual([
      'beyond-tier',
      'caller-not-reserved-mobile',
    ]);
  });

  it('lower risk: no extra requirement', () => {
    expect(requirementsFor('fund-transfer', 'agent', false)).toEqual({
      steps: ['basic', 'password', 'confirmation'],
      approvalReasons: [],
    });
  });

  it('learnt at the basic check when the session started without a customer', () => {
    const s = run(initialSession('large-loan', 'senior'), {
      type: 'basic',
      passed: true,
      callerIsReservedMobile: false,
    });
    expect(s).toMatchObject({
      approval: 'not-requested',
      approvalReasons: ['caller-not-reserved-mobile'],
      callerIsReservedMobile: false,
    });
    const fine = run(initialSession('large-loan', 'senior'), {
      type: 'basic',
      passed: true,
      callerIsReservedMobile: true,
    });
    expect(fine).toMatchObject({ approval: 'not-required', approvalReasons: [] });
  });
});

describe('alternative methods (Art. 14)', () => {
  it('the data model offers OTP instead of password for basic + password types only', () => {
    expect(ALTERNATIVE_METHODS).toEqual([
      {
        id: 'otp-instead-of-password',
        replaces: 'password',
        with: 'otp',
        businessTypes: ['important-query', 'fund-transfer'],
      },
    ]);
    expect(stepsWith('fund-transfer', ['otp-instead-of-password'])).toEqual([
      'basic',
      'otp',
      'confirmation',
    ]);
    expect(stepsWith('large-loan', ['otp-instead-of-password'])).toEqual([
      'basic',
      'password',
      'otp',
      'confirmation',
    ]);
  });

  it('a customer who declines the password verifies with an OTP', () => {
    let s = run(initialSession('important-query', 'agent'), PASS.basic);
    expect(availableAlternatives(s)).toEqual(['otp-instead-of-password']);
    s = run(s, { type: 'switch-method', alternative: 'otp-instead-of-password' });
    expect(s.steps).toEqual(['basic', 'otp', 'confirmation']);
    expect(transition(s, PASS.password)).toMatchObject({ ok: false, reason: 'step-not-required' });
    expect(availableAlternatives(s)).toEqual([]);
    expect(run(s, { type: 'otp-send' }, PASS.otp, PASS.confirmation).status).toBe('verified');
  });

  it('refuses the switch where not allowed, twice, or after the password passed', () => {
    const alt = { type: 'switch-method', alternative: 'otp-instead-of-password' } as const;
    for (const type of ['enquiry', 'large-loan', 'account-change'] as const) {
      expect(transition(initialSession(type, 'lead'), alt)).toMatchObject({
        ok: false,
        reason: 'alternative-not-allowed',
      });
    }
    const switched = run(initialSession('fund-transfer', 'agent'), alt);
    expect(transition(switched, alt)).toMatchObject({
      ok: false,
      reason: 'alternative-not-allowed',
    });
    const passed = run(initialSession('fund-transfer', 'agent'), PASS.basic, PASS.password);
    expect(transition(passed, alt)).toMatchObject({ ok: false, reason: 'alternative-not-allowed' });
  });
});

describe('ended, suspended and waiting sessions refuse everything', () => {
  const every: SessionEvent[] = [
    PASS.basic,
    PASS.password,
    PASS.otp,
    PASS.confirmation,
    { type: 'password-forgotten' },
    { type: 'otp-send' },
    { type: 'switch-method', alternative: 'otp-instead-of-password' },
    { type: 'request-approval' },
    { type: 'decide-approval', approve: true },
  ];
  it.each(SESSION_STATUSES.filter(isTerminal).map((s) => [s]))('%s', (status) => {
    const state: SessionState = { ...initialSession('fund-transfer', 'agent'), status };
    for (const event of [...every, { type: 'suspend', reasons: ['otp-failures'] } as const]) {
      expect(transition(state, event)).toMatchObject({
        ok: false,
        reason: status === 'suspended' ? 'session-suspended' : 'session-ended',
      });
    }
    expect(nextStep(state)).toBeNull();
    expect(availableAlternatives(state)).toEqual([]);
  });

  it('suspension works from in-progress and awaiting-approval and keeps the reasons', () => {
    const s = run(initialSession('large-loan', 'agent'), {
      type: 'suspend',
      reasons: ['many-customers-per-caller'],
    });
    expect(s).toMatchObject({ status: 'suspended', fraudReasons: ['many-customers-per-caller'] });
    const waiting = run(
      initialSession('large-loan', 'agent'),
      { type: 'request-approval' },
      { type: 'suspend', reasons: ['otp-failures'] },
    );
    expect(waiting.status).toBe('suspended');
  });

  it('the customer saying no ends the session as not confirmed', () => {
    expect(
      run(initialSession('enquiry', 'agent'), PASS.basic, {
        type: 'confirmation',
        confirmed: false,
      }).status,
    ).toBe('not-confirmed');
  });
});

describe('fraud rules (Art. 18)', () => {
  const none = {
    distinctCustomersForCaller: 1,
    failedSessionsForCustomer: 0,
    killedOtpsForCustomer: 0,
  };
  it('no hit below the thresholds', () => {
    expect(
      fraudReasons({
        distinctCustomersForCaller: 2,
        failedSessionsForCustomer: 4,
        killedOtpsForCustomer: 0,
      }),
    ).toEqual([]);
  });
  it.each([
    [{ distinctCustomersForCaller: 3 }, ['many-customers-per-caller']],
    [{ failedSessionsForCustomer: 5 }, ['repeated-failed-sessions']],
    [{ killedOtpsForCustomer: 1 }, ['otp-failures']],
    [
      { distinctCustomersForCaller: 9, failedSessionsForCustomer: 9, killedOtpsForCustomer: 9 },
      ['many-customers-per-caller', 'repeated-failed-sessions', 'otp-failures'],
    ],
  ])('%j → %j', (facts, reasons) => {
    expect(fraudReasons({ ...none, ...facts })).toEqual(reasons);
  });
  it('thresholds are configurable', () => {
    expect(DEFAULT_FRAUD_THRESHOLDS).toEqual({
      windowSeconds: 86400,
      distinctCustomersPerCaller: 3,
      failedSessionsPerCustomer: 5,
      killedOtpsPerCustomer: 1,
    });
    expect(
      fraudReasons(
        { ...none, distinctCustomersForCaller: 3 },
        { ...DEFAULT_FRAUD_THRESHOLDS, distinctCustomersPerCaller: 4 },
      ),
    ).toEqual([]);
  });
});
