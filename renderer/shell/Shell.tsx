// renderer/shell/: the signed-in frame — top bar, banners, and the workspace with its columns. It
// arranges what the domains (softphone/, verification/, lead/) render and holds no state of its
// own; the screen before sign-in is renderer/app/'s.
import { useState, type ReactNode } from 'react';
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
  /**
   * A lead's console (renderer/lead/console/): offered beside the desk by a switch in the top bar.
   * The desk stays mounted behind it, and a call coming in or going live brings the desk back.
   */
  console?: ReactNode;
  /** The view shown first (`?view=console`: renderer/shell/initial-view.ts); default the desk. */
  initialView?: ShellView;
  /** Opens the console in a window or tab of its own (a lead's second monitor). */
  openConsoleWindow?: () => void;
  /**
   * A window that is the console only (`?view=console`): the phone and the panel are in the desk's
   * window, so there is no desk to switch to.
   */
  consoleOnly?: boolean;
}

export type ShellView = 'desk' | 'console';

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
  console: leadConsole,
  initialView = 'desk',
  openConsoleWindow,
  consoleOnly = false,
}: ShellProps) {
  const { t } = useTranslation();
  const [view, setView] = useState<ShellView>(initialView);
  // A ringing or live call needs the phone and the panel: the desk comes to the front (adjusted
  // while rendering, React's pattern for state that follows a prop).
  const [callSeen, setCallSeen] = useState(signOutBlocked);
  if (callSeen !== signOutBlocked) {
    setCallSeen(signOutBlocked);
    if (signOutBlocked) setView('desk');
  }
  const shown: ShellView = leadConsole ? (consoleOnly ? 'console' : view) : 'desk';
  return (
    <>
      <TopBar
        agent={agent}
        demo={demo}
        signingOut={signingOut}
        signOutBlocked={signOutBlocked}
        language={language}
        onSignOut={onSignOut}
        view={
          leadConsole && !consoleOnly
            ? {
                shown,
                onChange: setView,
                ...(openConsoleWindow && { openNewWindow: openConsoleWindow }),
              }
            : undefined
        }
      />
      {banners}
      <main className="shell-main" aria-label={t('shell.workspace')}>
        {!(leadConsole && consoleOnly) && (
          <div className="shell-view" hidden={shown !== 'desk'} data-testid="desk-view">
            <Workspace softphone={softphone} verification={verification} />
          </div>
        )}
        {leadConsole && (
          <div className="shell-view" hidden={shown !== 'console'} data-testid="console-view">
            {leadConsole}
          </div>
        )}
      </main>
    </>
  );
}
