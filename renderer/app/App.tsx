// renderer/app/: starting the window and choosing its screen — loading, sign-in or the signed-in
// shell — and what stands around every screen whatever the session (the footer, main's notices, a
// crash). App reads the stores and hands each screen plain props; it never calls the host itself:
// controllers do (renderer/state/, renderer/platform/).
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner.js';
import type { ConnectivityController } from '../connectivity/controller.js';
import { ConnectivityIndicator } from '../connectivity/ConnectivityIndicator.js';
import { initialConnectivity } from '../connectivity/state.js';
import { LanguageSelect, type LanguageSelectProps } from '../components/LanguageSelect.js';
import { errorKey } from '../i18n/index.js';
import { LeadRooms, type LeadControllers } from '../lead/console/LeadRooms.js';
import { Shell, type ShellView } from '../shell/Shell.js';
import { consoleViewUrl } from '../shell/initial-view.js';
import { SignInScreen } from '../sign-in/SignInScreen.js';
import type { Desk } from '../softphone/desk.js';
import { Softphone } from '../softphone/Softphone.js';
import { visibleNotices } from '../state/app-info.js';
import type { AppController } from '../state/app-controller.js';
import { shownLanguage } from '../state/settings.js';
import { useStore } from '../state/use-store.js';
import type { VerificationController } from '../verification/controller.js';
import { VerificationPanel } from '../verification/VerificationPanel.js';
import type { TrainingController } from '../training/controller.js';
import { initialTraining, trainingActive } from '../training/state.js';
import { TrainingBanner } from '../training/TrainingBanner.js';
import { courseOf } from '../training/view.js';
import { AppFooter } from './AppFooter.js';
import type { UpdatesController } from '../updates/controller.js';
import { UpdateStatusBar } from '../updates/UpdateStatusBar.js';
import { LoadingScreen } from './LoadingScreen.js';
import { NoticeBanners } from './NoticeBanners.js';

const NO_CALL = { getState: () => false, subscribe: () => () => {}, dispatch: () => {} };
const NO_CONNECTIVITY = {
  getState: () => initialConnectivity,
  subscribe: () => () => {},
  dispatch: () => {},
};
const NO_TRAINING = {
  getState: () => initialTraining,
  subscribe: () => () => {},
  dispatch: () => {},
};
const NO_CONSOLE = {
  getState: () => ({ enabled: false }),
  subscribe: () => () => {},
  dispatch: () => {},
};

