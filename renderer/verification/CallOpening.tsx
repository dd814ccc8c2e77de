// What the agent does as the call is answered: read the greeting with the company's name, then
// choose the business type, which opens the session and fixes its steps. The choice locks once
// the session starts; the risk shown beside each type comes from common/policy.ts.
import { useTranslation } from 'react-i18next';
import { BUSINESS_TYPES, mayVerify, riskOf } from '../../common/policy.js';
import { errorKey } from '../i18n/index.js';
import type { VerificationController } from './controller.js';
import type { VerificationState } from './state.js';
import { Script } from './Steps.js';

export function Greeting({ state }: { state: VerificationState }) {
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

export function BusinessTypeChoice({
  controller,
  state,
}: {
  controller: VerificationController;
  state: VerificationState;
}) {
  const { t } = useTranslation();
  // Art. 10: a tier the policy keeps out of verifying (admin, by default) is not offered it.
  if (state.tier && !mayVerify(state.tier))
    return (
      <p className="field-note verify-section" role="status" data-testid="verify-not-for-tier">
        {t('verify.business.notForTier')}
      </p>
    );
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
