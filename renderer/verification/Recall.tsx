// Art. 14 on the panel: recording a step the customer declines (with the script that says why there
// is no alternative — Art. 5 for the basic check — or the offer of one), and the call-back to the
// reserved mobile: its script, the masked number being called, and how the call went.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlternativeId, DeclinableStep } from '../../common/policy.js';
import type { Verification } from '../../common/records-api.js';
import { Icon } from '../components/Icon.js';
import { Script } from './Steps.js';
import type { VerificationState } from './state.js';

/** The quiet link under a step: "the customer declines this". */
export function DeclineLink({
  step,
  disabled,
  onOpen,
}: {
  step: 'basic' | 'otp';
  disabled: boolean;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="verify-action__links">
      <button
        type="button"
        className="button button--quiet button--small"
        data-testid={`decline-${step}`}
        disabled={disabled}
        onClick={onOpen}
      >
        {t(`verify.decline.${step}`)}
      </button>
    </div>
  );
}

export interface DeclineFormProps {
  step: DeclinableStep;
  recorded: VerificationState['decline']['recorded'];
  busy: boolean;
  onDecline: (reason: string) => void;
  onChoose: (alternative: AlternativeId, reason: string) => void;
  onClose: () => void;
}

/** The reason, recorded first; then what the records service says may be offered, or why not. */
export function DeclineForm({
  step,
  recorded,
  busy,
  onDecline,
  onChoose,
  onClose,
}: DeclineFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const done = recorded?.step === step ? recorded : null;
  return (
    <form
      className="verify-section verify-action"
      data-testid="decline-form"
      data-step={step}
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() && !done) onDecline(reason);
      }}
    >
      <h3 id={`${id}-title`} className="section-title">
        {t('verify.decline.title')}
      </h3>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('verify.decline.reason')}</label>
        <input
          id={`${id}-reason`}
          data-testid="decline-reason"
          maxLength={500}
          autoComplete="off"
          readOnly={done !== null}
          placeholder={t('verify.decline.reasonPlaceholder')}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      {done && (
        <p className="field-note" role="status" data-testid="decline-recorded">
          <Icon name="check" />
          {t('verify.decline.recorded')}
        </p>
      )}
      {done?.noAlternative === 'basic-is-the-floor' && (
        <Script testId="decline-script" tone="warning">
          {t('verify.decline.basicScript')}
        </Script>
      )}
      {done?.noAlternative === 'none-for-business' && (
        <Script testId="decline-script" tone="warning">
          {t('verify.decline.noneScript')}
        </Script>
      )}
      <div className="verify-action__buttons">
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('verify.decline.cancel')}
        </button>
        {!done && (
          <button
            type="submit"
            className="button button--primary"
            data-testid="decline-submit"
            disabled={busy || reason.trim() === ''}
          >
            {t('verify.decline.submit')}
          </button>
        )}
        {done?.alternatives.map((alternative) => (
          <button
            key={alternative}
            type="button"
            className="button button--primary"
            data-testid={`decline-choose-${alternative}`}
            disabled={busy}
            onClick={() => onChoose(alternative, reason)}
          >
            {t(`verify.method.alternatives.${alternative}`)}
          </button>
        ))}
      </div>
    </form>
  );
}

export interface RecallStepProps {
  session: Verification;
  recall: VerificationState['recall'];
  /** The agent may end the call and call back now (or call again). */
  canCallBack: boolean;
  busy: boolean;
  onCallBack: () => void;
}

/** The call-back step: the script, then the masked number being called and how it went. */
export function RecallStep({ session, recall, canCallBack, busy, onCallBack }: RecallStepProps) {
  const { t } = useTranslation();
  const mobile = recall?.masked ?? session.customer?.mobile ?? '';
  const phase = recall?.phase ?? 'ready';
  return (
    <section
      className="verify-section verify-action"
      aria-labelledby="recall-step-title"
      data-testid="recall-step"
      data-phase={phase}
    >
      <h3 id="recall-step-title" className="section-title">
        {t('verify.recall.title')}
      </h3>
      {recall === null && (
        <Script testId="recall-script">{t('verify.recall.script', { mobile })}</Script>
      )}
      {(phase === 'hanging-up' || phase === 'dialling') && (
        <p className="field-note" role="status" data-testid="recall-status">
          {t('verify.recall.dialling', { mobile })}
        </p>
      )}
      {(phase === 'not-answered' || phase === 'failed') && (
        <p className="field-problem" role="alert" data-testid="recall-status">
          {t('verify.recall.notAnswered')}
        </p>
      )}
      <p className="field-hint">{t('verify.recall.note')}</p>
      {(recall === null || phase === 'not-answered' || phase === 'failed') && (
        <div className="verify-action__buttons">
          <button
            type="button"
            className="button button--primary"
            data-testid="recall-dial"
            disabled={!canCallBack || busy}
            onClick={onCallBack}
          >
            {recall === null ? t('verify.recall.dial') : t('verify.recall.again')}
          </button>
        </div>
      )}
    </section>
  );
}

/** After the reserved mobile answered: possession is proven, the read-back follows. */
export function RecallAnswered({ masked }: { masked: string }) {
  const { t } = useTranslation();
  return (
    <p className="field-note" role="status" data-testid="recall-answered">
      <Icon name="check" />
      {t('verify.recall.answered', { mobile: masked })}
    </p>
  );
}
