import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Verification } from '../../common/records-api.js';
import { Script } from './Steps.js';
import type { BasicProblem, VerificationState } from './state.js';

export interface BasicStepProps {
  session: Verification;
  last: VerificationState['last'];
  problem: BasicProblem | null;
  busy: boolean;
  disabled: boolean;
  /** The values go to the controller once and are not kept here (Art. 5). */
  onSubmit: (mobile: string, nationalId: string) => boolean;
}

/** Art. 5: reserved mobile and ID number, checked locally for format, compared by the service. */
export function BasicStep({ session, last, problem, busy, disabled, onSubmit }: BasicStepProps) {
  const { t } = useTranslation();
  const id = useId();
  // What the agent types stays in this form only until it is sent.
  const [mobile, setMobile] = useState('');
  const [nationalId, setNationalId] = useState('');
  const attemptsLeft = Math.max(0, session.basic.limit - session.basic.failures);
  const mismatch = last?.action === 'basic' && last.result === 'failed';
  const mobileProblem = problem?.field === 'mobile' ? problem.code : null;
  const idProblem = problem?.field === 'id' ? problem.code : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || disabled) return;
    // A value the controller refuses (a typo) stays for the agent to correct; one it sends is
    // cleared from this form at once.
    if (onSubmit(mobile, nationalId)) {
      setMobile('');
      setNationalId('');
    }
  };

  return (
    <section
      className="verify-section verify-action"
      aria-labelledby={`${id}-title`}
      data-testid="basic-step"
    >
      <h3 id={`${id}-title`} className="section-title">
        {t('verify.basic.title')}
      </h3>
      {mismatch ? (
        <>
          <Script testId="basic-mismatch-script" tone="warning">
            {t('verify.basic.mismatchScript')}
          </Script>
          <p className="field-hint">{t('verify.basic.mismatchNote')}</p>
        </>
      ) : (
        <Script>{t('verify.basic.script')}</Script>
      )}
      <form className="basic-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-mobile`}>{t('verify.basic.mobile')}</label>
          <input
            id={`${id}-mobile`}
            data-testid="basic-mobile"
            inputMode="tel"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            value={mobile}
            disabled={disabled}
            aria-invalid={mobileProblem !== null}
            aria-describedby={`${id}-mobile-hint${mobileProblem ? ` ${id}-mobile-problem` : ''}`}
            onChange={(event) => setMobile(event.target.value)}
          />
          <p id={`${id}-mobile-hint`} className="field-hint">
            {t('verify.basic.mobileHint')}
          </p>
          {mobileProblem && (
            <p id={`${id}-mobile-problem`} className="field-problem" role="alert">
              {t(`verify.basic.problem.mobile.${mobileProblem}`)}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-id`}>{t('verify.basic.nationalId')}</label>
          <input
            id={`${id}-id`}
            data-testid="basic-id"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            maxLength={32}
            value={nationalId}
            disabled={disabled}
            aria-invalid={idProblem !== null}
            aria-describedby={`${id}-id-hint${idProblem ? ` ${id}-id-problem` : ''}`}
            onChange={(event) => setNationalId(event.target.value)}
          />
          <p id={`${id}-id-hint`} className="field-hint">
            {t('verify.basic.nationalIdHint')}
          </p>
          {idProblem && (
            <p id={`${id}-id-problem`} className="field-problem" role="alert">
              {t(`verify.basic.problem.id.${idProblem}`)} {t('verify.basic.notSent')}
            </p>
          )}
        </div>
        <div className="verify-action__row">
          <span
            className={`attempts${attemptsLeft <= 1 ? ' attempts--last' : ''}`}
            data-testid="basic-attempts-left"
            data-left={attemptsLeft}
          >
            {t('verify.basic.attemptsLeft', { count: attemptsLeft })}
          </span>
          <button
            type="submit"
            className="button button--primary"
            data-testid="basic-submit"
            disabled={busy || disabled}
            aria-busy={busy}
          >
            {busy ? t('verify.basic.submitting') : t('verify.basic.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
