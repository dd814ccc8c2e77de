// The keypad satisfaction survey on the panel (Art. 22): once the business is done the agent
// invites the customer to rate, waits with a countdown, and sees only that a rating arrived (or
// that the customer declined or keyed nothing) — `survey-result`'s data-value, never the digit,
// which this component never receives (renderer/verification/survey/machine.ts).
import { useTranslation } from 'react-i18next';
import { SURVEY_POLICY } from '../../common/policy.js';
import { Icon } from '../components/Icon.js';
import { Script } from './Steps.js';
import { secondsLeft, type SurveyState } from './survey/machine.js';

export interface SurveyCardProps {
  survey: SurveyState;
  /** The call is still up: only then can the survey start. */
  live: boolean;
  /** The keypad link could not be attached (no engine): say so instead of waiting. */
  unavailable: boolean;
  onStart: () => void;
  onRestart: () => void;
  onDeclined: () => void;
}

export function SurveyCard(props: SurveyCardProps) {
  const { t } = useTranslation();
  const { survey } = props;
  return (
    <section
      className="verify-section survey"
      data-testid="survey"
      data-phase={survey.phase}
      aria-labelledby="survey-title"
    >
      <h3 id="survey-title" className="survey__title">
        {t('survey.title')}
      </h3>
      {survey.phase === 'idle' && (
        <>
          <p className="field-hint">{t('survey.startHint')}</p>
          <Script>{t('survey.script')}</Script>
          <button
            type="button"
            className="button button--primary"
            data-testid="survey-start"
            disabled={!props.live}
            onClick={props.onStart}
          >
            {t('survey.start')}
          </button>
          {props.unavailable && (
            <p className="field-problem" role="alert">
              {t('survey.unavailable')}
            </p>
          )}
        </>
      )}
      {survey.phase === 'waiting' && <Waiting {...props} survey={survey} />}
      {survey.phase === 'done' && (
        <div className="survey__done">
          <p
            className="verify-done"
            role="status"
            data-testid="survey-result"
            data-value={survey.result}
          >
            <Icon name={survey.result === 'received' ? 'check' : 'info'} />
            {t(`survey.results.${survey.result}`, { seconds: SURVEY_POLICY.windowMs / 1000 })}
          </p>
          <p
            className={survey.delivery === 'failed' ? 'field-problem' : 'field-hint'}
            data-testid="survey-delivery"
            data-value={survey.delivery}
          >
            {t(`survey.delivery.${survey.delivery}`)}
          </p>
        </div>
      )}
    </section>
  );
}

function Waiting({
  survey,
  onRestart,
  onDeclined,
}: SurveyCardProps & { survey: SurveyState & { phase: 'waiting' } }) {
  const { t } = useTranslation();
  const seconds = secondsLeft(survey);
  const total = SURVEY_POLICY.windowMs / 1000;
  return (
    <>
      <p className="survey__waiting" role="status" aria-live="polite">
        {t('survey.waiting')}
      </p>
      <div className="survey__countdown" data-testid="survey-countdown" data-value={seconds}>
        <progress
          className="survey__bar"
          max={total}
          value={seconds}
          aria-label={t('survey.countdownLabel')}
        />
        <span className="survey__seconds">{t('survey.countdown', { seconds })}</span>
      </div>
      <div className="survey__actions">
        <button
          type="button"
          className="button button--quiet"
          data-testid="survey-declined"
          onClick={onDeclined}
        >
          {t('survey.declined')}
        </button>
        {survey.restartsLeft > 0 && (
          <button
            type="button"
            className="button button--quiet"
            data-testid="survey-restart"
            title={t('survey.restartHint')}
            onClick={onRestart}
          >
            {t('survey.restart')}
          </button>
        )}
      </div>
    </>
  );
}
