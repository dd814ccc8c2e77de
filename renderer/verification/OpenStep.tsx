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
import { DeclineForm, DeclineLink, RecallAnswered, RecallStep } from './Recall.js';
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

  // Art. 14: the customer declines the basic check or the passcode: the reason first, then what
  // may be offered (nothing for the basic check, Art. 5).
  const declining = state.decline.open;
  if (declining !== null && session.nextStep === declining) {
    return (
      <DeclineForm
        step={declining}
        recorded={state.decline.recorded}
        busy={state.pending !== null}
        onDecline={(reason) => void controller.decline(declining, reason)}
        onChoose={(alternative, reason) => {
          controller.setDeclineOpen(null);
          void controller.switchMethod(alternative, reason);
        }}
        onClose={() => controller.setDeclineOpen(null)}
      />
    );
  }
  const declineLink = (step: 'basic' | 'otp') => (
    <DeclineLink step={step} disabled={!canAct} onOpen={() => controller.setDeclineOpen(step)} />
  );

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
        <>
          <BasicStep
            session={session}
            last={last}
            problem={state.basicProblem}
            busy={state.pending === 'basic'}
            disabled={!canCheck({ ...state, pending: null })}
            onSubmit={controller.submitBasic}
          />
          {declineLink('basic')}
        </>
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
          {declineLink('otp')}
        </>
      );
    case 'callback':
      return (
        <>
          {switchedNote}
          <RecallStep
            session={session}
            recall={state.recall}
            canCallBack={
              !state.outage &&
              state.pending === null &&
              session.status === 'in-progress' &&
              (state.recall === null
                ? state.call !== null && !state.call.ended
                : state.recall.phase === 'not-answered' || state.recall.phase === 'failed')
            }
            busy={state.pending === 'callback-dial' || state.pending === 'callback'}
            onCallBack={() => void controller.callBack()}
          />
        </>
      );
    case 'confirmation':
      return (
        <>
          {state.recall?.phase === 'answered' && state.recall.masked && (
            <RecallAnswered masked={state.recall.masked} />
          )}
          <ConfirmStep
            session={session}
            canAct={canAct}
            busy={state.pending === 'confirm'}
            onConfirm={(yes) => void controller.confirm(yes)}
          />
        </>
      );
    case null:
      return null;
  }
}
