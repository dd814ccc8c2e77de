// The verification card's title row: the title, the verified badge once the caller has passed
// every step, and the button that opens a complaint on an answered call. Plain props; it holds
// no state and sends nothing itself.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import type { VerificationState } from './state.js';

export function PanelHeader({
  state,
  onComplaintOpen,
}: {
  state: VerificationState;
  onComplaintOpen: () => void;
}) {
  const { t } = useTranslation();
  const verified = state.session?.status === 'verified';
  // Art. 4(2): the badge names the business it verified (it may change mid-call).
  const business = state.session ? t(`verify.business.types.${state.session.businessType}`) : '';
  return (
    <header className="card__title verify-panel__title">
      <h2 id="verification-title" className="phone-card__heading">
        <Icon name="shield" />
        {t('workspace.verification.title')}
      </h2>
      <div className="verify-panel__tools">
        {verified && state.call && (
          <span
            className="verified-badge"
            data-testid="verified-badge"
            data-business={state.session?.businessType}
            role="status"
            aria-label={t('verify.verified.badgeLabel', { business })}
          >
            <Icon name="check" />
            {t('verify.verified.badge', { business })}
          </span>
        )}
        {state.call && state.call.answered && (
          <button
            type="button"
            className="button button--quiet button--small"
            data-testid="complaint-open"
            aria-label={t('verify.complaint.openLabel')}
            aria-haspopup="dialog"
            onClick={onComplaintOpen}
          >
            {t('verify.complaint.open')}
          </button>
        )}
      </div>
    </header>
  );
}
