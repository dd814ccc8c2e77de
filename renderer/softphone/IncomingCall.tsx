import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import type { ActiveCall } from '../phone/types.js';
import { CallerId } from './CallerId.js';

export interface IncomingCallProps {
  call: ActiveCall;
  answerShortcut: string;
  rejectShortcut: string;
  onAnswer: () => void;
  onReject: () => void;
}

/** A ringing call: who it is, and the two choices, large. Announced to screen readers at once. */
export function IncomingCall({
  call,
  answerShortcut,
  rejectShortcut,
  onAnswer,
  onReject,
}: IncomingCallProps) {
  const { t } = useTranslation();
  const caller =
    [call.remote.displayName, call.remote.number].filter(Boolean).join(' ') ||
    t('softphone.incoming.unknownCaller');
  return (
    <section
      className="incoming-call"
      data-testid="incoming-call"
      aria-labelledby="incoming-call-title"
    >
      <p className="visually-hidden" role="alert">
        {t('softphone.incoming.announce', { caller })}
      </p>
      <header className="incoming-call__header">
        <span className="incoming-call__ring" aria-hidden="true">
          <Icon name="phone" />
        </span>
        <h3 id="incoming-call-title" className="incoming-call__title">
          {t('softphone.incoming.title')}
        </h3>
        <span className="call-state-pill" data-testid="call-state" data-phase={call.phase}>
          {t(`softphone.call.phase.${call.phase}`)}
        </span>
      </header>
      <CallerId remote={call.remote} />
      <div className="incoming-call__actions">
        <button
          type="button"
          className="button button--reject"
          data-testid="reject"
          onClick={onReject}
          aria-keyshortcuts={ariaKeys(rejectShortcut)}
        >
          <span className="button__main">
            <Icon name="hangup" />
            {t('softphone.incoming.reject')}
          </span>
          {rejectShortcut && <kbd>{rejectShortcut}</kbd>}
        </button>
        <button
          type="button"
          className="button button--answer"
          data-testid="answer"
          onClick={onAnswer}
          aria-keyshortcuts={ariaKeys(answerShortcut)}
        >
          <span className="button__main">
            <Icon name="phone" />
            {t('softphone.incoming.answer')}
          </span>
          {answerShortcut && <kbd>{answerShortcut}</kbd>}
        </button>
      </div>
    </section>
  );
}

/** `Ctrl+Shift+A` → `Control+Shift+A` (the aria-keyshortcuts spelling); undefined for none. */
export const ariaKeys = (shortcut: string): string | undefined =>
  shortcut ? shortcut.replace(/\bCtrl\b/, 'Control') : undefined;
