import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import type { StepView } from './view.js';

/** The progress list (Art. 13): every step with a one-line purpose the agent can read out. */
export function Steps({ steps, predicted }: { steps: readonly StepView[]; predicted: boolean }) {
  const { t } = useTranslation();
  if (steps.length === 0) return null;
  return (
    <section className="verify-section" aria-labelledby="verify-steps-title">
      <h3 id="verify-steps-title" className="section-title">
        {t('verify.steps.title')}
      </h3>
      <ol className="verify-steps">
        {steps.map(({ step, status }, index) => (
          <li
            key={step}
            className={`verify-step verify-step--${status}`}
            data-testid="verify-step"
            data-step={step}
            data-status={status}
            aria-current={status === 'active' ? 'step' : undefined}
          >
            <span className="verify-step__marker" aria-hidden="true">
              {status === 'passed' ? (
                <Icon name="check" />
              ) : status === 'failed' ? (
                <Icon name="close" />
              ) : (
                index + 1
              )}
            </span>
            <span className="verify-step__text">
              <span className="verify-step__name">
                {t(`verify.steps.names.${step}`)}
                <span className="verify-step__status">{t(`verify.steps.status.${status}`)}</span>
              </span>
              <span className="verify-step__purpose">{t(`verify.steps.purpose.${step}`)}</span>
            </span>
          </li>
        ))}
      </ol>
      {predicted && (
        <p className="field-hint" role="status">
          {t('verify.steps.predicted')}
        </p>
      )}
    </section>
  );
}

/**
 * A sentence the agent reads to the customer: set apart, labelled, and announced when it changes.
 */
export function Script({
  children,
  testId,
  tone = 'normal',
}: {
  children: string;
  testId?: string;
  tone?: 'normal' | 'warning' | 'danger';
}) {
  const { t } = useTranslation();
  return (
    <blockquote className={`script script--${tone}`} data-testid={testId}>
      <span className="script__label">{t('verify.readAloud')}</span>
      <p className="script__text">{children}</p>
    </blockquote>
  );
}
