// renderer/app/: the window before and around the signed-in shell. The footer is there on the
// sign-in screen and in the shell alike (Art. 12, 25): connectivity first, then version and host.
// It only shows what main reported (renderer/state/app-info.ts); it asks main for nothing.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../common/contract.js';
import { recordsHost } from '../state/app-info.js';

export interface AppFooterProps {
  info: AppInfo | null;
  infoFailed: boolean;
  /** The connectivity indicator: first, where the eye finds it; the version and host follow. */
  status?: ReactNode;
  /** The update notice and the diagnostics export (renderer/updates/), after the version. */
  updates?: ReactNode;
}

/**
 * The window's status bar: connectivity and the journal's backlog, then the version and records
 * service, for the agent reading them out to the IT service desk.
 */
export function AppFooter({ info, infoFailed, status, updates }: AppFooterProps) {
  const { t } = useTranslation();
  return (
    <footer className="app-footer" aria-label={t('footer.region')}>
      {status}
      <span className="app-footer__info">
        {info ? (
          <>
            <span data-testid="app-version">{t('footer.version', { version: info.version })}</span>
            <span className="app-footer__sep" aria-hidden="true">
              ·
            </span>
            <span data-testid="records-host">
              {t('footer.records', { host: recordsHost(info.recordsUrl) })}
            </span>
            {info.embeddedRecords && (
              <>
                <span className="app-footer__sep" aria-hidden="true">
                  ·
                </span>
                <span className="app-footer__demo" data-testid="records-embedded">
                  {t('footer.embedded')}
                </span>
              </>
            )}
          </>
        ) : infoFailed ? (
          <span>{t('footer.infoFailed')}</span>
        ) : null}
      </span>
      {updates}
    </footer>
  );
}
