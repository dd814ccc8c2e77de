// The identity-check card beside the softphone: it reads the verification store and
// hands the controller's methods to plain-props children. What shows follows the call: idle →
// screen pop (ringing) → greeting and business type (answered) → the open step → wrap-up.
import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner.js';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import { useStore } from '../state/use-store.js';
import { ApprovalCard } from './ApprovalCard.js';
import { BusinessChange } from './BusinessChange.js';
import { BusinessTypeChoice, Greeting } from './CallOpening.js';
import { ComplaintDialog } from './ComplaintDialog.js';
import { ComplaintFiled } from './ComplaintFiled.js';
import type { VerificationController } from './controller.js';
import { FollowActiveStep, OpenStep } from './OpenStep.js';
import {
  CallbackForm,
  CallbackRecordedNote,
  OutageBanner,
  OutageScript,
} from './OutageProcedure.js';
import { PanelHeader } from './PanelHeader.js';
import { ScreenPop } from './ScreenPop.js';
import { FraudBanner } from './SessionOutcome.js';
import type { VerificationState } from './state.js';
import { recallUnderway } from './state/recall.js';
import { Steps } from './Steps.js';
import { canCheck, isSuspended, stepViews } from './view.js';
import { SurveyCard } from './SurveyCard.js';
import { maySurvey } from '../../common/policy.js';
import { WrapUp } from './WrapUp.js';

/** `verify-panel`'s data-status: the session's status, else where the call is. */
export function panelStatus(state: VerificationState): string {
  if (state.session) return state.session.status;
  if (!state.call) return 'idle';
  if (state.call.ended) return 'wrap-up';
  return state.call.answered ? 'answered' : 'ringing';
}

export function VerificationPanel({ controller }: { controller: VerificationController }) {
  const { i18n } = useTranslation();
  const state = useStore(controller.store);
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
      <PanelHeader state={state} onComplaintOpen={() => controller.setComplaintOpen(true)} />
      {state.call ? (
        <CallBody controller={controller} state={state} formatTime={formatTime} />
      ) : (
        <Idle />
      )}
      {state.complaint.open && state.call && (
        <ComplaintDialog
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
  // Art. 22: once the business is done, the keypad survey; after a hang-up, how it ended.
  const survey = useStore(controller.survey.store);
  const surveyCard = (live: boolean) => (
    <SurveyCard
      survey={survey}
      live={live}
      unavailable={survey.phase === 'idle' && survey.unavailable === true}
      onStart={controller.survey.start}
      onRestart={controller.survey.restart}
      onDeclined={controller.survey.declined}
    />
  );
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
            // The service's 503 for a passcode is its SMS gateway, not an outage (Art. 12).
            reason:
              problem.action === 'otp-send' && problem.code === 'unavailable' && !state.outage
                ? t('verify.otp.unavailable')
                : t(errorKey(problem.code)),
          })}
        </Banner>
      )}
      {state.outage && <OutageBanner />}
      {call.ended && session && recallUnderway(state) ? (
        // Art. 14: the call ended for the call-back to the reserved mobile; the session goes on.
        <>
          <Steps steps={steps} predicted={false} />
          <OpenStep controller={controller} state={state} />
        </>
      ) : call.ended ? (
        <>
          {procedure && callbackForm}
          {recordedNote}
          {survey.phase !== 'idle' && surveyCard(false)}
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
              {call.answered && <BusinessTypeChoice controller={controller} state={state} />}
              {suspended && session ? (
                <FraudBanner
                  informedAt={session.fraud?.customerInformedAt ?? null}
                  onInformed={controller.informCustomer}
                  formatTime={formatTime}
                />
              ) : null}
              <Steps steps={steps} predicted={session === null && state.pending === 'start'} />
              {!suspended && session && <BusinessChange controller={controller} state={state} />}
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
              {session && maySurvey(session.status) && surveyCard(true)}
            </>
          )}
          {state.complaint.filed.map((c) => (
            <ComplaintFiled
              key={c.id}
              dueAt={c.dueAt}
              hotline={state.config?.complaintHotline ?? null}
            />
          ))}
        </>
      )}
    </div>
  );
}
