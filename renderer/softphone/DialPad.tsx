import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import type { DeskState } from './desk-state.js';
import { Keypad } from './Keypad.js';
import type { DialBlock } from './view.js';

export interface DialPadProps {
  dial: DeskState['dial'];
  block: DialBlock;
  onInput: (text: string) => void;
  onKey: (key: string) => void;
  onBackspace: () => void;
  onDial: () => void;
}

/** The number field, a phone keypad and the call button. Enter in the field dials too. */
export function DialPad({ dial, block, onInput, onKey, onBackspace, onDial }: DialPadProps) {
  const { t } = useTranslation();
  const id = useId();
  const problem = dial.problem ?? null;
  const problemText =
    problem === 'invalid'
      ? t('softphone.dialpad.invalid')
      : problem === 'busy'
        ? t('softphone.dialpad.busy')
        : problem === 'not-registered'
          ? t('softphone.dialpad.notRegistered')
          : null;
  return (
    <form
      className="dialpad"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        onDial();
      }}
    >
      <h3 id={`${id}-title`} className="section-title">
        {t('softphone.dialpad.title')}
      </h3>
      <div className="dialpad__field">
        <label htmlFor={id} className="visually-hidden">
          {t('softphone.dialpad.input')}
        </label>
        <input
          id={id}
          className="dialpad__input"
          data-testid="dialpad-input"
          type="text"
          inputMode="tel"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('softphone.dialpad.placeholder')}
          value={dial.input}
          aria-invalid={problem === 'invalid'}
          aria-describedby={
            problemText ? `${id}-problem` : dial.fromLink ? `${id}-link` : undefined
          }
          onChange={(event) => onInput(event.target.value)}
        />
        {dial.input !== '' && (
          <button
            type="button"
            className="icon-button dialpad__backspace"
            aria-label={t('softphone.dialpad.backspace')}
            title={t('softphone.dialpad.backspace')}
            onClick={onBackspace}
          >
            <Icon name="backspace" />
          </button>
        )}
      </div>
      {problemText && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problemText}
        </p>
      )}
      {!problemText && dial.fromLink && (
        <p id={`${id}-link`} className="field-note" data-testid="dial-from-link">
          {t('softphone.dialpad.fromLink')}
        </p>
      )}
      <Keypad onKey={onKey} testIdPrefix="dialpad" />
      <button
        type="submit"
        className="button button--answer button--block"
        data-testid="dial"
        disabled={dial.input.trim() === '' || block === 'busy'}
      >
        <Icon name="phone" />
        {t('softphone.dialpad.dial')}
      </button>
      {block === 'not-registered' && !problemText && (
        <p className="field-hint">{t('softphone.dialpad.notRegistered')}</p>
      )}
    </form>
  );
}
