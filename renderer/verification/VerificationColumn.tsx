import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../state/use-store.js';
import type { ApprovalsController } from './approvals.js';
import { ApprovalsInbox } from './ApprovalsInbox.js';
import type { VerificationController } from './controller.js';
import { VerificationPanel } from './VerificationPanel.js';

/**
 * The right-hand column: the identity check, and for a lead or admin a second tab with the
 * approvals inbox (Art. 10). The panel stays mounted behind the inbox, so a call's check is never
 * lost by switching; the tab shows how many approvals wait.
 */
export function VerificationColumn({ controller, approvals }: { controller: VerificationController; approvals: ApprovalsController }) {
  const { t, i18n } = useTranslation();
  const inbox = useStore(approvals.store);
  const [tab, setTab] = useState<'verify' | 'inbox'>('verify');
  const formatTime = (at: string) => new Date(at).toLocaleString(i18n.language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  if (!inbox.enabled) return <VerificationPanel controller={controller} />;
  const shown = tab;
  const count = inbox.approvals.length;
  return (
    <div className="verify-column">
      <div className="verify-tabs" role="tablist" aria-label={t('verify.approvals.tabsLabel')}>
        <button
          type="button"
          role="tab"
          id="tab-verify"
          aria-controls="tabpanel-verify"
          aria-selected={shown === 'verify'}
          className="verify-tabs__tab"
          data-testid="tab-verify"
          onClick={() => setTab('verify')}
        >
          {t('verify.approvals.tabVerify')}
        </button>
        <button
          type="button"
          role="tab"
          id="tab-inbox"
          aria-controls="tabpanel-inbox"
          aria-selected={shown === 'inbox'}
          className="verify-tabs__tab"
          data-testid="approvals-tab"
          data-count={count}
          onClick={() => setTab('inbox')}
        >
          {count > 0 ? t('verify.approvals.tabInboxCount', { count }) : t('verify.approvals.tabInbox')}
        </button>
      </div>
      <div id="tabpanel-verify" role="tabpanel" aria-labelledby="tab-verify" className="verify-column__panel" hidden={shown !== 'verify'}>
        <VerificationPanel controller={controller} />
      </div>
      <div id="tabpanel-inbox" role="tabpanel" aria-labelledby="tab-inbox" className="verify-column__panel" hidden={shown !== 'inbox'}>
        <ApprovalsInbox state={inbox} formatTime={formatTime} onRefresh={() => void approvals.refresh()} onDecide={approvals.decide} />
      </div>
    </div>
  );
}
