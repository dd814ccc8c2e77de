// Art. 4(2): the caller's business changes mid-call. The agent picks the new type and why (a note
// for "other"); the panel predicts what it will still ask from the policy, the records service
// re-plans the session and the steps list follows. Plain props; the controller sends.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUSINESS_TYPES, type BusinessType } from '../../common/policy.js';
import { Icon } from '../components/Icon.js';
import type { VerificationController } from './controller.js';
import {
  canChangeBusiness,
  INTENT_CHANGE_REASONS,
  predictedReplan,
  type IntentChangeReason,
} from './intent-view.js';
import type { VerificationState } from './state.js';
import { Script } from './Steps.js';

export function BusinessChange({
  controller,
  state,
}: {
  controller: VerificationController;
  state: VerificationState;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const session = state.session;
  if (!session) return null;
  const canChange = canChangeBusiness(state);
  const changed = state.last?.action === 'business' && state.last.result === 'replanned';
  return (
    <>
      {changed && <ChangedNote state={state} />}
      {open && canChange ? (
        <ChangeForm
          state={state}
          onSubmit={(to, reason, note) => {
            setOpen(false);
            void controller.changeBusiness(to, reason, note);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        canChange && (
          <div className="verify-action__buttons">
            <button
              type="button"
              className="button button--quiet button--small"
              data-testid="business-change-open"
              onClick={() => setOpen(true)}
            >
              {t('verify.intent.open')}
            </button>
          </div>
        )
      )}
    </>
  );
}

/** Step names as a sentence lists them (「A、B和C」, "A, B and C"). */
const listOf = (items: string[], language: string): string =>
  new Intl.ListFormat(language, { type: 'conjunction' }).format(items);

function ChangedNote({ state }: { state: VerificationState }) {
  const { t, i18n } = useTranslation();
  const session = state.session!;
  const missing = session.steps.filter((s) => !s.passed).map((s) => s.step);
  const business = t(`verify.business.types.${session.businessType}`);
  const names = listOf(
    missing.map((s) => t(`verify.steps.names.${s}`)),
    i18n.language,
  );
  return (
    <section className="verify-section" data-testid="business-changed" role="status">
      <p className="field-note">
        <Icon name="info" />
        {t('verify.intent.changed', { business })}{' '}
        {missing.length > 0
          ? t('verify.intent.changedMissing', { steps: names })
          : t('verify.intent.changedNothing')}
      </p>
      {missing.length > 0 && <Script>{t('verify.intent.script', { business })}</Script>}
    </section>
  );
}

function ChangeForm({
  state,
  onSubmit,
  onCancel,
}: {
  state: VerificationState;
  onSubmit: (to: BusinessType, reason: IntentChangeReason, note: string) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = state.session!.businessType;
  const choices = BUSINESS_TYPES.filter((type) => type !== current);
  const [to, setTo] = useState<BusinessType>(choices[0]!);
  const [reason, setReason] = useState<IntentChangeReason>('customer-new-request');
  const [note, setNote] = useState('');
  const plan = predictedReplan(state, to);
  const noteMissing = reason === 'other' && note.trim() === '';
  const steps = plan
    ? plan.steps.length > 0
      ? t('verify.intent.plan', {
          steps: listOf(
            plan.steps.map((s) => t(`verify.steps.names.${s}`)),
            i18n.language,
          ),
        })
      : t('verify.intent.planNone')
    : '';
  const planText = plan?.approval ? t('verify.intent.planApproval', { plan: steps }) : steps;
  return (
    <form
      className="verify-section verify-action"
      data-testid="business-change"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!noteMissing) onSubmit(to, reason, note);
      }}
    >
      <h3 id={`${id}-title`} className="section-title">
        {t('verify.intent.title')}
      </h3>
      <p className="field-hint">{t('verify.intent.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('verify.intent.to')}</label>
        <select
          id={`${id}-to`}
          data-testid="business-change-type"
          value={to}
          onChange={(event) => setTo(event.target.value as BusinessType)}
        >
          {choices.map((type) => (
            <option key={type} value={type}>
              {t(`verify.business.types.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('verify.intent.reason')}</label>
        <select
          id={`${id}-reason`}
          data-testid="business-change-reason"
          value={reason}
          onChange={(event) => setReason(event.target.value as IntentChangeReason)}
        >
          {INTENT_CHANGE_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`verify.intent.reasons.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('verify.intent.note')}</label>
        <input
          id={`${id}-note`}
          data-testid="business-change-note"
          maxLength={500}
          autoComplete="off"
          placeholder={t('verify.intent.notePlaceholder')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        {noteMissing && <p className="field-hint">{t('verify.intent.noteRequired')}</p>}
      </div>
      <p className="field-note" data-testid="business-change-plan" role="status">
        {planText}
      </p>
      <div className="verify-action__buttons">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('verify.intent.cancel')}
        </button>
        <button
          type="submit"
          className="button button--primary"
          data-testid="business-change-submit"
          disabled={noteMissing || state.pending !== null}
        >
          {state.pending === 'business' ? t('verify.intent.submitting') : t('verify.intent.submit')}
        </button>
      </div>
    </form>
  );
}
