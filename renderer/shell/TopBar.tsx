// renderer/shell/: the signed-in frame. The top bar: who is signed in and at which tier (Art. 10),
// the language, and sign-out — held back while a call is live, so signing out never drops one.
import { useTranslation } from 'react-i18next';
import type { AgentProfile } from '../../common/domain.js';
import { tierKey } from '../i18n/index.js';
import { BrandMark } from '../components/BrandMark.js';
import { Icon } from '../components/Icon.js';
import { LanguageSelect, type LanguageSelectProps } from '../components/LanguageSelect.js';
import type { ShellView } from './Shell.js';

export interface TopBarProps {
  agent: AgentProfile;
  demo: boolean;
  signingOut: boolean;
  /** On a call: signing out would drop it, so the button waits. */
  signOutBlocked?: boolean;
  language: LanguageSelectProps;
  onSignOut: () => void;
  /**
   * A lead's switch between the own desk and the console; absent for other tiers. `openNewWindow`
   * opens the console in a tab of its own (the web host; Electron has its Window menu).
   */
  view?: { shown: ShellView; onChange: (view: ShellView) => void; openNewWindow?: () => void };
}

export function TopBar({
  agent,
  demo,
  signingOut,
  signOutBlocked = false,
  language,
  onSignOut,
  view,
}: TopBarProps) {
  const { t } = useTranslation();
  const tier = t(tierKey(agent.tier));
  return (
    <header className="top-bar">
      <div className="top-bar__start">
        <BrandMark />
        {demo && (
          <span className="pill pill--demo" title={t('app.demoBadgeHint')}>
            {t('app.demoBadge')}
          </span>
        )}
        {view && <ViewSwitch {...view} />}
      </div>
      <div className="top-bar__end">
        <section className="agent-chip" aria-label={t('shell.agentRegion')}>
          <span className="agent-chip__avatar" aria-hidden="true">
            {initial(agent.name)}
          </span>
          <span
            className="agent-chip__name"
            data-testid="agent-name"
            title={`${agent.name} (${agent.username})`}
          >
            {agent.name}
          </span>
          <span
            className={`pill pill--tier pill--tier-${agent.tier}`}
            data-testid="agent-tier"
            data-tier={agent.tier}
            title={t('shell.tierLabel', { tier })}
          >
            {tier}
          </span>
        </section>
        <span className="top-bar__divider" aria-hidden="true" />
        <LanguageSelect {...language} />
        <span className="top-bar__divider" aria-hidden="true" />
        <span title={signOutBlocked ? t('shell.signOutOnCall') : undefined}>
          <button
            type="button"
            className="button button--quiet"
            data-testid="sign-out"
            onClick={onSignOut}
            disabled={signingOut || signOutBlocked}
            aria-busy={signingOut}
            aria-describedby={signOutBlocked ? 'sign-out-on-call' : undefined}
          >
            <Icon name="sign-out" />
            {signingOut ? t('shell.signingOut') : t('shell.signOut')}
          </button>
          {signOutBlocked && (
            <span id="sign-out-on-call" className="visually-hidden">
              {t('shell.signOutOnCall')}
            </span>
          )}
        </span>
      </div>
    </header>
  );
}

/** The lead's two views: the own desk (phone and panel) and the console. */
function ViewSwitch({ shown, onChange, openNewWindow }: NonNullable<TopBarProps['view']>) {
  const { t } = useTranslation();
  return (
    <div className="view-switch" role="group" aria-label={t('lead.view.label')}>
      {(['desk', 'console'] as const).map((v) => (
        <button
          key={v}
          type="button"
          className="view-switch__button"
          aria-pressed={shown === v}
          title={t(v === 'desk' ? 'lead.view.deskHint' : 'lead.view.consoleHint')}
          data-testid="view-switch"
          data-view={v}
          onClick={() => onChange(v)}
        >
          {t(v === 'desk' ? 'lead.view.desk' : 'lead.view.console')}
        </button>
      ))}
      {openNewWindow && (
        <button
          type="button"
          className="view-switch__button view-switch__button--icon"
          aria-label={t('lead.view.newWindow')}
          title={t('lead.view.newWindow')}
          data-testid="console-new-window"
          onClick={openNewWindow}
        >
          <Icon name="new-window" />
        </button>
      )}
    </div>
  );
}

/** First character of the name for the avatar: a surname in Chinese, a first initial in English. */
const initial = (name: string): string => Array.from(name.trim())[0]?.toUpperCase() ?? '?';
