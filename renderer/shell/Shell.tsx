// renderer/shell/: the signed-in frame — top bar, banners, and the workspace with its columns. It
// arranges what the domains (softphone/, verification/, lead/) render and holds no state of its
// own; the screen before sign-in is renderer/app/'s.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentProfile } from '../../common/domain.js';
import type { LanguageSelectProps } from '../components/LanguageSelect.js';
import { TopBar } from './TopBar.js';
import { Workspace } from './Workspace.js';

export interface ShellProps {
  agent: AgentProfile;
  demo: boolean;
  signingOut: boolean;
  language: LanguageSelectProps;
  onSignOut: () => void;
  /** Banners (notices, problems) shown between the top bar and the work area. */
  banners: ReactNode;
  /** The softphone column; a placeholder when absent. */
  softphone?: ReactNode;
  /**
   * The identity-check column (and a lead's approvals inbox and call-back queue); a placeholder
   * when absent.
   */
  verification?: ReactNode;
  /** A call is ringing or live: signing out would drop it. */
  signOutBlocked?: boolean;
}

/** The signed-in window: top bar, news, and the work area. */
export function Shell({
  agent,
  demo,
  signingOut,
  language,
  onSignOut,
  banners,
  softphone,
  verification,
  signOutBlocked = false,
}: ShellProps) {
  const { t } = useTranslation();
  return (
    <>
      <TopBar
        agent={agent}
        demo={demo}
        signingOut={signingOut}
        signOutBlocked={signOutBlocked}
        language={language}
        onSignOut={onSignOut}
      />
      {banners}
      <main className="shell-main" aria-label={t('shell.workspace')}>
        <Workspace softphone={softphone} verification={verification} />
      </main>
    </>
  );
}
