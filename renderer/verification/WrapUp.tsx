import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerificationState } from './state.js';
import type { StepView } from './view.js';

export interface WrapUpProps {
  state: Pick<VerificationState, 'businessType' | 'session' | 'outcomes' | 'notes' | 'complaint'>;
  steps: readonly StepView[];
  busy: boolean;
  formatTime: (at: number | string) => string;
  onNotes: (notes: string) => void;
  onSave: () => void;
}

/** What happened on the call, the agent's notes, saved to the journal (Art. 11). */
export function WrapUp({ state, steps, busy, formatTime, onNotes, onSave }: WrapUpProps) {
  const { t } = useTranslation();
  const id = useId();
  const session = state.session;
  return (
    <form
      className="verify-section wrap-up"
      aria-labelledby={`${id}-title`}
      data-testid="wrap-up"
      onSubmit={(event) => {
        event.preventDefault();
        onSave();
      }}
    >
      <h3 id={`${id}-title`} className="section-title">
        {t('verify.wrapUp.title')}
      </h3>
      <p className="field-hint">{t('verify.wrapUp.intro')}</p>
      <dl className="wrap-up__facts">
        <dt>{t('verify.wrapUp.business')}</dt>
        <dd data-testid="wrap-up-business">
          {state.businessType
            ? t(`verify.business.types.${state.businessType}`)
            : t('verify.wrapUp.noBusiness')}
        </dd>
        <dt>{t('verify.wrapUp.result')}</dt>
        <dd data-testid="wrap-up-result" data-status={session?.status ?? 'none'}>
          {session ? t(`verify.wrapUp.statuses.${session.status}`) : t('verify.wrapUp.noSession')}
        </dd>
        <dt>{t('verify.steps.title')}</dt>
        <dd>
          {steps.length === 0
            ? t('verify.wrapUp.noSteps')
            : steps.map((s) => (
                <span key={s.step} className={`wrap-up__step wrap-up__step--${s.status}`}>
                  {t(`verify.steps.names.${s.step}`)}: {t(`verify.steps.status.${s.status}`)}
                </span>
              ))}
        </dd>
        <dt>{t('verify.wrapUp.steps')}</dt>
        <dd>
          {state.outcomes.length === 0 ? (
            t('verify.wrapUp.noSteps')
          ) : (
            <ol className="wrap-up__outcomes">
              {state.outcomes.map((o, index) => (
                <li key={index}>
                  <time>{formatTime(o.at)}</time> {t(`verify.wrapUp.actions.${o.action}`)}:{' '}
                  {t(`verify.wrapUp.results.${o.result}`)}
                </li>
              ))}
            </ol>
          )}
        </dd>
        {state.complaint.filed.length > 0 && (
          <>
            <dt>{t('verify.wrapUp.complaints')}</dt>
            <dd>
              {state.complaint.filed.map((c) => (
                <span key={c.id} className="wrap-up__step">
                  {c.dueAt
                    ? t('verify.complaint.filed', { date: formatTime(c.dueAt) })
                    : t('verify.complaint.filedNoDeadline')}
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      <div className="field">
        <label htmlFor={`${id}-notes`}>{t('verify.wrapUp.notes')}</label>
        <textarea
          id={`${id}-notes`}
          data-testid="wrap-up-notes"
          rows={3}
          maxLength={2000}
          placeholder={t('verify.wrapUp.notesPlaceholder')}
          value={state.notes}
          onChange={(event) => onNotes(event.target.value)}
        />
      </div>
      <div className="verify-action__buttons">
        <button
          type="submit"
          className="button button--primary"
          data-testid="wrap-up-submit"
          disabled={busy}
          aria-busy={busy}
        >
          {busy ? t('verify.wrapUp.saving') : t('verify.wrapUp.save')}
        </button>
      </div>
    </form>
  );
}
