// The identity-check card beside the softphone: it reads the verification store and
// hands the controller's methods to plain-props children. What shows follows the call: idle →
// screen pop (ringing) → greeting and business type (answered) → the open step → wrap-up.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BUSINESS_TYPES, riskOf } from '../../common/policy.js';
import { Banner } from '../components/Banner.js';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import { useStore } from '../state/use-store.js';
import { ApprovalCard } from './ApprovalCard.js';
import { BasicStep } from './BasicStep.js';
import { ComplaintDialog } from './ComplaintDialog.js';
import type { VerificationController } from './controller.js';
import { ScreenPop } from './ScreenPop.js';
import type { VerificationState } from './state.js';
import {
  CallbackForm,
  CallbackRecordedNote,
  OutageBanner,
  OutageScript,
} from './OutageProcedure.js';
import { ConfirmStep, MethodChoice, OtpStep, PasswordStep } from './StepActions.js';
import { Script, Steps } from './Steps.js';
import { canCheck, isSuspended, stepViews } from './view.js';
import { WrapUp } from './WrapUp.js';

/** `verify-panel`'s data-status: the session's status, else where the call is. */
export function panelStatus(state: VerificationState): string {
  if (state.session) return state.session.status;
  if (!state.call) return 'idle';
  if (state.call.ended) return 'wrap-up';
  return state.call.answered ? 'answered' : 'ringing';
}

export function VerificationPanel({ controller }: { controller: VerificationController }) {
  const { t, i18n } = useTranslation();
  const state = useStore(controller.store);
  const verified = state.session?.status === 'verified';
  const formatTime = (at: number | string) =>
    new Date(at).toLocaleString(i18n.language, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
  return (
    <section
      className="card card--verification verify-panel"
      aria-labelledby="verification-title"
      data-testid="verify-panel"
      data-status={panelStatus(state)}
      data-outage={state.outage ? 'true' : 'false'}
    >
      <header className="card__title verify-panel__title">
        <h2 id="verification-title" className="phone-card__heading">
          <Icon name="shield" />
          {t('workspace.verification.title')}
        </h2>
        <div className="verify-panel__tools">
          {verified && state.call && (
            <span
              className="verified-badge"
              data-testid="verified-badge"
              role="status"
              aria-label={t('verify.verified.badgeLabel')}
            >
              <Icon name="check" />
              {t('verify.verified.badge')}
            </span>
          )}
          {state.call && state.call.answered && (
            <button
              type="button"
              className="button button--quiet button--small"
              data-testid="complaint-open"
              aria-label={t('verify.complaint.openLabel')}
              aria-haspopup="dialog"
              onClick={() => controller.setComplaintOpen(true)}
            >
              {t('verify.complaint.open')}
            </button>
          )}
        </div>
      </header>
      {state.call ? (
        <CallBody controller={controller} state={state} formatTime={formatTime} />
      ) : (
        <Idle />
      )}
      {state.complaint.open && state.call && (
        <ComplaintDialog
          responseDays={state.config?.complaintResponseDays ?? null}
          busy={state.pending === 'complaint'}
          problem={state.problem?.action === 'complaint' ? state.problem.code : null}
          onSubmit={(draft) => void controller.submitComplaint(draft)}
          onClose={() => controller.setComplaintOpen(false)}
        />
      )}
    </section>
  );
}

function Idle() {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <span className="empty-state__badge" aria-hidden="true">
        <Icon name="shield" />
      </span>
      <p className="empty-state__title">{t('workspace.verification.emptyTitle')}</p>
      <p className="empty-state__body">{t('workspace.verification.emptyBody')}</p>
    </div>
  );
}

function CallBody({
  controller,
  state,
  formatTime,
}: {
  controller: VerificationController;
  state: VerificationState;
  formatTime: (at: number | string) => string;
}) {
  const { t } = useTranslation();
  const call = state.call!;
  const session = state.session;
  const steps = stepViews(state);
  const suspended = isSuspended(session);
  const problem = state.problem && state.problem.action !== 'complaint' ? state.problem : null;
  // Art. 12: records down → the emergency procedure replaces the checks. Art. 18 comes first: a
  // suspected fraud gets no call-back (the number calling may be the fraudster's).
  const procedure = state.outage && !suspended;
  const callbackForm = (
    <CallbackForm
      state={state}
      onDraft={controller.setCallbackDraft}
      onSubmit={() => void controller.submitCallback()}
    />
  );
  const recordedNote = !procedure && state.callback.recorded && (
    <CallbackRecordedNote recorded={state.callback.recorded} window={state.callback.draft.window} />
  );

  return (
    <div className="verify-panel__body">
      {problem && (
        <Banner level="error" testId="verify-problem" onDismiss={controller.dismissProblem}>
          {t('verify.problem', {
            action: t(`verify.wrapUp.actions.${problem.action}`),
            reason: t(errorKey(problem.code)),
          })}
        </Banner>
      )}
      {state.outage && <OutageBanner />}
      {call.ended ? (
        <>
          {procedure && callbackForm}
          {recordedNote}
          <WrapUp
            state={state}
            steps={steps}
            busy={state.pending === 'wrap-up'}
            formatTime={formatTime}
            onNotes={controller.setNotes}
            onSave={() => void controller.submitWrapUp()}
          />
        </>
      ) : (
        <>
          <ScreenPop
            call={call}
            lookup={state.lookup}
            customerId={state.customerId}
            locked={session !== null || state.pending === 'start'}
            onChoose={controller.chooseCustomer}
          />
          {call.answered && <Greeting state={state} />}
          {procedure ? (
            <>
              <OutageScript companyName={state.config?.companyName ?? null} />
              {callbackForm}
            </>
          ) : (
            <>
              {call.answered && <BusinessType controller={controller} state={state} />}
              {suspended ? <FraudBanner /> : null}
              <Steps steps={steps} predicted={session === null && state.pending === 'start'} />
              {!suspended && session && (
                <FollowActiveStep
                  watch={`${session.id}:${session.status}:${session.nextStep ?? ''}`}
                >
                  <OpenStep controller={controller} state={state} />
                </FollowActiveStep>
              )}
              {!suspended && session && (
                <ApprovalCard
                  session={session}
                  canAct={canCheck(state)}
                  busy={state.pending === 'approval'}
                  onRequest={(note) => void controller.requestApproval(note)}
                />
              )}
              {recordedNote}
            </>
          )}
          {state.complaint.filed.map((c) => (
            <p key={c.id} className="field-note" role="status" data-testid="complaint-filed">
              <Icon name="info" />
              {t('verify.complaint.filed', { date: formatTime(c.dueAt) })}
            </p>
          ))}
        </>
      )}
    </div>
  );
}

