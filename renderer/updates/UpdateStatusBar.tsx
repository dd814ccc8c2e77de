// In the status bar: "update ready — restart when idle" once a new version is downloaded, with a
// restart button enabled only while main's gate is open (no call, journal safe, no training
// assessment); and the diagnostics export for IT. Props only; the controller does the talking.
import { useTranslation } from 'react-i18next';
import { errorKey } from '../i18n/index.js';
import type { UpdatesState } from './controller.js';

export interface UpdateStatusBarProps {
  state: UpdatesState;
  onRestart: () => void;
  onExportDiagnostics: () => void;
  onDismiss: () => void;
}

export function UpdateStatusBar({
  state,
  onRestart,
  onExportDiagnostics,
  onDismiss,
}: UpdateStatusBarProps) {
  const { t } = useTranslation();
  const status = state.status;
  const ready = status?.state === 'ready';
  const blocker = status?.blockers[0];
  return (
    <span className="update-status" data-testid="update-status" data-state={status?.state}>
      {ready && (
        <>
          <span className="update-status__ready" role="status" data-testid="update-ready">
            {t('update.ready', { version: status.version ?? '' })}
          </span>
          <button
            type="button"
            className="update-status__restart"
            data-testid="update-restart"
            disabled={!status.mayInstall}
            title={
              status.mayInstall
                ? t('update.restartNow')
                : t(`update.blocked.${blocker ?? 'call-up'}`)
            }
            onClick={onRestart}
          >
            {t('update.restart')}
          </button>
          {!status.mayInstall && blocker && (
            <span className="update-status__why" data-testid="update-blocked">
              {t(`update.blocked.${blocker}`)}
            </span>
          )}
        </>
      )}
      <button
        type="button"
        className="update-status__diagnostics"
        data-testid="export-diagnostics"
        disabled={state.exporting}
        onClick={onExportDiagnostics}
      >
        {t('diagnostics.export')}
      </button>
      {state.problem && (
        <span className="update-status__problem" role="alert" data-testid="update-problem">
          {t(`${state.problem.action === 'restart' ? 'update' : 'diagnostics'}.failed`, {
            reason: t(errorKey(state.problem.code)),
          })}
          <button type="button" onClick={onDismiss} aria-label={t('update.dismiss')}>
            ×
          </button>
        </span>
      )}
    </span>
  );
}
