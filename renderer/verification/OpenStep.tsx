// The step the session waits for, or how it ended: the basic details, the password or passcode
// keypad, another method (Art. 14), the read-back (Art. 8). It only hands the controller's methods
// to the step components; whether a check may run comes from view.ts.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import { BasicStep } from './BasicStep.js';
import type { VerificationController } from './controller.js';
import { SessionOutcome } from './SessionOutcome.js';
import type { VerificationState } from './state.js';
import { ConfirmStep, MethodChoice, OtpStep, PasswordStep } from './StepActions.js';
import { canCheck } from './view.js';

/**
 * The step the agent acts on next comes into view when it changes (at 1280×800 it can sit below the
 * fold).
 */
export function FollowActiveStep({ watch, children }: { watch: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [watch]);
  return (
    <div ref={ref} className="verify-open-step">
      {children}
    </div>
  );
}

export function OpenStep({
  controller,
  state,
}: {
  controller: VerificationController;
  state: VerificationState;
}) {
  const { t } = useTranslation();
  const session = state.session!;
  const canAct = canCheck(state);
  const last = state.last;
  const keypad = {
    keypad: state.keypad,
    canAct,
    onKeypadStart: controller.startKeypad,
    onKeypadStop: controller.stopKeypad,
  };

  if (session.status !== 'in-progress' && session.status !== 'awaiting-approval')
    return <SessionOutcome session={session} />;

  if (state.methodOpen && session.alternatives.available.length > 0) {
    return (
      <MethodChoice
        available={session.alternatives.available}
        busy={state.pending === 'method'}
        onSwitch={(alternative, reason) => void controller.switchMethod(alternative, reason)}
        onCancel={() => controller.setMethodOpen(false)}
      />
    );
  }
  const switched =
    last?.action === 'method' &&
    last.result === 'switched' &&
    session.alternatives.applied.length > 0;
  const switchedNote = switched && (
    <p className="field-note" role="status" data-testid="method-switched">
      <Icon name="check" />
      {t('verify.method.switched', {
        alternative: t(
          `verify.method.alternatives.${session.alternatives.applied[session.alternatives.applied.length - 1]!}`,
        ),
      })}
    </p>
  );

  switch (session.nextStep) {
    case 'basic':
      return (
        <BasicStep
          session={session}
          last={last}
          problem={state.basicProblem}
          busy={state.pending === 'basic'}
          disabled={!canCheck({ ...state, pending: null })}
          onSubmit={controller.submitBasic}
        />
      );
    case 'password':
      return (
        <PasswordStep
          {...keypad}
          session={session}
          last={last}
          busy={state.pending !== null}
          onForgot={() => void controller.forgotPassword()}
          onDecline={() => controller.setMethodOpen(true)}
        />
      );
    case 'otp':
      return (
        <>
          {switchedNote}
          <OtpStep
            {...keypad}
            canAct={canAct}
            session={session}
            last={last}
            otp={state.otp}
            sending={state.pending === 'otp-send'}
            onSend={() => void controller.sendOtp()}
          />
        </>
      );
    case 'confirmation':
      return (
        <ConfirmStep
          session={session}
          canAct={canAct}
          busy={state.pending === 'confirm'}
          onConfirm={(yes) => void controller.confirm(yes)}
        />
      );
    case null:
      return null;
  }
}
