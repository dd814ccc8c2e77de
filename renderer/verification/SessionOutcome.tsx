// How a session reads once it takes no more steps: verified, an exception, a password reset or
// lock, a read-back the caller did not confirm, a denial, and the Art. 18 fraud script when it is
// suspended. Plain props; nothing here can start a check (the fraud banner only records that
// the customer was read the script).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../common/policy.js';
import type { Verification } from '../../common/records-api.js';
import { Icon } from '../components/Icon.js';
import { Script } from './Steps.js';

/** How a session that takes no more steps reads (null while it still takes them). */
export function SessionOutcome({ session }: { session: Verification }) {
  const { t } = useTranslation();
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
            {t('verify.basic.exceptionNote', { hours: LIMITS.basic.windowSeconds / 3600 })}
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
      return null;
  }
}

/**
 * Art. 18: the suspension script (the business is suspended for the account's safety; the company
 * will call the reserved mobile) and the button that records the customer was read it.
 */
export function FraudBanner({
  informedAt,
  onInformed,
  formatTime,
}: {
  /** When the records service recorded the customer informed; null: not yet. */
  informedAt: string | null;
  onInformed: () => Promise<void>;
  formatTime: (at: number | string) => string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
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
      {informedAt ? (
        <p className="verify-done" role="status" data-testid="fraud-informed">
          <Icon name="check" />
          {t('verify.fraud.informedAt', { time: formatTime(informedAt) })}
        </p>
      ) : (
        <button
          type="button"
          className="button button--primary"
          data-testid="fraud-customer-informed"
          aria-label={t('verify.fraud.informedLabel')}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onInformed().finally(() => setBusy(false));
          }}
        >
          {t('verify.fraud.informed')}
        </button>
      )}
    </section>
  );
}
