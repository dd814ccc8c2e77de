// Entry point (scripts/build.mjs → dist/renderer/app.js). The host has defined `window.agentDesk`
// before this runs; renderer/platform is the only code that reads it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App.js';
import { CrashBoundary } from './app/CrashBoundary.js';
import { NoHostScreen } from './app/NoHostScreen.js';
import { createConnectivityController } from './connectivity/controller.js';
import { createUpdatesController, pageSaveFile } from './updates/controller.js';
import { createI18n } from './i18n/index.js';
import { alarmWindowElection, browserAlarm } from './lead/alerts/alarm.js';
import { createAlertsController } from './lead/alerts/controller.js';
import { createApprovalsController } from './lead/approvals.js';
import { createCallbackQueueController } from './lead/callback-queue.js';
import { createFloorController } from './lead/floor/floor-controller.js';
import { createComplaintsController } from './lead/complaints/controller.js';
import { createReviewController } from './lead/review/controller.js';
import { createReportsController } from './lead/reports/controller.js';
import { pageReportsHost } from './lead/reports/page-host.js';
import { createLeadTrainingController } from './lead/training/controller.js';
import { createDevicesController } from './lead/devices/controller.js';
import { createPhone } from './phone/engine.js';
import { AgentDeskProvider, getAgentDesk } from './platform/agent-desk.js';
import { createDesk, type Desk } from './softphone/desk.js';
import { takeDialParam } from './softphone/dial-link.js';
import { browserNotifier } from './softphone/notifications.js';
import { initialViewFrom } from './shell/initial-view.js';
import { createAppController } from './state/app-controller.js';
import { createVerificationController } from './verification/controller.js';
import { captionOf, detailsStated } from '../common/training-prompts.js';
import { createRunner } from '../common/training-runner.js';
import { createTrainingController } from './training/controller.js';
import { createOutageDrill, drilledConnectivity } from './training/drill.js';
import './styles/app.css';
import './styles/lead-console.css';
import './styles/lead-floor.css';
import './styles/lead-alerts.css';
import './styles/lead-complaints.css';
import './styles/lead-review.css';
import './styles/lead-reports.css';
import './styles/lead-callbacks.css';
import './styles/survey.css';
import './styles/training.css';
import './styles/updates.css';
import './styles/devices.css';

const i18n = createI18n();
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);
const api = getAgentDesk();

if (!api) {
  root.render(<NoHostScreen i18n={i18n} />);
} else {
  let desk: Desk | null = null;
  const controller = createAppController(api, {
    onLanguage: (language) => {
      void i18n.changeLanguage(language);
      document.documentElement.lang = language;
    },
    // The phone stops (and reports a call it ends) before main forgets who is signed in.
    beforeSignOut: () => desk?.beforeSignOut() ?? Promise.resolve(),
  });
  desk = createDesk({
    api,
    createPhone,
    session: controller.stores.session,
    notifier: browserNotifier(window),
    notificationText: (digits) => ({
      title: i18n.t('softphone.notification.title'),
      body: digits
        ? i18n.t('softphone.notification.body', { digits })
        : i18n.t('softphone.notification.bodyNoNumber'),
    }),
    keys: document,
    hasFocus: () => document.hasFocus(),
  });
  const connectivity = createConnectivityController({ api, page: window });
  const updates = createUpdatesController({ api, save: pageSaveFile, phone: desk });
  // A training scenario's outage drill (Art. 12) shows the panel the records service down.
  const drill = createOutageDrill();
  const verification = createVerificationController({
    api,
    phone: desk.phone,
    attachSecureEntry: (consumer) => desk?.attachSecureEntry(consumer) ?? null,
    session: controller.stores.session,
    connectivity: drilledConnectivity(connectivity.store, drill),
  });
  // Art. 9: the training line — simulated customers on the same phone, panel and journal.
  const training = createTrainingController({
    api,
    phone: desk.phone,
    verification: verification.store,
    session: controller.stores.session,
    createRunner,
    captionOf,
    detailsStated,
    submitBasic: (mobile, nationalId) => verification.submitBasic(mobile, nationalId),
    drill,
    language: () => (i18n.language === 'en' ? 'en' : 'zh-CN'),
  });
  // One window of several (desk + console window, or two tabs) sounds a new alert.
  const alarmLeader = alarmWindowElection(navigator.locks);
  const approvals = createApprovalsController({ api, session: controller.stores.session });
  const callbacks = createCallbackQueueController({
    api,
    session: controller.stores.session,
    alarm: browserAlarm(window, alarmLeader),
    notificationText: (count) => ({
      title: i18n.t('lead.callbacks.notification.title'),
      body: i18n.t('lead.callbacks.notification.body', { count }),
    }),
    focus: () => window.focus(),
  });
  const floor = createFloorController({ api, session: controller.stores.session });
  const alerts = createAlertsController({
    api,
    session: controller.stores.session,
    alarm: browserAlarm(window, alarmLeader),
    notificationText: (alert) => ({
      title: i18n.t('lead.alerts.notification.title', {
        kind: i18n.t(`lead.alerts.kind.${alert.kind}`, { defaultValue: alert.kind } as never),
      }),
      body: i18n.t('lead.alerts.notification.body'),
    }),
    title: { get: () => document.title, set: (title) => (document.title = title) },
    focus: () => window.focus(),
  });
  const complaints = createComplaintsController({ api, session: controller.stores.session });
  const review = createReviewController({ api, session: controller.stores.session });
  const reports = createReportsController({
    api,
    session: controller.stores.session,
    host: pageReportsHost(() => controller.stores.appInfo.getState().info?.host ?? 'web'),
  });
  const leadTraining = createLeadTrainingController({ api, session: controller.stores.session });
  const devices = createDevicesController({ api, session: controller.stores.session });
  // Started here, once for the window's life, not in an effect (StrictMode would start them twice).
  // A console window (`?view=console`, a lead's second monitor) is the console only: the phone and
  // the panel run in the desk's window, never twice (one SIP registration per desk).
  const initialView = initialViewFrom(location.search);
  const consoleOnly = initialView === 'console';
  controller.start();
  connectivity.start();
  updates.start();
  if (!consoleOnly) {
    desk.start();
    verification.start();
    training.start();
  }
  approvals.start();
  callbacks.start();
  floor.start();
  alerts.start();
  complaints.start();
  review.start();
  reports.start();
  leadTraining.start();
  devices.start();
  const dialFromUrl = consoleOnly ? null : takeDialParam(location, history);
  if (dialFromUrl) desk.requestDial(dialFromUrl);
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <CrashBoundary>
          <AgentDeskProvider api={api}>
            <App
              controller={controller}
              {...(consoleOnly ? {} : { desk, verification, training })}
              lead={{
                approvals,
                callbacks,
                floor,
                alerts,
                complaints,
                review,
                reports,
                training: leadTraining,
                devices,
              }}
              connectivity={connectivity}
              updates={updates}
              initialView={initialView}
            />
          </AgentDeskProvider>
        </CrashBoundary>
      </I18nextProvider>
    </StrictMode>,
  );
}
