// Art. 12 emergency procedure in the panel, while the records service cannot be reached: a calm
// banner for the agent, the script to read, and the call-back the agent records for the customer.
// Plain props in, callbacks out; the controller decides when it shows (records down, a call on).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CALLBACK_WINDOWS } from '../../common/callback-reason.js';
import { BUSINESS_TYPES } from '../../common/policy.js';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import {
  callbackBusinessType,
  maskedCallbackNumber,
  withheldForChosenCustomer,
} from './callback.js';
import { CALLBACK_NOTES_MAX, type CallbackState, type VerificationState } from './state.js';
import { Script } from './Steps.js';

export function OutageBanner() {
  const { t } = useTranslation();
  return (
    <section
      className="verify-section outage-banner"
      data-testid="outage-banner"
      role="status"
      aria-labelledby="outage-title"
    >
      <h3 id="outage-title" className="outage-banner__title">
        <Icon name="warning" />
        {t('verify.outage.title')}
      </h3>
      <p className="outage-banner__body">{t('verify.outage.body')}</p>
    </section>
  );
}

export function OutageScript({ companyName }: { companyName: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="verify-section" aria-labelledby="outage-script-title">
      <h3 id="outage-script-title" className="section-title">
        {t('verify.outage.scriptTitle')}
      </h3>
      <Script testId="outage-script" tone="warning">
        {companyName
          ? t('verify.outage.script', { company: companyName })
          : t('verify.outage.scriptNoCompany')}
      </Script>
    </section>
  );
}

export interface CallbackFormProps {
  state: Pick<VerificationState, 'call' | 'callback' | 'session' | 'businessType' | 'customerId'>;
  onDraft: (draft: Partial<CallbackState['draft']>) => void;
  onSubmit: () => void;
}

/**
 * The call-back request (Art. 12): the number shown masked only (Art. 11) — the full one goes into
 * the request and nowhere else. Once recorded, the choices stay on screen read-only with the
 * confirmation, and the button goes: one call-back per call.
 */
export function CallbackForm({ state, onDraft, onSubmit }: CallbackFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const { draft, sending, recorded, problem } = state.callback;
  const masked = state.call ? maskedCallbackNumber(state.call.number) : null;
  const onRecord = masked === null && withheldForChosenCustomer(state);
  const recordable = masked !== null || onRecord;
  const business = callbackBusinessType(state);
  const locked = sending || recorded !== null;
  return (
    <form
      className="verify-section verify-action callback-form"
      data-testid="callback-request"
      data-state={recorded ? 'recorded' : sending ? 'sending' : problem ? 'failed' : 'open'}
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!locked && recordable) onSubmit();
      }}
    >
      <h3 id={`${id}-title`} className="section-title">
        {t('verify.outage.callback.title')}
      </h3>
      <p className="field-hint">{t('verify.outage.callback.intro')}</p>
      <fieldset className="callback-form__fields" disabled={locked}>
        <div className="callback-form__number">
          <span className="callback-form__number-label">{t('verify.outage.callback.number')}</span>
          {masked !== null ? (
            <span className="callback-form__number-value" data-testid="callback-number">
              {masked}
            </span>
          ) : onRecord ? (
            <span className="callback-form__number-value" data-testid="callback-withheld">
              {t('verify.outage.callback.withheldOnRecord')}
            </span>
          ) : (
            <span className="field-problem" data-testid="callback-no-number">
              {t('verify.outage.callback.noNumber')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-business`}>{t('verify.outage.callback.business')}</label>
          <select
            id={`${id}-business`}
            data-testid="callback-business"
            value={business ?? ''}
            onChange={(event) =>
              onDraft({
                businessType: BUSINESS_TYPES.find((type) => type === event.target.value) ?? '',
              })
            }
          >
            <option value="">{t('verify.outage.callback.businessNone')}</option>
            {BUSINESS_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`verify.business.types.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-window`}>{t('verify.outage.callback.window')}</label>
          <select
            id={`${id}-window`}
            data-testid="callback-window"
            value={draft.window}
            onChange={(event) => {
              const chosen = CALLBACK_WINDOWS.find((w) => w === event.target.value);
              if (chosen) onDraft({ window: chosen });
            }}
          >
            {CALLBACK_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`verify.outage.callback.windows.${w}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-notes`}>{t('verify.outage.callback.notes')}</label>
          <textarea
            id={`${id}-notes`}
            data-testid="callback-notes"
            rows={2}
            maxLength={CALLBACK_NOTES_MAX}
            placeholder={t('verify.outage.callback.notesPlaceholder')}
            value={draft.notes}
            onChange={(event) => onDraft({ notes: event.target.value })}
          />
        </div>
      </fieldset>
      {problem && (
        <p
          className="field-problem"
          role="alert"
          data-testid="callback-problem"
          data-code={problem}
        >
          {t('verify.outage.callback.failed', { reason: t(errorKey(problem)) })}
        </p>
      )}
      {recorded ? (
        <CallbackRecordedNote recorded={recorded} window={draft.window} />
      ) : (
        <div className="verify-action__buttons">
          <button
            type="submit"
            className="button button--primary"
            data-testid="callback-submit"
            disabled={sending || !recordable}
            aria-busy={sending}
          >
            {sending ? t('verify.outage.callback.submitting') : t('verify.outage.callback.submit')}
          </button>
        </div>
      )}
    </form>
  );
}

/**
 * The call-back is in the journal: it reaches the team's queue when the records service is back.
 */
export function CallbackRecordedNote({
  recorded,
  window,
}: {
  recorded: NonNullable<CallbackState['recorded']>;
  window: CallbackState['draft']['window'];
}) {
  const { t } = useTranslation();
  return (
    <p className="field-note" role="status" data-testid="callback-recorded" data-seq={recorded.seq}>
      <Icon name="check" />
      {t('verify.outage.callback.recorded', {
        number: recorded.customerRef,
        window: t(`verify.outage.callback.windows.${window}`),
      })}
    </p>
  );
}