function Greeting({ state }: { state: VerificationState }) {
  const { t } = useTranslation();
  return (
    <section className="verify-section" aria-labelledby="greeting-title">
      <h3 id="greeting-title" className="section-title">
        {t('verify.greeting.title')}
      </h3>
      {state.config ? (
        <Script testId="greeting-script">
          {t('verify.greeting.script', {
            company: state.config.companyName,
            department: state.config.departmentName,
          })}
        </Script>
      ) : state.configProblem ? (
        <p className="field-problem">
          {t('verify.greeting.failed', { reason: t(errorKey(state.configProblem)) })}
        </p>
      ) : (
        <p className="field-hint">{t('verify.greeting.loading')}</p>
      )}
    </section>
  );
}

function BusinessType({
  controller,
  state,
}: {
  controller: VerificationController;
  state: VerificationState;
}) {
  const { t } = useTranslation();
  const chosen = state.session?.businessType ?? state.businessType;
  const locked = state.session !== null || state.pending === 'start';
  return (
    <div className="field verify-section">
      <label htmlFor="business-type">{t('verify.business.label')}</label>
      <select
        id="business-type"
        data-testid="business-type"
        value={chosen ?? ''}
        disabled={locked}
        aria-describedby="business-type-hint"
        onChange={(event) => {
          const value = BUSINESS_TYPES.find((type) => type === event.target.value);
          if (value) void controller.chooseBusinessType(value);
        }}
      >
        <option value="" disabled>
          {t('verify.business.placeholder')}
        </option>
        {BUSINESS_TYPES.map((type) => (
          <option key={type} value={type}>
            {t('verify.business.option', {
              type: t(`verify.business.types.${type}`),
              risk: t(`verify.business.risk.${riskOf(type)}`),
            })}
          </option>
        ))}
      </select>
      <p id="business-type-hint" className="field-hint">
        {state.pending === 'start' ? t('verify.business.starting') : t('verify.business.hint')}
      </p>
    </div>
  );
}

function FraudBanner() {
  const { t } = useTranslation();
  return (
    <section
      className="verify-section fraud-banner"
      data-testid="fraud-banner"
      role="alert"
      aria-labelledby="fraud-title"
    >
      <h3 id="fraud-title" className="fraud-banner__title">
        <Icon name="warning" />
        {t('verify.fraud.title')}
      </h3>
      <Script tone="danger">{t('verify.fraud.script')}</Script>
      <p className="fraud-banner__note">{t('verify.fraud.note')}</p>
    </section>
  );
}

/** The step the session waits for, or how it ended. */
/**
 * The step the agent acts on next comes into view when it changes (at 1280×800 it can sit below the
 * fold).
 */
function FollowActiveStep({ watch, children }: { watch: string; children: ReactNode }) {
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

function OpenStep({
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

  switch (session.status) {
    case 'verified':
      return (
        <p className="verify-done" role="status">
          <Icon name="check" />
          {t('verify.verified.note', {
            business: t(`verify.business.types.${session.businessType}`),
          })}
        </p>
      );
    case 'exception':
      return (
        <section className="verify-section verify-action" data-testid="exception">
          <Script tone="warning">{t('verify.basic.exceptionScript')}</Script>
          <p className="field-note">
            <Icon name="info" />
            {t('verify.basic.exceptionNote')}
          </p>
        </section>
      );
    case 'password-reset':
      return (
        <section className="verify-section verify-action" data-testid="password-reset">
          <Script>{t('verify.password.resetScript')}</Script>
          <p className="field-hint">{t('verify.password.resetNote')}</p>
        </section>
      );
    case 'password-locked':
      return (
        <section className="verify-section verify-action" data-testid="password-locked">
          <Script tone="warning">{t('verify.password.lockedScript')}</Script>
          <p className="field-hint">{t('verify.outcome.password-locked')}</p>
        </section>
      );
    case 'not-confirmed':
      return (
        <section className="verify-section verify-action" data-testid="not-confirmed">
          <Script tone="warning">{t('verify.confirm.notConfirmedScript')}</Script>
          <p className="field-hint">{t('verify.outcome.not-confirmed')}</p>
        </section>
      );
    case 'denied':
      return <p className="field-hint">{t('verify.outcome.denied')}</p>;
    case 'suspended':
      return null;
    case 'awaiting-approval':
    case 'in-progress':
      break;
  }

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
