// renderer/app/: the window before and around the signed-in shell. The screen for a page opened
// without a host (no `window.agentDesk`): it must not try to reach main, and reads no settings.
import type { i18n as I18n } from 'i18next';
import { FatalScreen } from './FatalScreen.js';
import { LANGUAGES } from '../../common/values.js';

/**
 * Shown when `window.agentDesk` is missing: the page was opened in a plain browser, not by the
 * Electron app or the web host. There are no settings to read the language from, so it says it in
 * every language we have, primary first.
 */
export function NoHostScreen({ i18n }: { i18n: I18n }) {
  const texts = LANGUAGES.map((language) => ({ language, t: i18n.getFixedT(language) }));
  return (
    <FatalScreen
      title={texts.map(({ language, t }, index) =>
        index === 0 ? (
          <h1 key={language} lang={language}>
            {t('fatal.noHost.title')}
          </h1>
        ) : (
          <p key={language} lang={language} className="fatal__title-alt">
            {t('fatal.noHost.title')}
          </p>
        ),
      )}
      body={texts.map(({ language, t }) => (
        <p key={language} lang={language}>
          {t('fatal.noHost.body')}
        </p>
      ))}
    />
  );
}