/** `lastSyncedAt` as a time of day, for the footer's connectivity indicator. */
const timeOfDay = (language: string) => (at: string) =>
  new Date(at).toLocaleTimeString(language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

/** Chooses the screen from the stores; every child takes plain props. */
export interface AppProps {
  controller: AppController;
  desk?: Desk;
  verification?: VerificationController;
  /** A lead's console (renderer/lead/): offered only while a tier that approves is signed in. */
  lead?: LeadControllers;
  connectivity?: ConnectivityController;
  /** The view the signed-in frame starts in (renderer/shell/initial-view.ts). */
  initialView?: ShellView;
  /** The training line (renderer/training/), with the desk. */
  training?: TrainingController;
  /** The desk's update and the diagnostics export (renderer/updates/). */
  updates?: UpdatesController;
}

/** The footer's update notice and diagnostics export, following the updates store. */
function UpdatesSlot({ updates }: { updates: UpdatesController }) {
  const state = useStore(updates.store);
  return (
    <UpdateStatusBar
      state={state}
      onRestart={() => void updates.restart()}
      onExportDiagnostics={() => void updates.exportDiagnostics()}
      onDismiss={updates.dismiss}
    />
  );
}

export function App({
  controller,
  desk,
  verification,
  lead,
  connectivity,
  initialView,
  training,
  updates,
}: AppProps) {
  const { t, i18n } = useTranslation();
  const session = useStore(controller.stores.session);
  const callLive = useStore(desk?.callLive ?? NO_CALL);
  const settings = useStore(controller.stores.settings);
  const appInfo = useStore(controller.stores.appInfo);
  const links = useStore(connectivity?.store ?? NO_CONNECTIVITY);
  // The console exists while a tier that approves is signed in (the approvals store follows it).
  const consoleEnabled = useStore(lead?.approvals.store ?? NO_CONSOLE).enabled;
  const trainingState = useStore(training?.store ?? NO_TRAINING);
  // Art. 9: never confused with a live call — the window takes the training accent meanwhile.
  const inTraining = trainingActive(trainingState) || trainingState.paused !== null;

  useEffect(() => {
    document.title = t('app.windowTitle');
  }, [t]);

  // The footer, with the window's status bar: there before and after sign-in (Art. 12, 25). It
  // follows its own stores: memoised, so a ringing call (callLive) does not re-render it in the
  // INVITE's first frame.
  const footer = useMemo(
    () => (
      <AppFooter
        info={appInfo.info}
        infoFailed={appInfo.problem !== null}
        status={
          connectivity && (
            <ConnectivityIndicator state={links} formatTime={timeOfDay(i18n.language)} />
          )
        }
        updates={updates && <UpdatesSlot updates={updates} />}
      />
    ),
    [appInfo.info, appInfo.problem, connectivity, links, i18n.language, updates],
  );

  if (session.status === 'unknown' || !settings.loaded) {
    return <LoadingScreen />;
  }

  const language: LanguageSelectProps = {
    value: shownLanguage(settings),
    locked: settings.languageLocked,
    busy: settings.pendingLanguage !== null,
    onChange: (next) => void controller.setLanguage(next),
  };

  const banners = (
    <div className="banner-stack">
      <NoticeBanners notices={visibleNotices(appInfo)} onDismiss={controller.dismissNotice} />
      {settings.problem && (
        <Banner
          level={settings.problem.action === 'load' ? 'warning' : 'error'}
          onDismiss={controller.dismissSettingsProblem}
          testId="settings-problem"
        >
          {t(settings.problem.action === 'load' ? 'language.loadFailed' : 'language.changeFailed', {
            reason: t(errorKey(settings.problem.code)),
          })}
        </Banner>
      )}
      {session.status === 'signed-in' && session.problem && (
        <Banner
          level="error"
          onDismiss={controller.dismissSessionProblem}
          testId="sign-out-problem"
        >
          {t('shell.signOutFailed', { reason: t(errorKey(session.problem)) })}
        </Banner>
      )}
      {training && session.status === 'signed-in' && (
        <TrainingBanner
          state={trainingState}
          onSay={training.say}
          onEnterStated={training.enterStated}
          onHangup={training.hangup}
          onRestart={(scenarioId) => {
            const course = trainingState.catalog && courseOf(trainingState.catalog, scenarioId);
            void training.startScenario(scenarioId, course?.id ?? null);
          }}
          onRestartPaused={() => void training.restartPaused()}
          lineBusy={callLive}
          onDismissPause={training.dismissPause}
          onCloseReport={training.closeReport}
          onDismissProblem={training.dismissProblem}
        />
      )}
    </div>
  );

  return (
    <div
      className={
        session.status === 'signed-in'
          ? `app app--shell${inTraining ? ' app--training' : ''}`
          : 'app app--sign-in'
      }
    >
      {session.status === 'signed-in' ? (
        <Shell
          agent={session.agent}
          demo={appInfo.info?.embeddedRecords ?? false}
          signingOut={session.signingOut}
          language={language}
          onSignOut={() => void controller.signOut()}
          banners={banners}
          softphone={desk ? <Softphone desk={desk} training={training} /> : undefined}
          verification={verification ? <VerificationPanel controller={verification} /> : undefined}
          console={lead && consoleEnabled ? <LeadRooms lead={lead} /> : undefined}
          signOutBlocked={callLive}
          {...(initialView ? { initialView } : {})}
          consoleOnly={initialView === 'console' && !desk}
          {...(appInfo.info?.host === 'web' && initialView !== 'console'
            ? {
                openConsoleWindow: () =>
                  window.open(consoleViewUrl(location.href), '_blank', 'noopener'),
              }
            : {})}
        />
      ) : (
        <>
          <div className="sign-in-bar">
            <LanguageSelect {...language} />
          </div>
          {banners}
          <SignInScreen
            form={session.form}
            demo={appInfo.info?.embeddedRecords ?? false}
            onSubmit={(username, password) => void controller.signIn(username, password)}
          />
        </>
      )}
      {footer}
    </div>
  );
}
