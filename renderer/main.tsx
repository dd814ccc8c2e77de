// Entry point (scripts/build.mjs → dist/renderer/app.js). The host has defined `window.agentDesk`
// before this runs; renderer/platform is the only code that reads it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App.js';
import { CrashBoundary } from './app/CrashBoundary.js';
import { NoHostScreen } from './app/NoHostScreen.js';
import { createI18n } from './i18n/index.js';
import { AgentDeskProvider, getAgentDesk } from './platform/agent-desk.js';
import { createAppController } from './state/app-controller.js';
import './styles/app.css';

const i18n = createI18n();
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);
const api = getAgentDesk();

if (!api) {
  root.render(<NoHostScreen i18n={i18n} />);
} else {
  const controller = createAppController(api, {
    onLanguage: (language) => {
      void i18n.changeLanguage(language);
      document.documentElement.lang = language;
    },
  });
  // Started here, once for the window's life, not in an effect (StrictMode would start it twice).
  controller.start();
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <CrashBoundary>
          <AgentDeskProvider api={api}>
            <App controller={controller} />
          </AgentDeskProvider>
        </CrashBoundary>
      </I18nextProvider>
    </StrictMode>,
  );
}
