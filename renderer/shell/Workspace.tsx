// renderer/shell/: the signed-in frame. The workspace: the softphone column and the verification
// column side by side; a column not given (tests of the shell alone) shows an honest idle state,
// never a pretend control.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';

/**
 * The work area: the softphone on the left, the verification panel on the right. Where
 * either is not given (tests of the shell alone) the agent sees an honest idle state instead.
 */
export function Workspace({
  softphone,
  verification,
}: {
  softphone?: ReactNode;
  verification?: ReactNode;
}) {
  return (
    <div className="workspace">
      {softphone ?? <SoftphonePlaceholder />}
      {verification ?? <VerificationPlaceholder />}
    </div>
  );
}

function VerificationPlaceholder() {
  const { t } = useTranslation();
  return (
    <section
      className="card card--verification"
      aria-labelledby="verification-title"
      data-testid="verification-panel"
    >
      <h2 id="verification-title" className="card__title">
        <Icon name="shield" />
        {t('workspace.verification.title')}
      </h2>
      <div className="empty-state">
        <span className="empty-state__badge" aria-hidden="true">
          <Icon name="shield" />
        </span>
        <p className="empty-state__title">{t('workspace.verification.emptyTitle')}</p>
        <p className="empty-state__body">{t('workspace.verification.emptyBody')}</p>
      </div>
    </section>
  );
}

function SoftphonePlaceholder() {
  const { t } = useTranslation();
  return (
    <section
      className="card card--softphone"
      aria-labelledby="softphone-title"
      data-testid="softphone-panel"
    >
      <h2 id="softphone-title" className="card__title">
        <Icon name="phone" />
        {t('workspace.softphone.title')}
      </h2>
      <div className="empty-state">
        <span className="empty-state__badge empty-state__badge--idle" aria-hidden="true">
          <Icon name="headset" />
        </span>
        <p className="empty-state__title">{t('workspace.softphone.readyTitle')}</p>
        <p className="empty-state__body">{t('workspace.softphone.readyBody')}</p>
      </div>
    </section>
  );
}
