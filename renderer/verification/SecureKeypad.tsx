import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import type { KeypadView } from './state.js';

export interface SecureKeypadProps {
  keypad: KeypadView | null;
  /** Starting is possible now (the step is open, nothing in flight). */
  canStart: boolean;
  onStart: () => void;
  onStop: () => void;
}

/**
 * The customer's keypad entry (Art. 6, 7): one dot per digit received, never a digit — the digits
 * are in the keypad buffer's closure (keypad-buffer.ts), not in any state this component sees.
 */
export function SecureKeypad({ keypad, canStart, onStart, onStop }: SecureKeypadProps) {
  const { t } = useTranslation();
  const active = keypad !== null;
  const count = keypad?.count ?? 0;
  const state = !keypad ? 'idle' : keypad.submitting ? 'submitting' : 'listening';
  return (
    <div
      className={`secure-entry${active ? ' is-active' : ''}`}
      data-testid="secure-entry"
      data-state={state}
      data-count={count}
    >
      <div className="secure-entry__head">
        <p className="secure-entry__title">
          <Icon name="lock" />
          {t('verify.keypad.title')}
        </p>
        {active ? (
          <button
            type="button"
            className="button button--quiet button--small"
            data-testid="secure-entry-stop"
            aria-label={t('verify.keypad.stopLabel')}
            onClick={onStop}
          >
            {t('verify.keypad.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary button--small"
            data-testid="secure-entry-start"
            aria-label={t('verify.keypad.startLabel')}
            disabled={!canStart}
            onClick={onStart}
          >
            {t('verify.keypad.start')}
          </button>
        )}
      </div>
      {active ? (
        <>
          <p className="secure-entry__count" role="status" aria-live="polite">
            {count > 0 && (
              <span className="secure-entry__dots" aria-hidden="true">
                {'●'.repeat(Math.min(count, 32))}
              </span>
            )}
            {keypad.submitting
              ? t('verify.keypad.submitting')
              : count === 0
                ? t('verify.keypad.waiting')
                : t('verify.keypad.count', { count })}
          </p>
          {keypad.short && (
            <p className="field-problem" role="alert">
              {t('verify.keypad.short')}
            </p>
          )}
          <p className="field-hint">{t('verify.keypad.help')}</p>
        </>
      ) : (
        <p className="field-hint">{t('verify.keypad.idle')}</p>
      )}
    </div>
  );
}
