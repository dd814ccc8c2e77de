// renderer/shell/: the signed-in frame. The right-hand column: the identity check, and for a lead
// (a tier that approves, TIER_POLICY) the rooms of renderer/lead/ in tabs beside it (Art. 10, 12).
// The check stays mounted behind the tabs, so switching never loses a call's check.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalsController } from '../lead/approvals.js';
import { ApprovalsInbox } from '../lead/ApprovalsInbox.js';
import type { CallbackQueueController } from '../lead/callback-queue.js';
import { CallbackQueue } from '../lead/CallbackQueue.js';
import { useStore } from '../state/use-store.js';
import type { VerificationController } from '../verification/controller.js';
import { VerificationPanel } from '../verification/VerificationPanel.js';

type Tab = 'verify' | 'inbox' | 'callbacks';

/** One tab of the column; `tab-<name>` labels its `tabpanel-<name>`. */
function TabButton({
  tab,
  shown,
  testId,
  count,
  onSelect,
  children,
}: {
  tab: Tab;
  shown: Tab;
  testId: string;
  count?: number;
  onSelect: (tab: Tab) => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${tab}`}
      aria-controls={`tabpanel-${tab}`}
      aria-selected={shown === tab}
      className="verify-tabs__tab"
      data-testid={testId}
      data-count={count}
      onClick={() => onSelect(tab)}
    >
      {children}
    </button>
  );
}

/**
 * The right-hand column: the identity check, and for a lead the team-lead console beside
 * it — the approvals inbox (Art. 10) and the call-back queue (Art. 12), each in a tab of its own so
 * neither pushes the other down the column. The panel stays mounted behind them, so a call's check
 * is never lost by switching; each tab shows how many items wait.
 */
export function VerificationColumn({
  controller,
  approvals,
  callbacks,
}: {
  controller: VerificationController;
  approvals: ApprovalsController;
  callbacks: CallbackQueueController;
}) {
  const { t, i18n } = useTranslation();
  const inbox = useStore(approvals.store);
  const queue = useStore(callbacks.store);
  const [tab, setTab] = useState<Tab>('verify');
  const formatTime = (at: string) =>
    new Date(at).toLocaleString(i18n.language, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
  if (!inbox.enabled && !queue.enabled) return <VerificationPanel controller={controller} />;
  // A tab whose room closed (the tier changed) falls back to the check.
  const shown: Tab =
    (tab === 'inbox' && !inbox.enabled) || (tab === 'callbacks' && !queue.enabled) ? 'verify' : tab;
  const count = inbox.approvals.length;
  const open = queue.callbacks.length;
  return (
    <div className="verify-column">
      <div className="verify-tabs" role="tablist" aria-label={t('verify.approvals.tabsLabel')}>
        <TabButton tab="verify" shown={shown} testId="tab-verify" onSelect={setTab}>
          {t('verify.approvals.tabVerify')}
        </TabButton>
        {inbox.enabled && (
          <TabButton
            tab="inbox"
            shown={shown}
            testId="approvals-tab"
            count={count}
            onSelect={setTab}
          >
            {count > 0
              ? t('verify.approvals.tabInboxCount', { count })
              : t('verify.approvals.tabInbox')}
          </TabButton>
        )}
        {queue.enabled && (
          <TabButton
            tab="callbacks"
            shown={shown}
            testId="callbacks-tab"
            count={open}
            onSelect={setTab}
          >
            {open > 0 ? t('verify.callbacks.tabCount', { count: open }) : t('verify.callbacks.tab')}
          </TabButton>
        )}
      </div>
      <div
        id="tabpanel-verify"
        role="tabpanel"
        aria-labelledby="tab-verify"
        className="verify-column__panel"
        hidden={shown !== 'verify'}
      >
        <VerificationPanel controller={controller} />
      </div>
      {inbox.enabled && (
        <div
          id="tabpanel-inbox"
          role="tabpanel"
          aria-labelledby="tab-inbox"
          className="verify-column__panel"
          hidden={shown !== 'inbox'}
        >
          <ApprovalsInbox
            state={inbox}
            formatTime={formatTime}
            onRefresh={() => void approvals.refresh()}
            onDecide={approvals.decide}
          />
        </div>
      )}
      {queue.enabled && (
        <div
          id="tabpanel-callbacks"
          role="tabpanel"
          aria-labelledby="tab-callbacks"
          className="verify-column__panel"
          hidden={shown !== 'callbacks'}
        >
          <CallbackQueue
            state={queue}
            formatTime={formatTime}
            onRefresh={() => void callbacks.refresh()}
            onClose={callbacks.close}
          />
        </div>
      )}
    </div>
  );
}
