import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';

/**
 * Shown once per workstation before the phone first asks for the microphone: why
 * the desk needs it, what it does not do with it, and what the browser or OS is about to ask.
 */
export function MicrophoneExplainer({
  busy,
  onContinue,
}: {
  busy: boolean;
  onContinue: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section
      className="mic-explainer"
      aria-labelledby="mic-explainer-title"
      data-testid="microphone-explainer"
    >
      <span className="empty-state__badge empty-state__badge--idle" aria-hidden="true">
        <Icon name="mic" />
      </span>
      <h3 id="mic-explainer-title" className="mic-explainer__title">
        {t('softphone.microphone.title')}
      </h3>
      <p>{t('softphone.microphone.body')}</p>
      <p>{t('softphone.microphone.privacy')}</p>
      <p className="mic-explainer__prompt">{t('softphone.microphone.prompt')}</p>
      <button
        type="button"
        className="button button--primary button--block"
        data-testid="microphone-continue"
        disabled={busy}
        onClick={onContinue}
      >
        {t('softphone.microphone.continue')}
      </button>
    </section>
  );
}
